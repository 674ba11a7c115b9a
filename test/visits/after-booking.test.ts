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

async function book(userId: string, details: string): Promise<string> {
  await bot.say(details, { userId });
  const booked = textOf(await bot.say('确认', { userId }));
  const id = /V\d{6}/.exec(booked)?.[0];
  if (!id) throw new Error(`not booked: ${booked}`);
  return id;
}

describe('after a booking', () => {
  it('tells the linked agent, reminds resident and agent once the day before with the materials, across a restart', async () => {
    expect((await bot.admin('PUT', '/api/v1/admin/agents/yufeng-a/link', { channel: 'web', chat: 'agent-wu', user: 'agent-wu' })).statusCode).toBe(200);
    const id = await book('r-remind', '我叫钱玉梅，电话13800007777，玉峰村3组，想约明天上午代办员上门办高龄津贴，我86岁');
    const notice = (await bot.inbox('agent-wu')).map((m) => m.text).join('\n');
    expect(notice).toContain(id);
    expect(await bot.inbox('r-remind')).toEqual([]);

    clock.set('2026-11-25T10:05:00Z'); // 18:05 in Shanghai, the evening before
    expect(await bot.server.reminders.tick()).toBe(1);
    await bot.restart();
    expect(await bot.server.reminders.tick()).toBe(0);
    const reminders = await bot.inbox('r-remind');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toContain('高龄津贴申领');
    expect(reminders[0]!.text).toContain('居民身份证');
    const agentReminder = (await bot.inbox('agent-wu')).map((m) => m.text).join('\n');
    expect(agentReminder).toContain(id);
    expect(await bot.inbox('r-remind')).toEqual([]);
    clock.set('2026-11-25T02:00:00Z');
  });

  it('lets the agent record the outcome by chat, then asks the resident to rate; 不满意 is flagged for 7 days', async () => {
    const id = await book('r-rate', '我叫郑月娥，电话13800008888，玉峰村9组，想约明天下午代办员上门办高龄津贴，我91岁');
    expect(textOf(await bot.say(`办结 ${id} 即办件 材料已递交镇民政窗口`, { userId: 'someone-else' }))).toContain('只有绑定了聊天的代办员');
    expect(textOf(await bot.say(`办结 ${id} 即办件 材料已递交镇民政窗口`, { userId: 'agent-wu' }))).toContain(`已登记：${id}`);
    const request = (await bot.inbox('r-rate')).find((m) => m.buttons?.length);
    expect(request?.text).toContain('满意');
    const unhappy = request!.buttons!.find((b) => b.label.includes('不满意'))!;
    expect(textOf(await bot.say(unhappy.value, { userId: 'r-rate' }))).toContain('很抱歉');
    expect(textOf(await bot.say('代办员来晚了两个小时', { userId: 'r-rate' }))).toContain('7天内');
    const listed = await bot.admin('GET', '/api/v1/admin/visits?followUp=true');
    const visit = listed.body.visits.find((v: { id: string }) => v.id === id);
    expect(visit.rating).toMatchObject({ grade: '不满意', comment: '代办员来晚了两个小时' });
    expect(visit.outcome).toMatchObject({ done: true, caseKind: '即办件' });
    expect(visit.followUpBy).toBe('2026-12-02');
    const monthly = await bot.admin('GET', '/api/v1/admin/visits/monthly?month=2026-11');
    expect(monthly.body.agents.find((a: { agentId: string }) => a.agentId === 'yufeng-a').handled).toBe(1);
  });

  it('lists agents from today in Shanghai, also just after midnight there', async () => {
    clock.set('2026-11-25T16:30:00Z'); // 00:30 on the 26th in Shanghai, still the 25th in UTC
    try {
      expect((await bot.admin('GET', '/api/v1/admin/agents')).body.from).toBe('2026-11-26');
    } finally {
      clock.set('2026-11-25T02:00:00Z');
    }
  });

  it('takes a bare number as the choice of a rating request the bot sent on its own', async () => {
    const id = await book('r-number', '我叫沈阿婆，电话13800006789，玉峰村6组，想约明天下午代办员上门办高龄津贴，我93岁');
    expect((await bot.admin('POST', `/api/v1/admin/visits/${id}/outcome`, { done: true, caseKind: '即办件' })).statusCode).toBe(200);
    const request = (await bot.inbox('r-number')).find((m) => m.buttons?.length)!;
    const number = request.buttons!.findIndex((b) => b.label.includes('基本满意')) + 1;
    expect(textOf(await bot.say(String(number), { userId: 'r-number' }))).toContain('谢谢您的评价');
    const listed = await bot.admin('GET', '/api/v1/admin/visits');
    expect(listed.body.visits.find((v: { id: string }) => v.id === id).rating).toMatchObject({ grade: '基本满意' });
  });

  it('takes a rating typed in words, with its comment, without asking again', async () => {
    const late = await book('r-typed', '我叫郑阿公，电话13800006790，玉峰村7组，想约明天下午代办员上门办高龄津贴，我88岁');
    await bot.admin('POST', `/api/v1/admin/visits/${late}/outcome`, { done: true, caseKind: '即办件' });
    expect(textOf(await bot.say('还行吧，就是来晚了一个钟头', { userId: 'r-typed' }))).toContain('谢谢您');
    const angry = await book('r-typed-2', '我叫冯阿婆，电话13800006791，玉峰村8组，想约明天下午代办员上门办高龄津贴，我90岁');
    await bot.admin('POST', `/api/v1/admin/visits/${angry}/outcome`, { done: true, caseKind: '即办件' });
    const reply = textOf(await bot.say('不满意，代办员态度很差，东西也没弄明白', { userId: 'r-typed-2' }));
    expect(reply).toContain('7天内');
    expect(reply).not.toContain('还有什么想说的');
    const visits = (await bot.admin('GET', '/api/v1/admin/visits')).body.visits as { id: string; rating: unknown }[];
    expect(visits.find((v) => v.id === late)!.rating).toMatchObject({ grade: '基本满意', comment: '还行吧，就是来晚了一个钟头' });
    expect(visits.find((v) => v.id === angry)!.rating).toMatchObject({ grade: '不满意', comment: '不满意，代办员态度很差，东西也没弄明白' });
  });

  it('books exactly the places left when fifty residents confirm at once, and offers the others other times', async () => {
    // 中湖村: its own agent (3 a half-day), her partner 林宅 A (3), then 岭口's demonstration
    // station (3 + 4): 13 places, 3 of them taken first, 10 left.
    const day = '下周三上午'; // 2 December: a day 中湖's station is open (Mon, Wed, Fri)
    for (let n = 0; n < 3; n++) {
      await book(`r-pre-${n}`, `我叫陈${'甲乙丙'[n]}，电话1380000${String(9000 + n)}，中湖村1组，想约${day}代办员上门办高龄津贴，我80岁`);
    }
    const users = Array.from({ length: 50 }, (_, n) => `r-rush-${n}`);
    for (const [n, userId] of users.entries()) {
      const summary = textOf(await bot.say(`我叫李${'零一二三四五六七八九'[n % 10]}${'甲乙丙丁戊'[Math.floor(n / 10)]}，电话139${String(10000000 + n)}，中湖村2组，想约${day}代办员上门办高龄津贴，我80岁`, { userId }));
      expect(summary).toContain('请核对');
    }
    const answers = await Promise.all(users.map((userId) => bot.say('确认', { userId })));
    const booked = answers.filter((a) => textOf(a).includes('预约成功'));
    const offered = answers.filter((a) => textOf(a).includes('约满了'));
    expect(booked).toHaveLength(10);
    expect(offered).toHaveLength(40);
    expect(offered.every((a) => (a.replies.at(-1)?.buttons?.length ?? 0) >= 2)).toBe(true);
    const load = await bot.admin('GET', '/api/v1/admin/visits?status=booked&from=2026-12-02&to=2026-12-02');
    const perAgent = new Map<string, number>();
    for (const v of load.body.visits) perAgent.set(v.agentId, (perAgent.get(v.agentId) ?? 0) + 1);
    const agents = (await bot.admin('GET', '/api/v1/admin/agents')).body.agents as { agentId: string; halfDayCapacity: number }[];
    for (const [agentId, count] of perAgent) {
      expect(count).toBeLessThanOrEqual(agents.find((a) => a.agentId === agentId)!.halfDayCapacity);
    }
    expect(load.body.visits).toHaveLength(13);
  });
});
