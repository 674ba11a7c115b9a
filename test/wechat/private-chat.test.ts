import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { WECHAT_NOTICES } from '../../adapters/wechat/wechat-notices.ts';
import { startWechatHarness, type WechatHarness } from './wechat-harness.ts';

let wx: WechatHarness;
beforeAll(async () => {
  wx = await startWechatHarness({ WECHAT_GROUPS: '林宅村村民群=林宅村' });
});
afterAll(async () => {
  await wx.close();
});

const texts = (sent: { text: string }[]) => sent.map((s) => s.text).join('\n');
/** The first bytes of a JPEG, then filler: enough for the photo to be taken as one. */
const jpeg = (bytes: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(bytes - 4, 7)]);

describe('WeChat private chats', () => {
  it('files a complaint with a photo and ends with a ticket number', async () => {
    const resident = wx.person('lin-dage', '林大哥');
    const first = await wx.say(resident, '林宅村5组桥头的护栏断了，很危险');
    expect(first.sent.map((s) => s.chat)).toEqual([resident.id]);
    const photo = await wx.photo(resident, jpeg(64 * 1024), 'bridge.jpg');
    expect(photo.outcome).toBe('answered');
    expect(texts(photo.sent)).toContain('收到1张照片');
    let last = texts(photo.sent);
    for (const answer of ['今天', '匿名']) {
      if (last.includes('请核对')) break;
      last = texts((await wx.say(resident, answer)).sent);
    }
    expect(last).toContain('请核对');
    const filed = texts((await wx.say(resident, '确认')).sent);
    expect(filed).toMatch(/已记下，编号T\d{6}/);
    const id = /T\d{6}/.exec(filed)![0];
    const ticket = await wx.server.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(ticket.attachments)).toHaveLength(1);
    // Status changes come back to this private chat.
    expect(ticket).toMatchObject({ channel: 'wechat', chat: resident.id, user_id: resident.id, village: '林宅村' });
  });

  it('answers a guide question with the overview and its buttons as numbered lines, and the whole guide on "全部"', async () => {
    const resident = wx.person('fang-nainai', '方奶奶');
    const answer = await wx.say(resident, '低保怎么申请啊');
    const text = texts(answer.sent);
    expect(text).toContain('【最低生活保障申请】');
    expect(text).toContain('要带');
    expect(text).toMatch(/1[.．、]\s*材料/);
    expect(texts((await wx.say(resident, '全部')).sent)).toContain('需要带的材料');
  });

  it('says kindly that it reads only text and photos, privately, and stays silent about them in a group', async () => {
    const resident = wx.person('he-shushu', '何叔叔');
    const kinds = [types.Message.Audio, types.Message.Emoticon, types.Message.Attachment, types.Message.Location, types.Message.MiniProgram, types.Message.Url];
    for (const [n, type] of kinds.entries()) {
      const handled = await wx.other(wx.person(`he-${n}`, `何${n}`), type);
      expect(handled.outcome).toBe('unsupported');
      expect(texts(handled.sent)).toBe(WECHAT_NOTICES.unsupportedType);
    }
    // A burst from one person gets one notice, not one each.
    expect(texts((await wx.other(resident, types.Message.Emoticon)).sent)).toBe(WECHAT_NOTICES.unsupportedType);
    expect((await wx.other(resident, types.Message.Emoticon)).sent).toEqual([]);
    expect(await wx.other(resident, types.Message.Recalled)).toMatchObject({ outcome: 'ignored', sent: [] });
    expect(await wx.other(resident, types.Message.Unknown)).toMatchObject({ outcome: 'ignored', sent: [] });
    const linzhai = wx.group('linzhai@chatroom', '林宅村村民群', [resident]);
    expect(await wx.other(resident, types.Message.Audio, linzhai)).toMatchObject({ outcome: 'ignored', sent: [] });
  });

  it('ignores messages it sent itself from the phone', async () => {
    const handled = await wx.say(wx.self, '低保怎么申请');
    expect(handled).toMatchObject({ outcome: 'ignored', reason: 'self', sent: [] });
  });

  it('passes a photo it cannot take on as a message without it, and asks for words', async () => {
    const resident = wx.person('ye-ayi', '叶阿姨');
    const huge = await wx.photo(resident, jpeg(21 * 1024 * 1024), 'huge.jpg');
    expect(huge.outcome).toBe('answered');
    expect(texts(huge.sent)).toContain('想办什么事');
  });

  it('answers a 4,000-character message with a request to shorten it, not a crash', async () => {
    const resident = wx.person('long-writer', '话多的人');
    const handled = await wx.say(resident, '路灯'.repeat(2100));
    expect(texts(handled.sent)).toContain('太长');
  });
});
