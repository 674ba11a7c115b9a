import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../adapters/telegram/telegram-channel.ts';
import type { MessageHandler } from '../../src/channel.ts';
import { parseConfig } from '../../src/config.ts';
import { BotApiPeer } from './bot-api-peer.ts';
import { resident } from './telegram-harness.ts';

let peer: BotApiPeer;

beforeAll(async () => {
  peer = await BotApiPeer.start();
});
afterAll(async () => {
  await peer.stop();
});

/** A logger whose lines the test can read. */
function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as { level: number; msg: string });
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

function channelFor(token: string, logger = capturingLogger().logger): TelegramChannel {
  const config = parseConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: peer.apiRoot });
  return createTelegramChannel({
    config,
    logger,
    pacerOptions: { chatGapMs: 0, maxPerSecond: 1000 },
    throttle: { global: {}, group: {}, out: {} },
    reconnectDelayMs: 50,
  });
}

const echo: MessageHandler = async (message) => ({ chat: [{ text: `收到：${message.text}` }], private: [] });

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the Telegram channel’s life', () => {
  it('starts while Telegram is unreachable without holding up the server, and connects once it is back', async () => {
    const channel = channelFor(peer.token);
    peer.unreachable = true;
    try {
      await channel.start(echo);
      await expect(channel.send({ channel: 'telegram', chat: '5001', user: '5001' }, [{ text: 'x' }])).rejects.toThrow(/not connected/);
    } finally {
      peer.unreachable = false;
    }
    await until(() => peer.calls.some((c) => c.method === 'getUpdates'));
    const { user, dm } = resident(5001, '老陈');
    await peer.send(user, dm, { text: '在吗' });
    await peer.fetched();
    await channel.idle();
    expect(peer.sent(5001).map((m) => m.text)).toEqual(['收到：在吗']);
    await channel.stop();
  });

  it('stays off with one error line when Telegram refuses the token', async () => {
    const { logger, lines } = capturingLogger();
    const channel = channelFor('999:wrong-token', logger);
    await channel.start(echo);
    expect(lines.some((l) => l.level === 50 && l.msg.includes('TELEGRAM_BOT_TOKEN was refused'))).toBe(true);
    await expect(channel.send({ channel: 'telegram', chat: '1', user: '1' }, [{ text: 'x' }])).rejects.toThrow();
    await channel.stop();
  });

  it('refuses a webhook secret Telegram would not accept, naming the variable', () => {
    const config = parseConfig({ TELEGRAM_BOT_TOKEN: peer.token, TELEGRAM_WEBHOOK_URL: 'https://bot.example/telegram', TELEGRAM_WEBHOOK_SECRET: 'not allowed!' });
    expect(() => createTelegramChannel({ config, logger: capturingLogger().logger })).toThrow(/^TELEGRAM_WEBHOOK_SECRET: /);
  });

  it('finishes the replies already under way before it stops', async () => {
    const channel = channelFor(peer.token);
    const slow: MessageHandler = async (message) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return { chat: [{ text: `慢慢回：${message.text}` }], private: [] };
    };
    await channel.start(slow);
    const { user, dm } = resident(5002, '老李');
    await peer.send(user, dm, { text: '你好' });
    await peer.fetched();
    await channel.stop();
    expect(peer.sent(5002).map((m) => m.text)).toEqual(['慢慢回：你好']);
  });
});
