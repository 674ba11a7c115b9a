import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTelegramChannel, type TelegramChannel } from '../../adapters/telegram/telegram-channel.ts';
import { telegramWebhook } from '../../adapters/telegram/telegram-webhook.ts';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createServer, type Server } from '../../src/main.ts';
import { NotificationDispatcher } from '../../src/notify/notification-dispatcher.ts';
import { NotificationOutbox } from '../../src/notify/notification-outbox.ts';
import type { PacingOptions } from '../../src/outbound/pacer.ts';
import { BotApiPeer, type PeerChat, type PeerUser, type SentMessage } from './bot-api-peer.ts';
import { fixedClock } from '../helpers/test-server.ts';
import { freePort } from '../helpers/free-port.ts';

/** The bot as the emulator's getMe describes it. */
export const BOT = { id: 666, username: 'TestNameBot' } as const;
export const WEBHOOK_SECRET = 'telegram-webhook-secret-for-tests';

/** A resident, and their private chat with the bot. */
export function resident(id: number, name: string): { user: PeerUser; dm: PeerChat } {
  return { user: { id, is_bot: false, first_name: name }, dm: { id, type: 'private', first_name: name } };
}

/** A village group (a supergroup, as Telegram makes groups with many members). */
export function villageGroup(id: number, title: string): PeerChat {
  return { id, type: 'supergroup', title };
}

/** The whole server (real engine, SQLite in a temp folder) with the Telegram channel talking to a Bot API peer. */
export interface TelegramHarness {
  peer: BotApiPeer;
  channel: TelegramChannel;
  server: Server;
  dispatcher: NotificationDispatcher;
  /** The fastify base URL (webhook mode only). */
  baseUrl?: string;
  /** A user sends a message; resolves with what the bot sent because of it. */
  send(from: PeerUser, chat: PeerChat, fields: Record<string, unknown>): Promise<SentMessage[]>;
  say(from: PeerUser, chat: PeerChat, text: string): Promise<SentMessage[]>;
  tap(from: PeerUser, chat: PeerChat, message: SentMessage, data: string): Promise<SentMessage[]>;
  /** Runs the notification dispatcher once; resolves with what the bot sent. */
  notify(): Promise<SentMessage[]>;
  close(): Promise<void>;
}


/**
 * Starts the Bot API peer, the server as `npm start` wires it (Wednesday 2026-11-25 10:00 in
 * Shanghai on its clock) and the Telegram channel, polling or, with `webhook`, through fastify
 * listening on a free port. Sends are paced with no gaps so the suite stays fast.
 */
export async function startTelegramHarness(options: { webhook?: boolean; pacerOptions?: PacingOptions } = {}): Promise<TelegramHarness> {
  const peer = await BotApiPeer.start();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cunban-telegram-'));
  const port = options.webhook ? await freePort() : undefined;
  const config = parseConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    TELEGRAM_BOT_TOKEN: peer.token,
    TELEGRAM_API_ROOT: peer.apiRoot,
    // The village groups of the tests, mapped by title.
    TELEGRAM_GROUPS: '岭口村村民群=岭口村',
    ...(port ? { TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`, TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET } : {}),
  });
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const clock = fixedClock('2026-11-25T02:00:00Z');
  const server = await createServer(config, logger, { now: clock.now, reminders: false });
  let dispatcher: NotificationDispatcher | undefined;
  let hoursOn = 0;
  const channel = createTelegramChannel({
    config,
    logger,
    pacerOptions: options.pacerOptions ?? { chatGapMs: 0, maxPerSecond: 1000 },
    throttle: { global: {}, group: {}, out: {} },
    // As in main.ts: the resident opened the private chat, what waited for it is due now.
    onPrivateChatOpened: async (to) => {
      await new NotificationOutbox(server.db).retryNow(to);
      await dispatcher?.tick();
    },
  });
  dispatcher = new NotificationDispatcher(new NotificationOutbox(server.db), [channel], logger);
  if (port) {
    await server.app.register(telegramWebhook(channel));
    await server.app.listen({ port, host: '127.0.0.1' });
  }
  await channel.start(async (message) => (await server.engine.handle(message)).delivery);

  const since = async (before: number) => {
    await peer.fetched();
    await channel.idle();
    return peer.sent().slice(before);
  };
  const harness: TelegramHarness = {
    peer,
    channel,
    server,
    dispatcher,
    ...(port ? { baseUrl: `http://127.0.0.1:${port}` } : {}),
    async send(from, chat, fields) {
      const before = peer.sent().length;
      await peer.send(from, chat, fields);
      return since(before);
    },
    say: (from, chat, text) => harness.send(from, chat, { text }),
    async tap(from, chat, message, data) {
      const before = peer.sent().length;
      await peer.tap(from, chat, message, data);
      return since(before);
    },
    async notify() {
      const before = peer.sent().length;
      // An hour later each time: whatever failed before (an outage) is due again.
      hoursOn += 1;
      await dispatcher!.tick(new Date(Date.now() + hoursOn * 3_600_000));
      return peer.sent().slice(before);
    },
    async close() {
      await channel.stop();
      await server.close();
      await peer.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** All the texts of some messages, one per line. */
export function texts(messages: readonly SentMessage[]): string {
  return messages.map((m) => m.text).join('\n');
}
