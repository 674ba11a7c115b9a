import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, fixedClock, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { logIn, PASSWORDS, seedAccounts, staffClient } from './staff-harness.ts';

// Wednesday 2026-11-25, 10:00 in Shanghai.
const clock = fixedClock('2026-11-25T02:00:00Z');
let bot: TestServer;

beforeAll(async () => {
  bot = await startTestServer({ STAFF_IDLE_MINUTES: '30', STAFF_LOGIN_LIMIT_PER_MINUTE: '100' }, undefined, clock);
  await seedAccounts(bot);
});
afterAll(async () => {
  await bot.close();
});

const auditEvents = async () => (await bot.admin('GET', '/api/v1/admin/audit?limit=500')).body.events as { actor: string; action: string; target: string; after: any }[];

describe('staff accounts and sessions', () => {
  it('sends a visitor without a session from every page to the login form', async () => {
    for (const url of ['/staff/', '/staff/visits', '/staff/complaints', '/staff/handoffs']) {
      const answer = await staffClient(bot).get(url);
      expect(answer.statusCode, url).toBe(302);
      expect(answer.location, url).toMatch(/^\/staff\/login/);
    }
    const login = await staffClient(bot).get('/staff/login');
    expect(login.body).toContain('工作人员登录');
    expect(login.body).toContain('name="username"');
  });

  it('logs in with the right password into 工作台 and answers a wrong one with the login page again', async () => {
    const ok = await logIn(bot, 'wangfang', PASSWORDS.town);
    expect(ok.answer.statusCode).toBe(303);
    expect(ok.answer.location).toBe('/staff/');
    const home = await ok.client.get('/staff/');
    expect(home.body).toContain('工作台');
    expect(home.body).toContain('王芳');
    const wrong = await logIn(bot, 'wangfang', 'not-the-password');
    expect(wrong.answer.statusCode).toBe(401);
    expect(wrong.answer.body).toContain('用户名或密码不对');
    expect(wrong.client.cookies.has('cunban_staff')).toBe(false);
    const unknown = await logIn(bot, 'nobody', 'whatever-123');
    expect(unknown.answer.body).toContain('用户名或密码不对');
  });

  it('locks an account for 15 minutes after five wrong passwords in a row, even against the right one, and audits it', async () => {
    for (let i = 0; i < 4; i++) expect((await logIn(bot, 'wu', `wrong-${i}-password`, `10.1.0.${i}`)).answer.body).toContain('用户名或密码不对');
    const fifth = await logIn(bot, 'wu', 'wrong-5-password', '10.1.0.9');
    expect(fifth.answer.body).toContain('账号已锁定');
    const right = await logIn(bot, 'wu', PASSWORDS.village, '10.1.0.10');
    expect(right.answer.statusCode).toBe(401);
    expect(right.answer.body).toContain('账号已锁定');
    const events = await auditEvents();
    expect(events.filter((e) => e.actor === 'wu' && e.action === 'login_failed').length).toBeGreaterThanOrEqual(6);
    expect(events.some((e) => e.actor === 'wu' && e.action === 'lock')).toBe(true);
    clock.set('2026-11-25T02:16:00Z');
    expect((await logIn(bot, 'wu', PASSWORDS.village, '10.1.0.11')).answer.statusCode).toBe(303);
    expect((await auditEvents()).some((e) => e.actor === 'wu' && e.action === 'login')).toBe(true);
  });

  it('refuses a login and a form without the CSRF token or with a forged one, and changes nothing', async () => {
    const client = staffClient(bot);
    await client.get('/staff/login');
    const forged = await client.post('/staff/login', { username: 'wangfang', password: PASSWORDS.town, _csrf: 'forged' }, false);
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('登录页已过期');
    const { client: signedIn } = await logIn(bot, 'wangfang', PASSWORDS.town);
    const before = (await auditEvents()).length;
    const missing = await signedIn.post('/staff/agents/lingkou-a/leave', { date: '2026-11-30' }, false);
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('操作没有执行');
    const wrong = await signedIn.post('/staff/agents/lingkou-a/leave', { date: '2026-11-30', _csrf: 'x'.repeat(32) }, false);
    expect(wrong.statusCode).toBe(403);
    expect((await bot.server.visits.roster.leaveBetween('2026-11-30', '2026-11-30')).size).toBe(0);
    expect((await auditEvents()).length).toBe(before);
    // The JSON API with the cookie wants the session's token in X-CSRF-Token on a change.
    expect((await signedIn.api('POST', '/api/v1/admin/agents/lingkou-a/leave', { dates: ['2026-11-30'] }, false)).statusCode).toBe(403);
    expect((await signedIn.api('POST', '/api/v1/admin/agents/lingkou-a/leave', { dates: ['2026-11-30'] })).statusCode).toBe(200);
  });

  it('ends the sessions of a disabled account at once', async () => {
    const { client } = await logIn(bot, 'chen', PASSWORDS.village);
    expect((await client.get('/staff/visits')).statusCode).toBe(200);
    await bot.server.db.updateTable('staff_accounts').set({ active: 0 }).where('username', '=', 'chen').execute();
    expect((await client.get('/staff/visits')).statusCode).toBe(302);
    expect((await client.api('GET', '/api/v1/admin/visits')).statusCode).toBe(401);
    expect((await logIn(bot, 'chen', PASSWORDS.village)).answer.body).toContain('已停用');
    await bot.server.db.updateTable('staff_accounts').set({ active: 1 }).where('username', '=', 'chen').execute();
  });

  it('ends a session idle longer than STAFF_IDLE_MINUTES', async () => {
    const { client } = await logIn(bot, 'wangfang', PASSWORDS.town);
    clock.set('2026-11-25T02:40:00Z');
    expect((await client.get('/staff/')).statusCode).toBe(200);
    clock.set('2026-11-25T03:11:00Z');
    const expired = await client.get('/staff/');
    expect(expired.statusCode).toBe(302);
    expect(expired.location).toBe('/staff/login?expired=1');
    expect((await client.get('/staff/login?expired=1')).body).toContain('登录已过期');
  });

  it('shows the audit log to the county only, on its page and in GET /api/v1/admin/audit', async () => {
    const { client: county } = await logIn(bot, 'county', PASSWORDS.county);
    const page = await county.get('/staff/audit');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('审计日志');
    expect(page.body).toContain('账号锁定');
    const api = await county.api('GET', '/api/v1/admin/audit?limit=5');
    expect(api.statusCode).toBe(200);
    expect(api.body.events).toHaveLength(5);
    expect(Object.keys(api.body.events[0])).toEqual(expect.arrayContaining(['at', 'actor', 'action', 'target']));
    const { client: town } = await logIn(bot, 'wangfang', PASSWORDS.town);
    expect((await town.api('GET', '/api/v1/admin/audit')).statusCode).toBe(403);
    expect((await town.get('/staff/audit')).statusCode).toBe(403);
    const token = await bot.server.app.inject({ method: 'GET', url: '/api/v1/admin/audit', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(token.statusCode).toBe(200);
  });
});

describe('the login rate limit', () => {
  it('answers 429 to an address trying too often, while another address still logs in', async () => {
    const limited = await startTestServer({ STAFF_LOGIN_LIMIT_PER_MINUTE: '3' });
    try {
      await seedAccounts(limited);
      const client = staffClient(limited, '10.9.9.9');
      await client.get('/staff/login');
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        await client.get('/staff/login');
        codes.push((await client.post('/staff/login', { username: 'county', password: 'wrong-password-x' })).statusCode);
      }
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes[3]).toBe(429);
      expect((await logIn(limited, 'county', PASSWORDS.county, '10.9.9.10')).answer.statusCode).toBe(303);
    } finally {
      await limited.close();
    }
  });
});
