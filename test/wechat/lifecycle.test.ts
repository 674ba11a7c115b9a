import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { PuppetMock } from 'wechaty-puppet-mock';
import { createWechatChannel } from '../../adapters/wechat/wechat-channel.ts';
import { parseConfig } from '../../src/config.ts';
import { enqueueNotification } from '../../src/notify/notification-outbox.ts';
import { startWechatHarness, type WechatHarness } from './wechat-harness.ts';

/** A pino logger whose lines the test can read. */
function capturingLogger() {
  const lines: { level: number; msg: string; alert?: string; qrcodeUrl?: string }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const until = async (check: () => boolean, timeoutMs = 5000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('the WeChat login lifecycle', () => {
  let wx: WechatHarness;
  const log = capturingLogger();
  const drawings: string[] = [];
  beforeAll(async () => {
    wx = await startWechatHarness({}, { logger: log.logger, printQr: (drawing) => drawings.push(drawing) });
  });
  afterAll(async () => {
    await wx.close();
  });

  it('alerts staff on logout, reconnects, shows the QR code, and delivers what queued meanwhile once', async () => {
    const resident = wx.person('ma-dashen', '马大婶');
    expect(wx.channel.status()).toMatchObject({ state: 'online', account: { id: 'cunban-bot', name: '办事小助手' } });

    await wx.puppet.logout();
    await wx.waitForState('offline');
    expect(log.lines.find((l) => l.alert === 'wechat_logged_out')?.level).toBe(50);

    // Queued while logged out: the channel refuses, the outbox keeps it.
    await enqueueNotification(wx.server.db, { channel: 'wechat', chat: resident.id, user: resident.id }, [{ text: '您的预约明天上午，代办员会上门。' }]);
    await expect(wx.channel.send({ channel: 'wechat', chat: resident.id, user: resident.id }, [{ text: 'x' }])).rejects.toThrow(/not logged in/);
    expect(await wx.deliverNotifications()).toBe(0);

    // The backoff restarts the puppet, which asks for a scan.
    await wx.waitForState('starting');
    wx.mocker.scan('https://login.weixin.qq.com/l/test-code', types.ScanStatus.Waiting);
    await wx.waitForState('waiting-for-scan');
    expect(drawings.length).toBeGreaterThan(0);
    expect(wx.channel.status().qrcodeUrl).toContain(encodeURIComponent('https://login.weixin.qq.com/l/test-code'));
    expect(log.lines.find((l) => l.alert === 'wechat_scan_needed')?.qrcodeUrl).toBe(wx.channel.status().qrcodeUrl);

    wx.mocker.login(wx.self);
    await wx.waitForState('online');
    expect(wx.channel.status().reconnectAttempts).toBe(0);
    await wx.server.db.updateTable('notifications').set({ next_attempt_at: null }).execute();
    expect(await wx.deliverNotifications()).toBe(1);
    expect(await wx.deliverNotifications()).toBe(0);
    expect(wx.sent.filter((s) => s.chat === resident.id).map((s) => s.text)).toEqual(['您的预约明天上午，代办员会上门。']);
  });
});

describe('starting the WeChat channel', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cunban-wechat-start-'));
  const config = parseConfig({ LOG_LEVEL: 'silent', WECHATY_PUPPET: 'wechaty-puppet-mock', DATA_DIR: dataDir });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('retries a puppet that fails to start, with backoff, instead of taking the server down', async () => {
    // A puppet whose start fails twice (a puppet service not reachable yet), then works.
    class FlakyPuppet extends PuppetMock {
      failures = 2;
      constructor() {
        super();
        const start = this.start.bind(this);
        this.start = async () => {
          if (this.failures-- > 0) throw new Error('puppet service unreachable');
          return start();
        };
      }
    }
    const log = capturingLogger();
    const channel = createWechatChannel({ config, logger: log.logger, puppet: new FlakyPuppet(), reconnect: { baseMs: 10, maxMs: 40 } });
    await channel.start(async () => ({ chat: [], private: [] }));
    await until(() => log.lines.filter((l) => l.alert === 'wechat_start_failed').length === 2);
    // The third start succeeds: the puppet runs and waits for a login.
    await until(() => channel.status().state === 'starting' && log.lines.filter((l) => l.msg.includes('reconnecting')).length === 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(log.lines.filter((l) => l.alert === 'wechat_start_failed')).toHaveLength(2);
    expect(channel.status()).toMatchObject({ state: 'starting', lastError: 'puppet service unreachable' });
    expect(log.lines.filter((l) => l.alert === 'wechat_start_failed').every((l) => l.level === 50)).toBe(true);
    await channel.stop();
    expect(channel.status().state).toBe('stopped');
  });

  it('refuses a puppet package that is not installed, naming WECHATY_PUPPET', async () => {
    const missing = parseConfig({ LOG_LEVEL: 'silent', WECHATY_PUPPET: 'wechaty-puppet-not-installed', DATA_DIR: dataDir });
    const channel = createWechatChannel({ config: missing, logger: pino({ level: 'silent' }) });
    await expect(channel.start(async () => ({ chat: [], private: [] }))).rejects.toThrow(/WECHATY_PUPPET/);
    await channel.stop();
  });
});
