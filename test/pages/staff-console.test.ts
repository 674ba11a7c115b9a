import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { bookVisit, PASSWORDS, seedAccounts } from '../staff/staff-harness.ts';
import { rmSync } from 'node:fs';
import { browserMissing, launch, SCREENSHOTS, withScreenshots } from './browser.ts';

const missing = browserMissing();
if (missing) console.warn(missing);

// Wednesday 2026-11-25, 10:00 in Shanghai: the centre is open.
const clock = fixedClock('2026-11-25T02:00:00Z');
let bot: TestServer;
let base: string;
let browser: Browser;
const open: Page[] = [];
let lingkou: string;
let yufeng: string;

async function newPage(viewport = { width: 1366, height: 768 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  open.push(page);
  return { context, page };
}

async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${base}/staff/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button:has-text("登录")');
}

describe.skipIf(missing !== null)('the staff console in a browser', () => {
  beforeAll(async () => {
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    // The tests log in many times from one address: the per-address limit has its own test.
    bot = await startTestServer({ STAFF_LOGIN_LIMIT_PER_MINUTE: '100' }, undefined, clock);
    await seedAccounts(bot);
    lingkou = await bookVisit(bot, clock.now(), { village: '岭口村', slot: { date: '2026-11-26', half: 'am' }, residentName: '岭口居民', phone: '13800001111' });
    yufeng = await bookVisit(bot, clock.now(), { village: '玉峰村', slot: { date: '2026-11-26', half: 'am' }, residentName: '玉峰居民', phone: '13800002222' });
    const at = '2026-11-10T02:00:00.000Z';
    await bot.server.db
      .insertInto('tickets')
      .values({
        id: 'T000901', status: 'reopened', hotline_status: 'closed', ticket_no: '12345-1', type: '投诉', category: '城乡建设', subcategory: '市政设施',
        content: '路灯坏了一个多月', village: '岭口村', location: '3组村口', since_when: null, urgent: 0, contact_name: '李大妈', contact_phone: '13900001234',
        attachments: '[]', channel: 'web', chat: 'c-1', user_id: 'c-1', update_count: 0, reopen_count: 1, rating_grade: '不满意', rating_comment: null,
        follow_up_by: '2026-11-20', created_at: at, updated_at: at,
      })
      .execute();
    const address = await bot.server.app.listen({ port: 0, host: '127.0.0.1' });
    base = address;
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.close();
  });

  it('logs in, and locks an account after five wrong passwords', { timeout: 60_000 }, async () => {
    const { page } = await newPage();
    await withScreenshots('login and lockout', () => [page], async () => {
      for (let i = 1; i <= 5; i++) await logIn(page, 'wu', `wrong-password-${i}`);
      await expect.poll(() => page.textContent('.error')).toContain('账号已锁定');
      await logIn(page, 'wu', PASSWORDS.village);
      expect(await page.textContent('.error')).toContain('账号已锁定');
      await logIn(page, 'wangfang', PASSWORDS.town);
      await page.waitForURL(`${base}/staff/`);
      expect(await page.textContent('h1')).toBe('工作台');
      expect(await page.textContent('header')).toContain('王芳');
    });
  });

  it('shows a village agent only her village, on a phone-sized screen', { timeout: 60_000 }, async () => {
    const { page } = await newPage({ width: 390, height: 844 });
    await withScreenshots('village agent sees her village', () => [page], async () => {
      await logIn(page, 'chen', PASSWORDS.village);
      await page.waitForURL(`${base}/staff/`);
      await page.click('nav >> text=上门预约');
      const table = await page.textContent('table');
      expect(table).toContain(lingkou);
      expect(table).toContain('13800001111');
      expect(table).not.toContain(yufeng);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      const response = await page.goto(`${base}/staff/visits/${yufeng}`);
      expect(response!.status()).toBe(404);
      expect(await page.textContent('h1')).toBe('没有找到这个预约');
    });
  });

  it('reassigns a visit to an agent free that half-day, and puts an agent on leave', { timeout: 60_000 }, async () => {
    const { page } = await newPage();
    await withScreenshots('reassign and leave', () => [page], async () => {
      await logIn(page, 'wangfang', PASSWORDS.town);
      await page.waitForURL(`${base}/staff/`);
      await page.goto(`${base}/staff/visits/${lingkou}`);
      await page.selectOption('select[name=agentId]', 'lingkou-b');
      await page.click('button:has-text("改派")');
      expect(await page.textContent('.ok')).toContain('已改派');
      expect(await page.textContent('main')).toContain('代办员');
      expect((await bot.server.visits.get(lingkou))!.agentId).toBe('lingkou-b');

      await page.click('nav >> text=代办员');
      await page.fill('#agent-lingkou-a input[name=date]', '2026-11-30');
      await page.click('#agent-lingkou-a button:has-text("请假")');
      expect(await page.textContent('.ok')).toContain('请假已登记');
      expect(await page.textContent('#agent-lingkou-a .leave')).toContain('2026-11-30');
    });
  });

  it('records an outcome with its case kind, and refuses a 10,000-character note saying why', { timeout: 60_000 }, async () => {
    const { page } = await newPage();
    await withScreenshots('outcome', () => [page], async () => {
      await logIn(page, 'chen', PASSWORDS.village);
      await page.waitForURL(`${base}/staff/`);
      await page.goto(`${base}/staff/visits/${lingkou}`);
      await page.selectOption('select[name=caseKind]', '补办件');
      await page.fill('textarea[name=note]', '长'.repeat(10_000));
      await page.click('button:has-text("办结")');
      expect(await page.textContent('.error')).toContain('备注最多1000字');
      expect((await bot.server.visits.get(lingkou))!.status).toBe('booked');
      await page.fill('textarea[name=note]', '<img src=x onerror=alert(1)>户口本下周补');
      await page.click('button:has-text("办结")');
      expect(await page.textContent('.ok')).toContain('结果已记录');
      expect(await page.textContent('main')).toContain('已办结·补办件：<img src=x onerror=alert(1)>户口本下周补');
      expect(await page.locator('main img').count()).toBe(0);
    });
  });

  it('shows a reopened complaint’s deadline in working days, overdue first', { timeout: 60_000 }, async () => {
    const { page } = await newPage();
    await withScreenshots('reopened complaint', () => [page], async () => {
      await logIn(page, 'wangfang', PASSWORDS.town);
      await page.waitForURL(`${base}/staff/`);
      await page.click('nav >> text=诉求工单');
      const first = page.locator('tbody tr').first();
      expect(await first.textContent()).toContain('T000901');
      expect(await first.textContent()).toMatch(/2026-11-\d\d（超期\d+个工作日）/);
      await page.click('text=T000901');
      expect(await page.textContent('main')).toContain('7个工作日');
      expect(await page.textContent('main')).toContain('李大妈 13900001234');
    });
  });

  it('hands a resident to a person: claim, reply, the resident sees it in her chat, release', { timeout: 90_000 }, async () => {
    const { page: resident } = await newPage({ width: 390, height: 844 });
    const { page: staff } = await newPage();
    await withScreenshots('handoff', () => [resident, staff], async () => {
      await resident.goto(`${base}/`);
      await resident.waitForFunction(() => (document.getElementById('log')?.textContent ?? '').length > 0);
      const asked = Date.now();
      await resident.fill('#text', '我是岭口村的，找人工');
      await resident.press('#text', 'Enter');
      await expect.poll(() => resident.textContent('#log')).toContain('已为您转人工');

      await logIn(staff, 'wangfang', PASSWORDS.town);
      await staff.waitForURL(`${base}/staff/`);
      await staff.click('nav >> text=人工服务');
      await staff.click('tbody tr >> nth=0 >> a');
      await staff.click('button:has-text("接手")');
      expect(await staff.textContent('.ok')).toContain('已接手');
      await staff.fill('textarea[name=text]', '您好，我是镇便民服务中心王芳，请问要办什么？');
      await staff.click('button:has-text("发送")');
      const sent = Date.now();
      expect(await staff.textContent('.ok')).toContain('已发送');
      await expect.poll(() => resident.textContent('#log'), { timeout: 15_000 }).toContain('王芳】您好，我是镇便民服务中心王芳');
      const firstReplyMs = Date.now() - asked;
      console.log(`first handoff reply: in the resident's chat ${firstReplyMs} ms after she asked, ${Date.now() - sent} ms after staff pressed 发送`);

      // While staff hold it, the bot says nothing; her words appear in the staff's conversation (htmx polling).
      await resident.fill('#text', '我想办高龄补贴');
      await resident.press('#text', 'Enter');
      await expect.poll(() => staff.textContent('#conversation'), { timeout: 10_000 }).toContain('我想办高龄补贴');
      expect(await resident.textContent('#log')).not.toContain('高龄津贴申领');

      await staff.click('button:has-text("放回队列")');
      expect(await staff.textContent('.ok')).toContain('已放回队列');
      await expect.poll(() => resident.textContent('#log'), { timeout: 15_000 }).toContain('工作人员暂时离开');
    });
  });

  it('renders every page at 1366×768 and on a phone (screenshots in test-results/pages/)', { timeout: 90_000 }, async () => {
    const { page: desk } = await newPage();
    const { page: phone } = await newPage({ width: 390, height: 844 });
    await withScreenshots('every page', () => [desk, phone], async () => {
      const { mkdirSync } = await import('node:fs');
      const { SCREENSHOTS } = await import('./browser.ts');
      mkdirSync(SCREENSHOTS, { recursive: true });
      await logIn(desk, 'county', PASSWORDS.county);
      await desk.waitForURL(`${base}/staff/`);
      await logIn(phone, 'chen', PASSWORDS.village);
      await phone.waitForURL(`${base}/staff/`);
      const handoff = (await bot.admin('GET', '/api/v1/admin/handoffs')).body.handoffs[0].id as string;
      const pages = { dashboard: '/staff/', visits: '/staff/visits', visit: `/staff/visits/${lingkou}`, complaints: '/staff/complaints', complaint: '/staff/complaints/T000901', handoffs: '/staff/handoffs', handoff: `/staff/handoffs/${handoff}`, agents: '/staff/agents', stats: '/staff/stats', audit: '/staff/audit' };
      for (const [name, url] of Object.entries(pages)) {
        for (const [device, page] of [['desk', desk], ['phone', phone]] as const) {
          if (device === 'phone' && name === 'audit') continue;
          const response = await page.goto(`${base}${url}`);
          expect(response!.status(), `${device} ${url}`).toBeLessThan(500);
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${device} ${url} fits the width`).toBe(true);
          await page.screenshot({ path: `${SCREENSHOTS}/console-${name}-${device}.png`, fullPage: true });
        }
      }
    });
  });
});
