import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { bookVisit, insertTicket, logIn, PASSWORDS, seedAccounts } from './staff-harness.ts';

// Wednesday 2026-11-25, 10:00 in Shanghai.
const clock = fixedClock('2026-11-25T02:00:00Z');
let bot: TestServer;
let lingkou: string;
let lingkouOther: string;
let yufeng: string;

beforeAll(async () => {
  bot = await startTestServer({ STAFF_LOGIN_LIMIT_PER_MINUTE: '100' }, undefined, clock);
  await seedAccounts(bot);
  lingkou = await bookVisit(bot, clock.now(), { village: '岭口村', slot: { date: '2026-11-26', half: 'am' }, residentName: '岭口居民', phone: '13800001111' });
  yufeng = await bookVisit(bot, clock.now(), { village: '玉峰村', slot: { date: '2026-11-26', half: 'am' }, residentName: '玉峰居民', phone: '13800002222' });
  // Given to the B post of 岭口村: not chen's own resident.
  lingkouOther = await bookVisit(bot, clock.now(), { village: '岭口村', slot: { date: '2026-11-27', half: 'pm' }, residentName: '岭口另一位', phone: '13800003333' });
  await bot.admin('POST', `/api/v1/admin/visits/${lingkouOther}/reassign`, { agentId: 'lingkou-b' });
});
afterAll(async () => {
  await bot.close();
});

describe('role scoping, in one filter for pages and the admin API', () => {
  it('lists to a village agent only her village’s visits, on the page and in GET /api/v1/admin/visits', async () => {
    const { client } = await logIn(bot, 'chen', PASSWORDS.village);
    const visits = (await client.api('GET', '/api/v1/admin/visits')).body.visits as { id: string; village: string }[];
    expect(visits.map((v) => v.id).sort()).toEqual([lingkou, lingkouOther].sort());
    const page = await client.get('/staff/visits');
    expect(page.body).toContain(lingkou);
    expect(page.body).not.toContain(yufeng);
    expect(page.body).not.toContain('玉峰居民');
    const { client: town } = await logIn(bot, 'wangfang', PASSWORDS.town);
    expect(((await town.api('GET', '/api/v1/admin/visits')).body.visits as unknown[]).length).toBe(3);
  });

  it('answers a village agent asking for another village’s visit by id with 404, not 403', async () => {
    const { client } = await logIn(bot, 'chen', PASSWORDS.village);
    expect((await client.get(`/staff/visits/${yufeng}`)).statusCode).toBe(404);
    expect((await client.get('/staff/visits/V999999')).statusCode).toBe(404);
    const outcome = await client.api('POST', `/api/v1/admin/visits/${yufeng}/outcome`, { done: true, caseKind: '即办件' });
    expect(outcome.statusCode).toBe(404);
    expect((await client.post(`/staff/visits/${yufeng}/outcome`, { done: '1', caseKind: '即办件' })).statusCode).toBe(404);
    expect((await bot.server.visits.get(yufeng))!.status).toBe('booked');
  });

  it('shows a village agent her own residents’ phones in full and masks the rest until revealed, and audits the reveal', async () => {
    const { client } = await logIn(bot, 'chen', PASSWORDS.village);
    const visits = (await client.api('GET', '/api/v1/admin/visits')).body.visits as { id: string; phone: string }[];
    expect(visits.find((v) => v.id === lingkou)!.phone).toBe('13800001111');
    expect(visits.find((v) => v.id === lingkouOther)!.phone).toBe('138****33');
    const page = await client.get(`/staff/visits/${lingkouOther}`);
    expect(page.body).toContain('138****33');
    expect(page.body).not.toContain('13800003333');
    const revealed = await client.post(`/staff/visits/${lingkouOther}/reveal`, {});
    expect(revealed.body).toContain('13800003333');
    const audit = (await bot.admin('GET', '/api/v1/admin/audit')).body.events as { actor: string; action: string; target: string }[];
    expect(audit).toContainEqual(expect.objectContaining({ actor: 'chen', action: 'reveal', target: `visit:${lingkouOther}` }));
    const { client: county } = await logIn(bot, 'county', PASSWORDS.county);
    expect(((await county.api('GET', '/api/v1/admin/visits')).body.visits as { phone: string }[]).every((v) => v.phone.includes('****'))).toBe(true);
  });

  it('keeps reassignment and leave to the town: a village agent is refused and nothing changes', async () => {
    const { client } = await logIn(bot, 'chen', PASSWORDS.village);
    expect((await client.api('POST', `/api/v1/admin/visits/${lingkou}/reassign`, { agentId: 'lingkou-b' })).statusCode).toBe(403);
    expect((await client.api('POST', '/api/v1/admin/agents/lingkou-a/leave', { dates: ['2026-12-01'] })).statusCode).toBe(403);
    expect((await bot.server.visits.get(lingkou))!.agentId).toBe('lingkou-a');
  });

  it('offers for reassignment only agents free that half-day and refuses a busy one with a clear message', async () => {
    const { client } = await logIn(bot, 'wangfang', PASSWORDS.town);
    await bot.admin('POST', '/api/v1/admin/agents/lingkou-b/leave', { dates: ['2026-11-26'] });
    const page = await client.get(`/staff/visits/${lingkou}`);
    const options = [...page.body.matchAll(/<option value="([a-z0-9-]+)">/g)].map((m) => m[1]);
    expect(options).not.toContain('lingkou-b');
    expect(options).not.toContain('lingkou-a');
    expect(options).toContain('linzhai-a');
    const busy = await client.post(`/staff/visits/${lingkou}/reassign`, { agentId: 'lingkou-b' });
    expect(busy.statusCode).toBe(409);
    expect(busy.body).toContain('请假');
    expect((await bot.server.visits.get(lingkou))!.agentId).toBe('lingkou-a');
    const done = await client.post(`/staff/visits/${lingkou}/reassign`, { agentId: 'linzhai-a' });
    expect(done.statusCode).toBe(303);
    expect((await bot.server.visits.get(lingkou))!.agentId).toBe('linzhai-a');
    const audit = (await bot.admin('GET', '/api/v1/admin/audit')).body.events as { action: string; target: string; before: any; after: any }[];
    const entry = audit.find((e) => e.action === 'visit_reassign' && e.target === `visit:${lingkou}`)!;
    expect(entry.before.agentId).toBe('lingkou-a');
    expect(entry.after.agentId).toBe('linzhai-a');
  });

  it('refuses a 10,000-character note with a clear message and saves nothing; escapes HTML in a note', async () => {
    const { client } = await logIn(bot, 'chen', PASSWORDS.village);
    const long = await client.post(`/staff/visits/${lingkouOther}/outcome`, { done: '1', caseKind: '即办件', note: '长'.repeat(10_000) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('备注最多1000字');
    expect((await bot.server.visits.get(lingkouOther))!.status).toBe('booked');
    const noKind = await client.post(`/staff/visits/${lingkouOther}/outcome`, { done: '1', caseKind: '', note: '' });
    expect(noKind.body).toContain('办结的要选办件类型');
    const saved = await client.post(`/staff/visits/${lingkouOther}/outcome`, { done: '1', caseKind: '承诺件', note: '<script>alert(1)</script>材料齐' });
    expect(saved.statusCode).toBe(303);
    const page = await client.get(`/staff/visits/${lingkouOther}`);
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;');
    expect((await bot.server.visits.get(lingkouOther))!.outcome).toMatchObject({ done: true, caseKind: '承诺件' });
  });

  it('counts the month’s done visits per village against the tier target on 统计, with an SVG chart, within the scope', async () => {
    const { client } = await logIn(bot, 'chen', PASSWORDS.village);
    const page = await client.get('/staff/stats?month=2026-11');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<svg');
    expect(page.body).not.toContain('<td>玉峰村</td>');
    const row = /<tr><td>岭口村<\/td><td>示范型<\/td><td>2860<\/td><td>(\d+)<\/td><td>(\d+)<\/td>/.exec(page.body);
    expect(row?.slice(1)).toEqual(['1', '1']);
    expect(page.body).toContain('<td>承诺件</td><td>1</td>');
    const { client: town } = await logIn(bot, 'wangfang', PASSWORDS.town);
    expect((await town.get('/staff/stats')).body).toContain('<td>玉峰村</td>');
  });

  it('records the town’s follow-up of a 不满意 rating, tells the resident in her chat, and audits it', async () => {
    await bot.server.visits.rate(lingkouOther, '不满意', '等了很久', clock.now());
    const { client: chen } = await logIn(bot, 'chen', PASSWORDS.village);
    expect((await chen.post(`/staff/visits/${lingkouOther}/follow-up`, { visitNote: '已电话回访', fixNote: '', tell: '1' })).statusCode).toBe(403);
    const { client } = await logIn(bot, 'wangfang', PASSWORDS.town);
    expect((await client.get('/staff/')).body).toMatch(/<b>1<\/b>上门差评回访/);
    const empty = await client.post(`/staff/visits/${lingkouOther}/follow-up`, { visitNote: ' ', fixNote: '' });
    expect(empty.body).toContain('请写回访情况');
    const saved = await client.post(`/staff/visits/${lingkouOther}/follow-up`, { visitNote: '已电话回访，居民说等太久', fixNote: '代办员改为提前一天电话确认时间', tell: '1' });
    expect(saved.statusCode).toBe(303);
    expect((await client.get(`/staff/visits/${lingkouOther}`)).body).toContain('代办员改为提前一天电话确认时间（已告知居民）');
    const told = (await bot.inbox('resident-x')).map((m) => m.text).join('\n');
    expect(told).toContain('整改情况：代办员改为提前一天电话确认时间');
    expect(told).toContain('玉山镇便民服务中心 王芳');
    const audit = (await bot.admin('GET', '/api/v1/admin/audit')).body.events as { actor: string; action: string; target: string }[];
    expect(audit).toContainEqual(expect.objectContaining({ actor: 'wangfang', action: 'follow_up', target: `visit:${lingkouOther}` }));
  });

  it('scopes the complaint list and a ticket’s page the same way, and masks the contact for a village agent', async () => {
    await insertTicket(bot, 'T000801', '玉峰村');
    await insertTicket(bot, 'T000802', '岭口村');
    const { client } = await logIn(bot, 'wu', PASSWORDS.village);
    const complaints = (await client.api('GET', '/api/v1/admin/complaints')).body.complaints as { id: string; village: string }[];
    expect(complaints.map((c) => c.id)).toEqual(['T000801']);
    const list = await client.get('/staff/complaints');
    expect(list.body).toContain('T000801');
    expect(list.body).not.toContain('T000802');
    expect((await client.get('/staff/complaints/T000802')).statusCode).toBe(404);
    const page = await client.get('/staff/complaints/T000801');
    expect(page.body).toContain('139****34');
    expect(page.body).not.toContain('13900001234');
    expect((await client.post('/staff/complaints/T000801/reveal', {})).body).toContain('13900001234');
    // The admin API's unanswered questions are the town's and the county's.
    expect((await client.api('GET', '/api/v1/admin/unanswered')).statusCode).toBe(403);
  });
});
