import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { types } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { createWechatChannel, type WechatChannel, type WechatEvent, type WechatState } from '../../adapters/wechat/wechat-channel.ts';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createServer, type Server } from '../../src/main.ts';
import { NotificationDispatcher } from '../../src/notify/notification-dispatcher.ts';
import { NotificationOutbox } from '../../src/notify/notification-outbox.ts';
import { fixedClock } from '../helpers/test-server.ts';

type ContactMock = ReturnType<mock.Mocker['createContact']>;
type RoomMock = ReturnType<mock.Mocker['createRoom']>;

/** One message the bot sent, as the mock WeChat saw it. */
export interface Sent {
  chat: string;
  text: string;
  at: number;
}

/** What became of one message a resident wrote. */
export interface Handled {
  outcome: Extract<WechatEvent, { type: 'message' }>['outcome'];
  reason?: string;
  /** What the bot sent (anywhere) while handling it. */
  sent: Sent[];
}

/**
 * The mock puppet with what PuppetMock leaves out: friend requests that carry a greeting, and a
 * contact that becomes a friend when the bot accepts it.
 */
class FriendlyPuppetMock extends PuppetMock {
  readonly requests = new Map<string, { contactId: string; hello: string }>();

  override async friendshipRawPayload(id: string): Promise<any> {
    const request = this.requests.get(id);
    return request ? { id, contactId: request.contactId, hello: request.hello, type: types.Friendship.Receive, ticket: 't', timestamp: Date.now() } : { id };
  }

  override async friendshipAccept(id: string): Promise<void> {
    const request = this.requests.get(id);
    if (request) this.mocker.contactPayload(request.contactId).friend = true;
  }
}

/** A whole server, a mock WeChat with the bot logged in, and the WeChat channel between them. */
export interface WechatHarness {
  server: Server;
  channel: WechatChannel;
  mocker: mock.Mocker;
  puppet: FriendlyPuppetMock;
  self: ContactMock;
  sent: Sent[];
  events: WechatEvent[];
  person(id: string, name: string, options?: { friend?: boolean; type?: types.Contact }): ContactMock;
  group(id: string, topic: string, members: ContactMock[]): RoomMock;
  /** `from` writes `text` (in `room` when given, @-mentioning the bot when `mention`); resolves once handled. */
  say(from: ContactMock, text: string, options?: { room?: RoomMock; mention?: boolean }): Promise<Handled>;
  /** `from` sends a photo privately. */
  photo(from: ContactMock, data: Buffer, name: string): Promise<Handled>;
  /** `from` sends a message of another type (voice, sticker…), privately or in `room`. */
  other(from: ContactMock, type: types.Message, room?: RoomMock): Promise<Handled>;
  /** `from` asks to be the bot's friend with this greeting; resolves with what the bot did. */
  befriend(from: ContactMock, hello: string): Promise<Extract<WechatEvent, { type: 'friendship' }>['outcome']>;
  /** `who` removes the bot from their friends. */
  unfriend(who: ContactMock): Promise<void>;
  /** Runs the notification dispatcher once: what the engine queued goes out through the channel. */
  deliverNotifications(): Promise<number>;
  /** Waits until the channel reports this state. */
  waitForState(state: WechatState): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

/** Starts a server like `npm start` does (on a temporary database, a fixed clock) with the WeChat channel on a mock puppet. */
export async function startWechatHarness(
  env: Record<string, string> = {},
  options: { random?: () => number; logger?: Logger; printQr?: (drawing: string) => void } = {},
): Promise<WechatHarness> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cunban-wechat-'));
  const config = parseConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    WECHATY_PUPPET: 'wechaty-puppet-mock',
    WECHAT_MIN_GAP_MS: '0',
    WECHAT_JITTER_MS: '0',
    OUTBOUND_CHAT_GAP_MS: '0',
    OUTBOUND_MAX_PER_SECOND: '1000',
    ...env,
  });
  const logger = options.logger ?? createLogger('silent');
  // Wednesday 2026-11-25, 10:00 in Shanghai: "明天" is a working day.
  const clock = fixedClock('2026-11-25T02:00:00Z');
  const server = await createServer(config, logger, { now: clock.now, reminders: false });
  const mocker = new mock.Mocker();
  const puppet = new FriendlyPuppetMock({ mocker });
  const self = mocker.createContact({ id: 'cunban-bot', name: '办事小助手', friend: false });
  const sent: Sent[] = [];
  const events: WechatEvent[] = [];
  const waiters: ((event: WechatEvent) => void)[] = [];
  const outbox = new NotificationOutbox(server.db);
  const channel = createWechatChannel({
    config,
    logger,
    puppet,
    printQr: options.printQr ?? (() => undefined),
    // As main wires it: what waited for the private chat becomes due (the test delivers it).
    onPrivateChatOpened: (to) => outbox.retryNow(to),
    reconnect: { baseMs: 20, maxMs: 200 },
    ...(options.random ? { random: options.random } : {}),
    observe: (event) => {
      events.push(event);
      for (const waiter of [...waiters]) waiter(event);
    },
  });
  const next = <E extends WechatEvent>(match: (event: WechatEvent) => event is E, timeoutMs = 10_000): Promise<E> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for the WeChat channel')), timeoutMs);
      const waiter = (event: WechatEvent) => {
        if (!match(event)) return;
        clearTimeout(timer);
        waiters.splice(waiters.indexOf(waiter), 1);
        resolve(event);
      };
      waiters.push(waiter);
    });

  // ContactMock is an EventEmitter whose typings need a package the mock does not install.
  type SeenMessage = { id: string; text(): string | undefined; talker(): { id: string }; room(): { id: string } | undefined; listener(): { id: string } | undefined };
  (self as unknown as NodeJS.EventEmitter).on('message', (message: SeenMessage) => {
    // Only what the bot sent: not messages the test itself wrote in the bot's name.
    if (message.talker().id !== self.id || /^m\d+$/.test(message.id)) return;
    sent.push({ chat: message.room()?.id ?? message.listener()!.id, text: message.text() ?? '', at: Date.now() });
  });

  const emit = async (payload: Record<string, unknown>): Promise<Handled> => {
    const id = `m${++counter}`;
    const before = sent.length;
    const handled = next((e): e is Extract<WechatEvent, { type: 'message' }> => e.type === 'message' && e.messageId === id);
    mocker.MessageMock.create({ id, timestamp: Date.now(), ...payload } as never);
    puppet.emit('message', { messageId: id });
    const event = await handled;
    return { outcome: event.outcome, ...(event.reason ? { reason: event.reason } : {}), sent: sent.slice(before) };
  };
  const where = (from: ContactMock, room?: RoomMock) => (room ? { talkerId: from.id, roomId: room.id } : { talkerId: from.id, listenerId: self.id });

  await channel.start(async (message) => (await server.engine.handle(message)).delivery);
  const online = next((e): e is WechatEvent => e.type === 'state' && e.state === 'online');
  mocker.login(self);
  await online;
  const dispatcher = new NotificationDispatcher(outbox, [channel], logger);

  return {
    server,
    channel,
    mocker,
    puppet,
    self,
    sent,
    events,
    person: (id, name, options = {}) =>
      mocker.createContact({ id, name, friend: options.friend ?? true, type: options.type ?? types.Contact.Individual }),
    group: (id, topic, members) => mocker.createRoom({ id, topic, memberIdList: [self.id, ...members.map((m) => m.id)], adminIdList: [] }),
    say: (from, text, options = {}) =>
      emit({
        ...where(from, options.room),
        type: types.Message.Text,
        text: options.mention ? `@${self.payload.name}\u2005${text}` : text,
        ...(options.room ? { mentionIdList: options.mention ? [self.id] : [] } : {}),
      }),
    photo: (from, data, name) => {
      const id = `m${counter + 1}`;
      mocker.cacheFileBoxPayload.set(id, { type: 1, boxType: 1, name, size: data.length, base64: data.toString('base64'), metadata: {} } as never);
      return emit({ ...where(from), type: types.Message.Image });
    },
    other: (from, type, room) => emit({ ...where(from, room), type, ...(room ? { mentionIdList: [] } : {}) }),
    async befriend(from, hello) {
      const id = `f${++counter}`;
      puppet.requests.set(id, { contactId: from.id, hello });
      const done = next((e): e is Extract<WechatEvent, { type: 'friendship' }> => e.type === 'friendship' && e.contactId === from.id);
      puppet.emit('friendship', { friendshipId: id });
      return (await done).outcome;
    },
    async unfriend(who) {
      mocker.contactPayload(who.id).friend = false;
      await puppet.dirtyPayload(types.Payload.Contact, who.id);
    },
    deliverNotifications: () => dispatcher.tick(),
    waitForState: async (state) => {
      if (channel.status().state === state) return;
      await next((e): e is WechatEvent => e.type === 'state' && e.state === state);
    },
    async close() {
      await dispatcher.stop();
      await channel.stop();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
