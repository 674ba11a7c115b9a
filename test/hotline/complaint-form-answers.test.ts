import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, startTestServer, type TestServer, textOf } from '../helpers/test-server.ts';

// Wednesday 2026-11-25, 10:00 in Shanghai.
const clock = fixedClock('2026-11-25T02:00:00Z');
let bot: TestServer;

beforeAll(async () => {
  bot = await startTestServer({}, undefined, clock);
});
afterAll(async () => {
  await bot.close();
});


describe('complaint form: every answer goes where it belongs', () => {
  it('answers a question asked at "since when", asks "since when" again, and takes a time', async () => {
    const [, , since, question, time, summary] = await bot.talk('cf-since', '村里路灯坏了', '玉峰村', '村口', '我家低保要带什么材料', '上个月', '匿名');
    expect(since).toContain('什么时候开始');
    expect(question).toContain('【最低生活保障申请】需要带的材料');
    expect(question).toContain('什么时候开始');
    expect(time).toContain('匿名');
    expect(summary).toContain('开始时间：上个月');
    expect(summary).not.toContain('低保');
  });

  it('takes vague times and "不清楚" as "since when"', async () => {
    for (const [user, answer] of [['cf-vague-1', '好久了'], ['cf-vague-2', '2月'], ['cf-vague-3', '三天了'], ['cf-vague-4', '不清楚']] as const) {
      const answers = await bot.talk(user, '村里路灯坏了', '玉峰村', '村口', answer);
      expect(answers[3]).toContain('匿名');
    }
  });

  it('reads the place in the report told after "我要反映个问题", as in a first message', async () => {
    const told = '就是我家后面那条水沟堵了 一下雨水就往屋里流 墙脚都泡烂了';
    const [, , asSecond] = await bot.talk('cf-content-second', '我要反映个问题', told, '珍溪村');
    const [, asFirst] = await bot.talk('cf-content-first', told, '珍溪村');
    expect(asFirst).not.toContain('具体在什么地方');
    expect(asSecond).not.toContain('具体在什么地方');
  });

  it('reads "上礼拜开始的" in the first message and asks nothing more', async () => {
    const [summary] = await bot.talk('cf-one', '我要投诉 村口的桥栏杆断了 玉峰村 上礼拜开始的 匿名');
    expect(summary).toContain('请核对');
    expect(summary).not.toContain('什么时候开始');
    expect(summary).toContain('开始时间：上礼拜');
    expect(summary).toContain('联系方式：匿名');
  });

  it('never takes a control word or a question as the place', async () => {
    const [, , ok, question, place] = await bot.talk('cf-place', '村里路灯坏了', '玉峰村', '好的', '你们什么时候来修？', '老张家门口');
    expect(ok).toContain('这一步要填"地点"');
    expect(ok).toContain('具体在什么地方');
    expect(question).toContain('具体在什么地方');
    expect(place).toContain('什么时候开始');
    const summary = (await bot.talk('cf-place', '三天了', '匿名'))[1]!;
    expect(summary).toContain('地点：老张家门口');
  });

  it('drops the report on "算了不弄了" and on "不反映了"', async () => {
    for (const [user, words] of [['cf-drop-1', '算了不弄了'], ['cf-drop-2', '不反映了']] as const) {
      const [, dropped, after] = await bot.talk(user, '村里路灯坏了', words, '我的投诉');
      expect(dropped).toContain('什么都没有提交');
      expect(after).not.toContain('T0');
    }
  });

  it('understands 时间 and 地方 in the change menu, and 确认 there files the report', async () => {
    const user = 'cf-menu';
    await bot.talk(user, '我们岭口村3组的路灯坏了一个多月没人修 匿名');
    expect((await bot.talk(user, '修改', '时间'))[1]).toContain('什么时候开始');
    expect((await bot.talk(user, '两个月了'))[0]).toContain('开始时间：两个月了');
    expect((await bot.talk(user, '修改', '地方'))[1]).toContain('具体在什么地方');
    expect((await bot.talk(user, '3组村口'))[0]).toContain('地点：3组村口');
    const [, filed] = await bot.talk(user, '修改', '确认');
    expect(filed).toMatch(/已记下，编号T\d{6}/);
  });
  it('takes "我家低保被取消了" as what happened, not as dropping the report', async () => {
    const userId = 'cf-cancelled';
    await bot.say('我要反映问题', { userId });
    const reply = textOf(await bot.say('我家低保被取消了', { userId }));
    expect(reply).not.toContain('什么都没有提交');
    expect(reply).toContain('哪个村');
  });
});
