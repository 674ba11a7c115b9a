import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatHarness, type WechatHarness } from './wechat-harness.ts';

let wx: WechatHarness;
beforeAll(async () => {
  wx = await startWechatHarness({
    WECHAT_GROUPS: '岭口村村民群=岭口村,yufeng@chatroom=玉峰村',
    WECHAT_AUTO_ANSWER_GROUPS: 'yufeng@chatroom',
    WECHAT_FRIEND_KEYWORD: '办事',
  });
});
afterAll(async () => {
  await wx.close();
});

const texts = (sent: { text: string }[]) => sent.map((s) => s.text).join('\n');

describe('WeChat village groups', () => {
  it('answers a guide question with @ in an allow-listed group concisely, mentioning the asker', async () => {
    const asker = wx.person('wang-laobo', '王老伯');
    const lingkou = wx.group('lingkou@chatroom', '岭口村村民群', [asker]);
    const handled = await wx.say(asker, '老年证在哪里办，坐公交免费那个', { room: lingkou, mention: true });
    expect(handled.outcome).toBe('answered');
    expect(handled.sent).toHaveLength(1);
    const [answer] = handled.sent;
    expect(answer!.chat).toBe(lingkou.id);
    expect(answer!.text.startsWith('@王老伯')).toBe(true);
    expect(answer!.text).toContain('【老年人优待证办理】');
    expect(answer!.text).toMatch(/\n1\. /);
  });

  it('ignores chatter without @, and everything in a group that is not allow-listed', async () => {
    const villager = wx.person('li-ayi', '李阿姨');
    const lingkou = wx.group('lingkou-2@chatroom', '岭口村村民群', [villager]);
    const chatter = await wx.say(villager, '低保怎么申请', { room: lingkou });
    expect(chatter).toMatchObject({ outcome: 'ignored', reason: 'not addressed', sent: [] });
    const elsewhere = wx.group('market@chatroom', '菜市场拼单群', [villager]);
    const mentioned = await wx.say(villager, '低保怎么申请', { room: elsewhere, mention: true });
    expect(mentioned).toMatchObject({ outcome: 'ignored', reason: 'group not allow-listed', sent: [] });
  });

  it('treats a mention without text as a greeting and shows the menu as numbered lines', async () => {
    const villager = wx.person('zhao-shu', '赵叔');
    const lingkou = wx.group('lingkou-3@chatroom', '岭口村村民群', [villager]);
    const handled = await wx.say(villager, '', { room: lingkou, mention: true });
    expect(handled.outcome).toBe('answered');
    expect(texts(handled.sent)).toContain('1. 问办事指南');
  });

  it('answers a clear service question without @ in an auto-answer group, but not chit-chat', async () => {
    const villager = wx.person('chen-dashu', '陈大叔');
    const yufeng = wx.group('yufeng@chatroom', '玉峰村便民服务群', [villager]);
    const question = await wx.say(villager, '低保怎么申请', { room: yufeng });
    expect(question.outcome).toBe('answered');
    expect(question.sent[0]!.text.startsWith('@陈大叔')).toBe(true);
    expect(question.sent[0]!.text).toContain('【最低生活保障申请】');
    const chitchat = await wx.say(villager, '今天太阳真好，大家吃了没', { room: yufeng });
    expect(chitchat).toMatchObject({ outcome: 'ignored', sent: [] });
  });

  it('moves a booking begun in the group to the private chat, with no personal data in the group', async () => {
    const resident = wx.person('wu-xiuzhen', '吴秀珍');
    const lingkou = wx.group('lingkou-4@chatroom', '岭口村村民群', [resident]);
    const inGroup = await wx.say(resident, '我叫吴秀珍，电话13800006666，我想约代办员上门办高龄津贴', { room: lingkou, mention: true });
    expect(inGroup.sent.map((s) => s.chat)).toEqual([lingkou.id]);
    expect(texts(inGroup.sent)).toContain('私聊');
    expect(texts(inGroup.sent)).not.toContain('加我为好友');
    expect(await wx.deliverNotifications()).toBe(1);
    const privately = wx.sent.filter((s) => s.chat === resident.id);
    // The group's village is taken; eligibility comes before the address.
    expect(texts(privately)).not.toContain('哪个村');
    expect(texts(privately)).toContain('多大年纪');
    const steps = ['82', '3组', '明天上午'];
    let last = '';
    for (const step of steps) last = texts((await wx.say(resident, step)).sent);
    if (!last.includes('请核对')) last = texts((await wx.say(resident, '腿脚不便')).sent);
    expect(last).toContain('请核对');
    expect(last).toContain('13800006666');
    const booked = await wx.say(resident, '确认');
    expect(texts(booked.sent)).toMatch(/预约成功！编号V\d{6}/);
    const inTheGroup = texts(wx.sent.filter((s) => s.chat === lingkou.id));
    expect(inTheGroup).not.toMatch(/1380000/);
    expect(inTheGroup).not.toContain('吴秀珍，');
  });

  it('asks a resident who is not a friend to add the bot, and continues privately once the request is accepted', async () => {
    const stranger = wx.person('sun-meihua', '孙美华', { friend: false });
    const lingkou = wx.group('lingkou-5@chatroom', '岭口村村民群', [stranger]);
    const inGroup = await wx.say(stranger, '我要投诉，村里垃圾好几天没人清运，电话13800002222', { room: lingkou, mention: true });
    expect(texts(inGroup.sent)).toContain('请加我为好友后私聊（验证消息写"办事"');
    expect(texts(inGroup.sent)).not.toContain('13800002222');
    // Not a friend yet: the private continuation stays queued.
    expect(await wx.deliverNotifications()).toBe(0);
    expect(await wx.befriend(stranger, '你好')).toBe('declined');
    expect(await wx.befriend(stranger, '我是岭口村的，想办事')).toBe('accepted');
    expect(await wx.deliverNotifications()).toBe(1);
    expect(texts(wx.sent.filter((s) => s.chat === stranger.id))).toContain('12345');
    expect(await wx.deliverNotifications()).toBe(0);
  });

  it('sends personal replies asked for in a group to a friend privately, and withholds them from a stranger', async () => {
    const friend = wx.person('zhou-yulan', '周玉兰');
    const stranger = wx.person('qian-laoban', '钱老板');
    const lingkou = wx.group('lingkou-6@chatroom', '岭口村村民群', [friend, stranger]);
    await wx.say(friend, '我叫周玉兰，电话13800005555，岭口村7组，想约明天下午代办员上门办高龄津贴，我90岁');
    expect(texts((await wx.say(friend, '确认')).sent)).toContain('预约成功');
    const mine = await wx.say(friend, '我的预约', { room: lingkou, mention: true });
    expect(mine.sent.some((s) => s.chat === friend.id)).toBe(true);
    expect(texts(mine.sent.filter((s) => s.chat === lingkou.id))).toContain('已私聊发给您');
    // 钱老板 booked, then removed the bot from his friends.
    await wx.say(stranger, '我叫钱小宝，电话13800007777，岭口村2组，想约明天上午代办员上门办高龄津贴，我88岁');
    expect(texts((await wx.say(stranger, '确认')).sent)).toContain('预约成功');
    await wx.unfriend(stranger);
    const theirs = await wx.say(stranger, '我的预约', { room: lingkou, mention: true });
    expect(theirs.sent.map((s) => s.chat)).toEqual([lingkou.id]);
    expect(texts(theirs.sent)).toContain('不在群里发');
    expect(texts(theirs.sent)).toContain('请加我为好友后私聊');
  });

  it('tells the group nothing was sent privately when the direct message to a friend fails, and keeps personal data out', async () => {
    const friend = wx.person('wu-guihua', '吴桂花');
    const lingkou = wx.group('lingkou-9@chatroom', '岭口村村民群', [friend]);
    await wx.say(friend, '我叫吴桂花，电话13800006666，岭口村4组，想约明天下午代办员上门办高龄津贴，我85岁');
    expect(texts((await wx.say(friend, '确认')).sent)).toContain('预约成功');
    // WeChat refuses direct messages to her for now (a risk-control block, a network hiccup).
    const send = wx.puppet.messageSendText.bind(wx.puppet);
    wx.puppet.messageSendText = async (conversationId: string, text: string) => {
      if (conversationId === friend.id) throw new Error('wechat: sending to this contact is restricted');
      return send(conversationId, text);
    };
    try {
      const mine = await wx.say(friend, '我的预约', { room: lingkou, mention: true });
      expect(mine.sent.map((s) => s.chat)).toEqual([lingkou.id]);
      const inGroup = texts(mine.sent);
      expect(inGroup).not.toContain('已私聊发给您');
      expect(inGroup).toContain('不在群里发');
      expect(inGroup).not.toContain('13800006666');
    } finally {
      wx.puppet.messageSendText = send;
    }
  });

  it('never answers its own messages or official accounts', async () => {
    const official = wx.person('gh_news', '某某资讯', { type: 2 });
    const lingkou = wx.group('lingkou-7@chatroom', '岭口村村民群', [official]);
    expect(await wx.say(official, '低保怎么申请', { room: lingkou, mention: true })).toMatchObject({ outcome: 'ignored', reason: 'not a person', sent: [] });
    expect(await wx.say(wx.self, '低保怎么申请', { room: lingkou, mention: true })).toMatchObject({ outcome: 'ignored', reason: 'self', sent: [] });
    // Every message the bot sent came back to it as a message, and none was answered.
    const selfEvents = wx.events.filter((e) => e.type === 'message' && e.reason === 'self');
    expect(selfEvents.length).toBeGreaterThanOrEqual(wx.sent.length);
  });
});
