import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT, resident, startTelegramHarness, texts, villageGroup, type TelegramHarness } from './telegram-harness.ts';
import type { SentMessage } from './bot-api-peer.ts';

let tg: TelegramHarness;
const group = villageGroup(-100500, '岭口村村民群');
const MENTION = `@${BOT.username}`;

beforeAll(async () => {
  tg = await startTelegramHarness();
});
afterAll(async () => {
  await tg.close();
});

/** A group message with the bot @-mentioned, marked the way Telegram marks it. */
function mentioning(text: string) {
  return { text: `${MENTION} ${text}`, entities: [{ type: 'mention', offset: 0, length: MENTION.length }] };
}

function deepLinks(messages: readonly SentMessage[]): string[] {
  return messages.flatMap((m) => (m.keyboard ?? []).flat()).flatMap((key) => ('url' in key && key.url ? [key.url] : []));
}

describe('a village group on Telegram (privacy mode)', () => {
  it('answers a question that @-mentions the bot, as a reply to the asker', async () => {
    const { user } = resident(2001, '王大哥');
    const sent = await tg.send(user, group, mentioning('低保怎么申请'));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((m) => m.chatId === String(group.id) && m.replyTo === tg.peer.lastMessageId)).toBe(true);
    expect(texts(sent)).toContain('【最低生活保障申请】');
  });

  it('knows the village of a mapped group: "我们村" needs no saying', async () => {
    const { user } = resident(2077, '钱大妈');
    await tg.send(user, group, mentioning('我要反映，我们村3组的路灯坏了好几天'));
    const privately = await tg.notify();
    const asked = texts(privately);
    expect(asked).not.toContain('哪个村');
    expect(asked).toContain('匿名');
  });

  it('stays silent on chatter, and on service questions nobody put to it', async () => {
    const { user } = resident(2002, '李二嫂');
    expect(await tg.say(user, group, '今天晚上村里放电影')).toEqual([]);
    expect(await tg.say(user, group, '低保怎么申请')).toEqual([]);
    const sticker = { file_id: 's1', file_unique_id: 's1u', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false };
    expect(await tg.send(user, group, { sticker })).toEqual([]);
    expect(await tg.say(user, group, '/help@SomeOtherBot')).toEqual([]);
  });

  it('answers a reply to its own message and a command addressed to it', async () => {
    const { user } = resident(2003, '赵大爷');
    const answer = (await tg.send(user, group, mentioning('低保怎么申请'))).at(-1)!;
    const followUp = await tg.send(user, group, {
      text: '要带什么材料',
      reply_to_message: { message_id: answer.messageId, date: 1, chat: group, from: { id: BOT.id, is_bot: true, first_name: 'Bot' }, text: answer.text },
    });
    expect(texts(followUp)).toContain('最低生活保障');
    const help = await tg.say(user, group, `/help@${BOT.username}`);
    expect(texts(help)).toContain('办事小助手');
  });

  it('answers a bare @mention, and a voice message replying to it, with a short friendly note', async () => {
    const { user } = resident(2008, '钱婶');
    const hello = await tg.send(user, group, { text: MENTION, entities: [{ type: 'mention', offset: 0, length: MENTION.length }] });
    expect(hello).toHaveLength(1);
    expect(hello[0]!.replyTo).toBe(tg.peer.lastMessageId);
    expect(hello[0]!.text).toContain('想办什么事');
    const voice = await tg.send(user, group, {
      voice: { file_id: 'v9', file_unique_id: 'v9u', duration: 4 },
      reply_to_message: { message_id: hello[0]!.messageId, date: 1, chat: group, from: { id: BOT.id, is_bot: true, first_name: 'Bot' } },
    });
    expect(texts(voice)).toContain('我只看得懂文字和图片');
  });

  it('moves a booking begun in the group to the private chat through a deep link, with no personal data in the group', async () => {
    const { user, dm } = resident(2004, '吴秀珍');
    tg.peer.neverStarted.add(user.id);
    const inGroup = await tg.send(user, group, mentioning('我叫吴秀珍，电话13800006666，我想约代办员上门办高龄津贴'));
    expect(inGroup.every((m) => m.chatId === String(group.id))).toBe(true);
    expect(texts(inGroup)).toContain('私聊');
    expect(deepLinks(inGroup)).toEqual([`https://t.me/${BOT.username}?start=continue`]);
    // Telegram refuses: the resident never opened the private chat. The question stays queued.
    expect(await tg.notify()).toEqual([]);

    tg.peer.neverStarted.delete(user.id);
    const opened = await tg.send(user, dm, { text: '/start continue', entities: [{ type: 'bot_command', offset: 0, length: 6 }] });
    expect(opened.every((m) => m.chatId === String(user.id))).toBe(true);
    // The group is 岭口村's: the village is known; eligibility comes before the address.
    expect(texts(opened)).not.toContain('哪个村');
    expect(texts(opened)).toContain('多大年纪');
    expect(texts(await tg.say(user, dm, '82'))).toContain('哪个组');

    const groupTexts = texts(tg.peer.sent(group.id));
    expect(groupTexts).not.toContain('13800006666');
    expect(groupTexts).not.toContain('吴秀珍');
  });

  it('sends a private answer asked for in the group to the private chat, with a neutral note in the group', async () => {
    const { user, dm } = resident(2005, '周玉兰');
    await tg.say(user, dm, '我叫周玉兰，电话13800005555，岭口村7组，想约明天下午代办员上门办高龄津贴，我90岁');
    const booked = texts(await tg.say(user, dm, '确认'));
    const visitId = /V\d{6}/.exec(booked)![0];

    const sent = await tg.send(user, group, mentioning('我的预约'));
    const inGroup = sent.filter((m) => m.chatId === String(group.id));
    const inPrivate = sent.filter((m) => m.chatId === String(user.id));
    expect(texts(inPrivate)).toContain(visitId);
    expect(texts(inGroup)).toContain('已私聊发给您');
    expect(texts(inGroup)).not.toContain(visitId);
  });

  it('holds a private answer for a resident who blocked the bot until they open the deep link, and for nobody else', async () => {
    const { user, dm } = resident(2006, '孙美华');
    await tg.say(user, dm, '我叫孙美华，电话13800004444，岭口村6组，想约明天上午代办员上门办高龄津贴，我88岁');
    const visitId = /V\d{6}/.exec(texts(await tg.say(user, dm, '确认')))![0];
    tg.peer.neverStarted.add(user.id);

    const inGroup = await tg.send(user, group, mentioning('我的预约'));
    expect(inGroup.every((m) => m.chatId === String(group.id))).toBe(true);
    expect(texts(inGroup)).toContain('不在群里发');
    expect(texts(inGroup)).not.toContain(visitId);
    expect(texts(inGroup)).not.toContain('13800004444');
    const [link] = deepLinks(inGroup);
    const payload = new URL(link!).searchParams.get('start')!;
    expect(payload).toMatch(/^p[\w-]+$/);

    const nosy = resident(2007, '好奇的邻居');
    const theirs = await tg.send(nosy.user, nosy.dm, { text: `/start ${payload}` });
    expect(texts(theirs)).toContain('我们在这里接着办');
    expect(texts(theirs)).not.toContain(visitId);

    tg.peer.neverStarted.delete(user.id);
    const mine = await tg.send(user, dm, { text: `/start ${payload}` });
    expect(mine.every((m) => m.chatId === String(user.id))).toBe(true);
    expect(texts(mine)).toContain(visitId);
  });
});

