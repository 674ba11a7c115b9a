import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { browserMissing, launch, withScreenshots } from './browser.ts';

const missing = browserMissing();
if (missing) console.warn(missing);

const clock = fixedClock('2026-11-25T02:00:00Z');
const files = mkdtempSync(path.join(tmpdir(), 'cunban-page-photos-'));
let bot: TestServer;
let base: string;
let browser: Browser;
const open: Page[] = [];

/** A JPEG's first bytes, then filler: what the server reads a photo by. */
function photoFile(name: string, bytes: number): string {
  const file = path.join(files, name);
  writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(bytes - 4, 7)]));
  return file;
}

describe.skipIf(missing !== null)('the chat page in a browser', () => {
  beforeAll(async () => {
    bot = await startTestServer({}, undefined, clock);
    base = await bot.server.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    rmSync(files, { recursive: true, force: true });
  });

  it('sends photos for a report: uploaded, kept with the report, a text file refused in plain words', async () => {
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    open.push(page);
    await withScreenshots('chat-page-photos', () => open, async () => {
      await page.goto(base);
      await page.fill('#text', '我要反映问题，孔畈村村口的垃圾堆了一个月没人清');
      await page.click('form button');
      await page.waitForSelector('.msg.bot:has-text("也可以匿名反映")');
      await page.setInputFiles('#photos', [photoFile('a.jpg', 40_000), photoFile('b.jpg', 60_000)]);
      await page.waitForSelector('.msg.me:has-text("发了2张照片")');
      await page.waitForSelector('.msg.bot:has-text("收到2张照片")');
      const notPhoto = path.join(files, 'notes.txt');
      writeFileSync(notPhoto, '这不是照片'.repeat(20));
      await page.setInputFiles('#photos', [notPhoto]);
      await page.waitForSelector('.msg.bot:has-text("只能发照片")');
      await page.fill('#text', '匿名');
      await page.click('form button');
      await page.waitForSelector('.msg.bot:has-text("请核对")');
      await page.fill('#text', '确认');
      await page.click('form button');
      await page.waitForSelector('.msg.bot:has-text("编号T")');
      const ticket = await bot.server.db.selectFrom('tickets').select('attachments').executeTakeFirstOrThrow();
      expect(JSON.parse(ticket.attachments)).toHaveLength(2);
      expect(readdirSync(path.join(bot.dataDir, 'attachments'))).toHaveLength(2);
    });
  }, 60_000);
});
