import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

let bot: TestServer;
beforeAll(async () => {
  bot = await startTestServer();
});
afterAll(async () => {
  await bot.close();
});

describe('guide answers through the web channel', () => {
  it('answers a colloquial question in a private chat with a short overview naming the item, and the whole guide on "全部"', async () => {
    const answer = await bot.say('低保怎么申请啊', { userId: 'p1' });
    expect(answer.intent).toBe('guide');
    expect(answer.itemId).toBe('dibao');
    const text = answer.replies[0]!.text;
    expect(text).toContain('【最低生活保障申请】');
    expect(text).toContain('要带');
    expect(text).toContain('回复"全部"看完整指南');
    expect(text.split('\n').length).toBeLessThanOrEqual(10);
    const whole = (await bot.say('全部', { userId: 'p1' })).replies[0]!.text;
    expect(whole).toContain('办理条件');
    expect(whole).toContain('需要带的材料');
    expect(whole).toContain('办理流程');
  });

  it('answers in a group chat concisely, within about six lines, and says how to get the rest', async () => {
    const answer = await bot.say('老年证在哪里办，坐公交免费那个', { userId: 'g1', chatId: 'village-group', chatType: 'group', mentioned: true });
    expect(answer.itemId).toBe('laonian-youdaizheng');
    const text = answer.replies[0]!.text;
    expect(text).toContain('【老年人优待证办理】');
    expect(text.split('\n').length).toBeLessThanOrEqual(6);
    expect(text).toContain('私聊');
    expect(answer.replies[0]!.buttons?.map((b) => b.label)).toContain('材料');
  });

  it('stays silent in a group when not mentioned', async () => {
    const answer = await bot.say('低保怎么申请', { userId: 'g2', chatId: 'village-group', chatType: 'group', mentioned: false });
    expect(answer.replies).toEqual([]);
    expect(answer.intent).toBeNull();
  });

  it('answers the one section asked for', async () => {
    const answer = await bot.say('办残疾证要带什么材料', { userId: 'p2' });
    expect(answer.itemId).toBe('canjiren-zheng');
    expect(answer.replies[0]!.text).toContain('【残疾人证办理】需要带的材料');
    expect(answer.replies[0]!.text).not.toContain('办理流程');
  });

  it('answers follow-ups about the item in context', async () => {
    const user = { userId: 'p3' };
    expect((await bot.say('高龄津贴怎么领', user)).itemId).toBe('gaoling-jintie');
    const materials = await bot.say('要带什么', user);
    expect(materials.itemId).toBe('gaoling-jintie');
    expect(materials.replies[0]!.text).toContain('【高龄津贴申领】需要带的材料');
    const place = await bot.say('在哪办', user);
    expect(place.replies[0]!.text).toContain('【高龄津贴申领】办理地点');
    const time = await bot.say('多久能办好', user);
    expect(time.replies[0]!.text).toContain('【高龄津贴申领】承诺时限');
  });

  it('answers a menu number after a guide answer about the same item', async () => {
    const user = { userId: 'p4', chatId: 'village-group-2', chatType: 'group' as const };
    const first = await bot.say('社保卡丢了怎么补', user);
    expect(first.itemId).toBe('shebaoka-buhuan');
    const position = first.replies[0]!.buttons!.findIndex((b) => b.label === '流程') + 1;
    const steps = await bot.say(String(position), user);
    expect(steps.itemId).toBe('shebaoka-buhuan');
    expect(steps.replies[0]!.text).toContain('办理流程');
  });

  it('offers a numbered choice when two or three items fit, and answers the one chosen', async () => {
    const user = { userId: 'p5' };
    const choice = await bot.say('残疾人补贴', user);
    expect(choice.itemId).toBeNull();
    const labels = choice.replies[0]!.buttons!.map((b) => b.label);
    expect(labels).toEqual(expect.arrayContaining(['困难残疾人生活补贴申请', '重度残疾人护理补贴申请']));
    expect(labels.length).toBeLessThanOrEqual(3);
    const picked = await bot.say(String(labels.indexOf('重度残疾人护理补贴申请') + 1), user);
    expect(picked.itemId).toBe('canji-huli-butie');
    expect(picked.replies[0]!.text).toContain('【重度残疾人护理补贴申请】');
  });

  it('says plainly when it does not know, offers people and 12345, and logs the question for staff', async () => {
    const answer = await bot.say('猪圈的屋顶用什么瓦片比较好', { userId: 'p6' });
    expect(answer.itemId).toBeNull();
    const text = answer.replies[0]!.text;
    expect(text).toMatch(/没找到有把握的答案|帮不上忙/);
    const admin = await bot.server.app.inject({
      method: 'GET',
      url: '/api/v1/admin/unanswered',
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
    });
    const asked = await bot.say('村里的沼气池补助怎么申请', { userId: 'p6b' });
    expect(asked.itemId).toBeNull();
    expect(asked.replies[0]!.text).toContain('12345');
    const after = await bot.server.app.inject({
      method: 'GET',
      url: '/api/v1/admin/unanswered',
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
    });
    const before = (admin.json() as { questions: unknown[] }).questions.length;
    const questions = (after.json() as { questions: { question: string }[] }).questions;
    expect(questions.length).toBe(before + 1);
    expect(questions[0]!.question).toBe('村里的沼气池补助怎么申请');
  });

  it('answers an emergency at once with the emergency numbers', async () => {
    const answer = await bot.say('着火了，快来人', { userId: 'p7' });
    expect(answer.intent).toBe('emergency');
    expect(answer.replies[0]!.text).toContain('119');
    expect(answer.itemId).toBeNull();
  });

  it('puts an emergency before anything else, even mid-conversation', async () => {
    await bot.say('低保怎么申请', { userId: 'p8' });
    const answer = await bot.say('有人溺水了', { userId: 'p8' });
    expect(answer.intent).toBe('emergency');
    expect(answer.replies[0]!.text).toMatch(/120|110/);
  });

  it('shows a short menu for help, whose numbers work', async () => {
    const menu = await bot.say('你好', { userId: 'p9' });
    expect(menu.intent).toBe('help');
    expect(menu.replies[0]!.buttons!.length).toBeGreaterThanOrEqual(4);
    const first = await bot.say('1', { userId: 'p9' });
    expect(first.replies[0]!.text).toContain('低保要带什么材料');
  });

  it('starts a booking for a visit request and an intake for a complaint, with nothing filed before confirming', async () => {
    const visit = await bot.say('我妈走不动路，能不能让代办员上门办', { userId: 'p10' });
    expect(visit.intent).toBe('visit');
    expect(visit.replies.map((r) => r.text).join('\n')).toContain('办哪件事');
    expect((await bot.say('算了', { userId: 'p10' })).replies[0]!.text).toContain('什么都没有登记');
    const complaint = await bot.say('低保评得不公平，村干部优亲厚友', { userId: 'p10' });
    expect(complaint.intent).toBe('complaint');
    expect(complaint.replies.map((r) => r.text).join('\n')).toContain('哪个村');
    expect(complaint.replies.map((r) => r.text).join('\n')).not.toMatch(/编号T|已受理/);
    expect((await bot.say('算了', { userId: 'p10' })).replies[0]!.text).toContain('什么都没有提交');
    const status = await bot.say('我的投诉有结果了吗', { userId: 'p10' });
    expect(status.intent).toBe('status');
  });

  it('gives the village station when the village is known', async () => {
    const answer = await bot.say('我是岭口村的，找工作人员', { userId: 'p11' });
    expect(answer.intent).toBe('human');
    expect(answer.replies[0]!.text).toContain('岭口村山城管事之家');
  });

  it('answers out-of-scope chatter without an item', async () => {
    const answer = await bot.say('给我讲个笑话', { userId: 'p12' });
    expect(answer.intent).toBe('out_of_scope');
    expect(answer.itemId).toBeNull();
  });
});
