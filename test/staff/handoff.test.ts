import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, fixedClock, startTestServer, textOf, type TestServer } from '../helpers/test-server.ts';
import { logIn, PASSWORDS, seedAccounts } from './staff-harness.ts';

// Wednesday 2026-11-25, 10:00 in Shanghai: the centre is open.
const clock = fixedClock('2026-11-25T02:00:00Z');
let bot: TestServer;

beforeAll(async () => {
  bot = await startTestServer({ STAFF_LOGIN_LIMIT_PER_MINUTE: '100' }, undefined, clock);
  await seedAccounts(bot);
});
afterAll(async () => {
  await bot.close();
});

const handoffs = async () => (await bot.admin('GET', '/api/v1/admin/handoffs')).body.handoffs as { id: string; status: string; channel: string; village: string | null; lastText: string; createdAt: string; waitSeconds: number | null }[];

describe('the human handoff', () => {
  it('puts a resident who asks for a person into the inbox and tells her who answers and when', async () => {
    await bot.admin('PUT', '/api/v1/admin/agents/lingkou-a/link', { channel: 'web', chat: 'agent-chen', user: 'agent-chen' });
    const answer = await bot.say('我是岭口村的，找人工', { userId: 'h-1' });
    expect(answer.intent).toBe('human');
    expect(textOf(answer)).toContain('已为您转人工');
    expect(textOf(answer)).toContain('岭口村山城管事之家');
    expect(textOf(answer)).toContain('上班时间');
    const list = await handoffs();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: 'waiting', channel: 'web', village: '岭口村', lastText: '我是岭口村的，找人工' });
    expect(list[0]!.createdAt).toBe('2026-11-25T02:00:00.000Z');
    expect((await bot.inbox('agent-chen')).map((m) => m.text).join('\n')).toContain(`有居民找人工（${list[0]!.id}）`);
    // Asked again: still one.
    expect(textOf(await bot.say('我要跟工作人员说', { userId: 'h-1' }))).toContain('已经在为您转人工');
    expect(await handoffs()).toHaveLength(1);
  });

  it('still gives the numbers, without a handoff, to a resident who asks for a phone number', async () => {
    const answer = await bot.say('我们村代办员电话多少', { userId: 'h-numbers' });
    expect(answer.intent).toBe('human');
    expect(textOf(answer)).toContain('便民服务中心');
    expect((await handoffs()).some((h) => h.lastText.includes('电话多少'))).toBe(false);
  });

  it('says when the office opens and names 12345 out of hours', async () => {
    clock.set('2026-11-25T13:00:00Z'); // 21:00
    const answer = textOf(await bot.say('转人工', { userId: 'h-night' }));
    expect(answer).toContain('不在上班时间');
    expect(answer).toContain('12345');
    clock.set('2026-11-25T02:00:00Z');
  });

  it('lets one of two staff claiming at once win, the bot stays quiet while she holds it, her reply reaches the resident, and close hands back', async () => {
    const id = (await handoffs()).find((h) => h.lastText.includes('工作人员说'))!.id;
    const { client: chen } = await logIn(bot, 'chen', PASSWORDS.village);
    const { client: wang } = await logIn(bot, 'wangfang', PASSWORDS.town);
    const [a, b] = await Promise.all([chen.api('POST', `/api/v1/admin/handoffs/${id}/claim`), wang.api('POST', `/api/v1/admin/handoffs/${id}/claim`)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const winner = a.statusCode === 200 ? chen : wang;
    const loser = a.statusCode === 200 ? wang : chen;
    const winnerName = a.statusCode === 200 ? '陈秀英' : '王芳';

    const quiet = await bot.say('低保怎么申请', { userId: 'h-1' });
    expect(quiet.replies).toEqual([]);
    const emergency = await bot.say('着火了！快来人', { userId: 'h-1' });
    expect(textOf(emergency)).toContain('119');

    expect((await loser.api('POST', `/api/v1/admin/handoffs/${id}/reply`, { text: '我来' })).statusCode).toBe(409);
    await winner.get(`/staff/handoffs/${id}`);
    const long = await winner.post(`/staff/handoffs/${id}/reply`, { text: '长'.repeat(10_000) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('回复最多2000字');
    expect(await bot.inbox('h-1')).toEqual([]);
    clock.set('2026-11-25T02:01:30Z');
    const sent = await winner.api('POST', `/api/v1/admin/handoffs/${id}/reply`, { text: '您好，低保要带身份证和户口本，<b>我</b>明天上门。' });
    expect(sent.statusCode).toBe(200);
    expect(sent.body.handoff.waitSeconds).toBe(90);
    const inbox = await bot.inbox('h-1');
    expect(inbox.map((m) => m.text).join('\n')).toContain(`${winnerName}】您好，低保要带身份证和户口本`);

    const page = await winner.get(`/staff/handoffs/${id}`);
    expect(page.body).toContain('低保怎么申请');
    expect(page.body).toContain('&lt;b&gt;我&lt;/b&gt;');
    expect(page.body).not.toContain('<b>我</b>');

    expect((await bot.server.app.inject({ method: 'POST', url: `/api/v1/admin/handoffs/${id}/close`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).statusCode).toBe(200);
    expect(textOf(await bot.say('低保怎么申请', { userId: 'h-1' }))).toContain('低保');
    const closedReply = await winner.api('POST', `/api/v1/admin/handoffs/${id}/reply`, { text: '还有一件事' });
    expect(closedReply.statusCode).toBe(409);
    expect(closedReply.body.error.message).toContain('已经结束');
    expect((await bot.inbox('h-1')).map((m) => m.text).join('\n')).toContain('人工服务已结束');
  });

  it('scopes the inbox: a village agent sees her village’s handoffs only, and another village’s by id is 404', async () => {
    await bot.say('我是玉峰村的，我要找人工', { userId: 'h-yufeng' });
    const { client: chen } = await logIn(bot, 'chen', PASSWORDS.village);
    const seen = (await chen.api('GET', '/api/v1/admin/handoffs')).body.handoffs as { id: string; village: string }[];
    expect(seen.every((h) => h.village === '岭口村')).toBe(true);
    const other = (await handoffs()).find((h) => h.village === '玉峰村')!;
    expect((await chen.api('GET', `/api/v1/admin/handoffs/${other.id}`)).statusCode).toBe(404);
    expect((await chen.api('POST', `/api/v1/admin/handoffs/${other.id}/claim`)).statusCode).toBe(404);
  });
});
