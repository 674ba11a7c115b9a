import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../adapters/telegram/telegram-channel.ts';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { BotApiPeer } from './bot-api-peer.ts';

let peer: BotApiPeer;
let channel: TelegramChannel;
const CHAT_GAP_MS = 80;

beforeAll(async () => {
  peer = await BotApiPeer.start();
  const config = parseConfig({ TELEGRAM_BOT_TOKEN: peer.token, TELEGRAM_API_ROOT: peer.apiRoot, LOG_LEVEL: 'silent' });
  channel = createTelegramChannel({
    config,
    logger: createLogger('silent'),
    pacerOptions: { chatGapMs: CHAT_GAP_MS, maxPerSecond: 50 },
    throttle: { global: {}, group: {}, out: {} },
  });
  await channel.start(async () => ({ chat: [], private: [] }));
});
afterAll(async () => {
  await channel.stop();
  await peer.stop();
});

describe('outbound pacing on Telegram', () => {
  it('keeps the per-chat gap and order, interleaves other chats, and sends nothing twice', async () => {
    const first = Array.from({ length: 4 }, (_, i) => ({ text: `甲${i + 1}` }));
    const second = Array.from({ length: 2 }, (_, i) => ({ text: `乙${i + 1}` }));
    const started = Date.now();
    await Promise.all([
      channel.send({ channel: 'telegram', chat: '4001', user: '4001' }, first),
      channel.send({ channel: 'telegram', chat: '4002', user: '4002' }, second),
    ]);
    const sends = peer.calls.filter((c) => c.method === 'sendMessage' && c.at >= started);
    const to = (chat: string) => sends.filter((c) => String(c.body.chat_id) === chat);
    expect(to('4001').map((c) => c.body.text)).toEqual(['甲1', '甲2', '甲3', '甲4']);
    expect(to('4002').map((c) => c.body.text)).toEqual(['乙1', '乙2']);
    // Measured where the requests arrive, so one request's network delay may shorten one gap; the span cannot shrink.
    const span = to('4001').at(-1)!.at - to('4001')[0]!.at;
    expect(span).toBeGreaterThanOrEqual(3 * CHAT_GAP_MS - 25);
    // The other chat did not wait for the first one to finish.
    expect(to('4002')[0]!.at).toBeLessThan(to('4001').at(-1)!.at);
    expect(peer.sent()).toHaveLength(6);
  });
});
