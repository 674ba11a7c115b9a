import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueNotification } from '../../src/notify/notification-outbox.ts';
import { resident, startTelegramHarness, texts, type TelegramHarness } from './telegram-harness.ts';

let tg: TelegramHarness;

beforeAll(async () => {
  tg = await startTelegramHarness();
});
afterAll(async () => {
  await tg.close();
});

const ONE_MESSAGE = '我叫张桂兰，电话13800001234，岭口村3组，想约明天上午代办员上门办高龄津贴，我82岁腿脚不便';
const COMPLAINT = '我们岭口村3组的路灯坏了一个多月没人修，我叫陈大伯，电话13800001111';

describe('a resident in a private Telegram chat', () => {
  it('asks how to apply for 低保 and gets the guide, naming the item', async () => {
    const { user, dm } = resident(1001, '王大妈');
    const sent = await tg.say(user, dm, '低保怎么申请');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((m) => m.chatId === '1001' && m.replyTo === undefined)).toBe(true);
    expect(texts(sent)).toContain('【最低生活保障申请】');
  });

  it('books a home visit in one message and confirms it by tapping the summary’s 确认 button', async () => {
    const { user, dm } = resident(1002, '张桂兰');
    const summary = (await tg.say(user, dm, ONE_MESSAGE)).at(-1)!;
    expect(summary.text).toContain('请核对');
    for (const part of ['高龄津贴申领', '张桂兰', '13800001234', '岭口村', '11月26日（周四）', '上午']) expect(summary.text).toContain(part);
    const keys = summary.keyboard!.flat();
    expect(keys.map((k) => k.text)).toEqual(['确认', '修改', '取消']);
    const confirm = keys[0] as { text: string; callback_data: string };
    expect(confirm.callback_data).toBe('确认');

    const answeredBefore = tg.peer.calls.filter((c) => c.method === 'answerCallbackQuery').length;
    const booked = await tg.tap(user, dm, summary, confirm.callback_data);
    expect(texts(booked)).toMatch(/预约成功！编号V\d{6}/);
    expect(booked.every((m) => m.chatId === '1002')).toBe(true);
    expect(tg.peer.calls.filter((c) => c.method === 'answerCallbackQuery').length).toBe(answeredBefore + 1);
    const visits = await tg.server.db.selectFrom('visits').selectAll().where('phone', '=', '13800001234').execute();
    expect(visits).toHaveLength(1);
  });

  it('files a complaint: summary, a typed 确认, and the ticket number', async () => {
    const { user, dm } = resident(1003, '陈大伯');
    const summary = texts(await tg.say(user, dm, COMPLAINT));
    for (const part of ['路灯坏了', '岭口村', '陈大伯', '13800001111']) expect(summary).toContain(part);
    expect(texts(await tg.say(user, dm, '确认'))).toMatch(/已记下，编号T\d{6}/);
  });

  it('keeps a photo sent with a complaint: fetched through getFile and filed with the ticket', async () => {
    const { user, dm } = resident(1004, '林大姐');
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200_000, 7)]);
    const photo = tg.peer.uploadPhoto(jpeg);
    const first = texts(await tg.send(user, dm, { photo, caption: '林宅村5组桥头的护栏断了，很危险' }));
    expect(first).toContain('收到1张照片');
    expect(tg.peer.calls.some((c) => c.method === 'getFile' && c.body.file_id === photo.at(-1)!.file_id)).toBe(true);
    await tg.say(user, dm, '今天');
    await tg.say(user, dm, '匿名');
    const filed = texts(await tg.say(user, dm, '确认'));
    const id = /T\d{6}/.exec(filed)![0];
    const ticket = await tg.server.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const attachments = JSON.parse(ticket.attachments) as { size: number }[];
    expect(attachments).toHaveLength(1);
    expect(attachments[0]!.size).toBe(jpeg.length);
  });

  it('still reads the caption when a photo cannot be fetched, and says so when there are no words', async () => {
    const { user, dm } = resident(1005, '李叔');
    const lost = [{ file_id: 'gone', file_unique_id: 'gone-u', width: 800, height: 600, file_size: 1000 }];
    const withWords = texts(await tg.send(user, dm, { photo: lost, caption: '低保怎么申请' }));
    expect(withWords).toContain('【最低生活保障申请】');
    expect(withWords).toContain('图片我没能收到');
    expect(texts(await tg.send(user, dm, { photo: lost }))).toContain('图片我没能收到');
  });

  it('answers the commands /start, /help, /status and /cancel in words the engine knows', async () => {
    const { user, dm } = resident(1006, '赵奶奶');
    const start = await tg.send(user, dm, { text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] });
    expect(texts(start)).toContain('办事小助手');
    const help = await tg.say(user, dm, '/help');
    expect(help.at(-1)!.keyboard!.flat().length).toBeGreaterThan(2);
    expect(texts(await tg.say(user, dm, '/status'))).toContain('还没有通过我预约');
    await tg.say(user, dm, '我想预约代办员上门办高龄津贴');
    expect(texts(await tg.say(user, dm, '/cancel'))).toContain('什么都没有登记');
  });

  it('tells the resident it reads only words and pictures when sent a sticker, a voice message or a place', async () => {
    const sticker = { file_id: 's1', file_unique_id: 's1u', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false };
    const sun = resident(1007, '孙伯');
    expect(texts(await tg.send(sun.user, sun.dm, { sticker }))).toContain('我只看得懂文字和图片');
    // A burst of stickers from one person gets one notice, not one each.
    expect(await tg.send(sun.user, sun.dm, { sticker })).toEqual([]);
    const voice = resident(1017, '孙婶');
    expect(texts(await tg.send(voice.user, voice.dm, { voice: { file_id: 'v1', file_unique_id: 'v1u', duration: 3 } }))).toContain('我只看得懂文字和图片');
    const place = resident(1027, '孙叔');
    expect(texts(await tg.send(place.user, place.dm, { location: { latitude: 29.1, longitude: 118.2 } }))).toContain('我只看得懂文字和图片');
  });

  it('treats a forwarded message as text', async () => {
    const { user, dm } = resident(1008, '周婶');
    const forwarded = { text: '低保怎么申请', forward_origin: { type: 'hidden_user', sender_user_name: '邻居', date: 1 } };
    expect(texts(await tg.send(user, dm, forwarded))).toContain('【最低生活保障申请】');
  });

  it('asks for a shorter message when sent more than 4,000 characters', async () => {
    const { user, dm } = resident(1009, '吴伯');
    expect(texts(await tg.say(user, dm, '路灯'.repeat(2100)))).toContain('太长');
  });

  it('sends queued notifications through the channel, and keeps them queued while Telegram is unreachable', async () => {
    const to = { channel: 'telegram' as const, chat: '1010', user: '1010' };
    await enqueueNotification(tg.server.db, to, [{ text: '明天上午代办员上门，请备好身份证。', private: true }]);
    tg.peer.unreachable = true;
    try {
      expect(await tg.notify()).toEqual([]);
    } finally {
      tg.peer.unreachable = false;
    }
    const delivered = await tg.notify();
    expect(delivered.map((m) => [m.chatId, m.text])).toEqual([['1010', '明天上午代办员上门，请备好身份证。']]);
    expect(await tg.notify()).toEqual([]);
  });
});
