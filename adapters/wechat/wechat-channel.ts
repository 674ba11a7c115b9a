import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { log as wechatyLog, types, WechatyBuilder, type Contact, type Friendship, type Message, type Room, type Wechaty, type WechatyOptions } from 'wechaty';
import type { Channel, MessageHandler } from '../../src/channel.ts';
import type { Config } from '../../src/config.ts';
import { isPrivateChat } from '../../src/channel.ts';
import { planDelivery, withheldInstead, type Delivery } from '../../src/deliver.ts';
import type { Reply } from '../../src/message.ts';
import type { Recipient } from '../../src/notify/notification-outbox.ts';
import { NoticeThrottle } from '../../src/outbound/notice-throttle.ts';
import { acceptsFriendRequest } from './friend-requests.ts';
import { GroupAllowList } from './group-allow-list.ts';
import { Pacer, type SharedPacing } from '../../src/outbound/pacer.ts';
import { imageAttachment, MAX_IMAGE_BYTES } from './image-attachment.ts';
import { translateMessage, type InboundDecision } from './inbound-message.ts';
import { printToTerminal, showLoginQr, type QrPrinter } from './login-qr.ts';
import { ReconnectBackoff, type BackoffOptions } from './reconnect-backoff.ts';
import { planReplies } from './reply-plan.ts';
import { WECHAT_NOTICES } from './wechat-notices.ts';

/** WeChat has no buttons; a personal account can write privately only to its friends. */
function capabilities(canWritePrivately: boolean) {
  return { buttons: false, privateReplies: canWritePrivately };
}

/** A puppet object handed in instead of a puppet name (tests: wechaty-puppet-mock's PuppetMock). */
export type WechatPuppet = Exclude<NonNullable<WechatyOptions['puppet']>, string>;

/** Where the WeChat account stands. */
export type WechatState = 'stopped' | 'starting' | 'waiting-for-scan' | 'online' | 'offline';

/** The channel's health, for `/healthz`-style checks and staff pages. */
export interface WechatStatus {
  state: WechatState;
  /** The logged-in account. */
  account?: { id: string; name: string };
  /** While waiting for a scan: an image of the login QR code that staff can open. */
  qrcodeUrl?: string;
  /** Reconnect attempts since the last login. */
  reconnectAttempts: number;
  lastError?: string;
  /** When the state last changed (ISO time). */
  since: string;
}

/** What happened to one native event: for metrics, and for tests to wait on. */
export type WechatEvent =
  | { type: 'message'; messageId: string; outcome: 'answered' | 'ignored' | 'unsupported' | 'failed'; reason?: string }
  | { type: 'friendship'; contactId: string; outcome: 'accepted' | 'declined' | 'failed' }
  | { type: 'state'; state: WechatState };

/** What the WeChat channel is built from. */
export interface WechatChannelOptions {
  config: Config;
  logger: Logger;
  /** A puppet instance; by default the puppet named by WECHATY_PUPPET (with its token). */
  puppet?: WechatPuppet;
  /** Where the login QR code is drawn (default: this process's terminal). */
  printQr?: QrPrinter;
  /** Waits between reconnect attempts (default 5 s doubling up to 5 min). */
  reconnect?: BackoffOptions;
  /** The largest image downloaded (default `MAX_IMAGE_BYTES`). */
  maxImageBytes?: number;
  /** For tests: the randomness of the pacing jitter. */
  random?: () => number;
  /** With REDIS_URL: the pacing shared with the other instances sending as this account. */
  sharedPacing?: SharedPacing;
  /** Told what became of every message, friend request and state change. */
  observe?: (event: WechatEvent) => void;
  /**
   * A resident became the bot's friend (a request accepted by the keyword, or by staff on the
   * phone): `main` makes what waited for their private chat due and ticks the dispatcher, so a
   * conversation moved out of a group arrives at once.
   */
  onPrivateChatOpened?: (to: Recipient) => void | Promise<void>;
  /** The account logged in (again): `main` may deliver what queued up while it was away. */
  onOnline?: () => void | Promise<void>;
}

const DEFAULT_RECONNECT: BackoffOptions = { baseMs: 5_000, maxMs: 5 * 60_000 };

/**
 * WeChat through wechaty: translates native messages into `InboundMessage`s for the engine and
 * the engine's replies into paced WeChat sends, and keeps the account logged in. Group rules
 * (allow-list, mentions, village) are in `inbound-message.ts`, what goes where in
 * `reply-plan.ts`; this class does the wiring, the sending and the login lifecycle: the QR code
 * for staff, and after a logout or a failure a restart with exponential backoff and an
 * error-level alert, unless the puppet is already back offering a QR code of its own.
 */
export class WechatChannel implements Channel {
  private readonly notices = new NoticeThrottle();
  readonly name = 'wechat' as const;
  private readonly bot: Wechaty;
  private readonly pacer: Pacer;
  private readonly groups: GroupAllowList;
  private readonly backoff: ReconnectBackoff;
  private readonly inFlight = new Set<Promise<void>>();
  private handler: MessageHandler | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private current: WechatStatus = { state: 'stopped', reconnectAttempts: 0, since: new Date().toISOString() };

  constructor(private readonly options: WechatChannelOptions) {
    const { config } = options;
    // wechaty logs on its own (stderr, WECHATY_LOG); keep it no chattier than ours.
    const quiet = { silent: 'silent', fatal: 'error', error: 'error', warn: 'warn' } as const;
    if (config.LOG_LEVEL in quiet) wechatyLog.level(quiet[config.LOG_LEVEL as keyof typeof quiet]);
    this.groups = new GroupAllowList(config.WECHAT_GROUPS, config.WECHAT_AUTO_ANSWER_GROUPS);
    this.backoff = new ReconnectBackoff(options.reconnect ?? DEFAULT_RECONNECT);
    this.pacer = new Pacer({
      chatGapMs: config.OUTBOUND_CHAT_GAP_MS,
      maxPerSecond: config.OUTBOUND_MAX_PER_SECOND,
      minGapMs: config.WECHAT_MIN_GAP_MS,
      jitterMs: config.WECHAT_JITTER_MS,
      ...(options.random ? { random: options.random } : {}),
      ...(options.sharedPacing ? { shared: options.sharedPacing } : {}),
    });
    // The memory card keeps the puppet's login between restarts, next to the database.
    const name = path.resolve(config.DATA_DIR, 'wechat');
    if (options.puppet) this.bot = WechatyBuilder.build({ name, puppet: options.puppet });
    else if (config.WECHATY_PUPPET) {
      this.bot = WechatyBuilder.build({
        name,
        puppet: config.WECHATY_PUPPET as Extract<WechatyOptions['puppet'], string>,
        ...(config.WECHATY_PUPPET_SERVICE_TOKEN ? { puppetOptions: { token: config.WECHATY_PUPPET_SERVICE_TOKEN } } : {}),
      });
    } else throw new Error('WECHATY_PUPPET is not set: the WeChat channel needs a puppet');
    this.listen();
  }

  /** Where the account stands now. */
  status(): WechatStatus {
    return { ...this.current, reconnectAttempts: this.backoff.attempts };
  }

  /**
   * Starts the puppet and hands every message addressed to the bot to `handle`. Resolves once
   * the puppet runs (logging in may wait for a scan); a puppet that fails to start is retried
   * with backoff rather than taking the server down, except a puppet package that is missing.
   */
  async start(handle: MessageHandler): Promise<void> {
    this.handler = handle;
    this.stopping = false;
    await mkdir(this.options.config.DATA_DIR, { recursive: true });
    await this.boot(true);
  }

  /**
   * Replies for a group: the private part goes to the asker first, and only once it is through
   * does the group get its note ("已私聊发给您"); when the direct message fails (a friendship the
   * asker ended) the group gets the neutral withheld note instead, never a false one.
   */
  private async deliverToGroup(room: Room, asker: Contact | undefined, delivery: Delivery): Promise<void> {
    const friendKeyword = this.options.config.WECHAT_FRIEND_KEYWORD;
    let plan = planReplies(delivery, { askerIsFriend: asker?.friend() === true, friendKeyword });
    if (asker && plan.direct.length) {
      try {
        for (const text of plan.direct) await this.pacer.schedule(asker.id, () => asker.say(text));
      } catch (error) {
        this.options.logger.warn({ err: error, channel: 'wechat' }, 'direct message failed; withholding in the group instead');
        plan = planReplies(withheldInstead(delivery), { askerIsFriend: false, friendKeyword });
      }
    }
    for (const text of plan.chat) await this.pacer.schedule(room.id, () => (asker ? room.say(text, asker) : room.say(text)));
  }

  /**
   * Sends a notification (a reminder, a status change, a conversation moved out of a group).
   * Throws when it cannot be delivered now — logged out, the chat unknown, the resident not a
   * friend yet — so that it stays queued and is tried again, after a re-login too.
   */
  async send(to: Recipient, replies: Reply[]): Promise<void> {
    if (!this.bot.isLoggedIn) throw new Error('wechat: not logged in; the notification waits for the next login');
    const contact = await this.bot.Contact.find({ id: to.user });
    if (isPrivateChat(to)) {
      if (!contact) throw new Error(`wechat: contact ${to.user} not found`);
      if (contact.friend() === false) throw new Error('wechat: the resident is not a friend yet');
      await this.deliverPrivate(contact, planDelivery(replies, 'private', capabilities(true)));
      return;
    }
    const room = await this.bot.Room.find({ id: to.chat });
    if (!room) throw new Error(`wechat: group ${to.chat} not found`);
    await this.deliverToGroup(room, contact ?? undefined, planDelivery(replies, 'group', capabilities(contact?.friend() === true)));
  }

  /** Lets messages being answered finish, then stops the puppet. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    await Promise.allSettled([...this.inFlight]);
    await this.pacer.stop();
    await this.bot.stop().catch((error: unknown) => this.options.logger.warn({ err: error }, 'wechat: stopping the puppet failed'));
    this.setState('stopped');
  }

  private listen(): void {
    const { logger } = this.options;
    this.bot.on('scan', (qrcode, status) => this.onScan(qrcode, status));
    this.bot.on('login', (user) => {
      this.backoff.reset();
      if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
      this.reconnectTimer = undefined;
      this.setState('online', { account: { id: user.id, name: user.name() } });
      logger.info({ account: user.name() }, 'wechat: logged in');
      this.track(Promise.resolve(this.options.onOnline?.()));
    });
    this.bot.on('logout', (user, reason) => {
      this.setState('offline', { lastError: `logged out${reason ? `: ${reason}` : ''}` });
      logger.error(
        { alert: 'wechat_logged_out', account: user.name(), reason },
        'wechat: ALERT the bot account was logged out; it reconnects by itself, staff may need to scan the new QR code',
      );
      this.scheduleRecovery();
    });
    this.bot.on('error', (error) => {
      this.current.lastError = error.message;
      logger.error({ err: error, state: this.current.state }, 'wechat: puppet error');
      if (!this.bot.isLoggedIn && this.current.state === 'offline') this.scheduleRecovery();
    });
    this.bot.on('message', (message) => this.track(this.onMessage(message)));
    this.bot.on('friendship', (friendship) => this.track(this.onFriendship(friendship)));
  }

  private onScan(qrcode: string, status: types.ScanStatus): void {
    if (status !== types.ScanStatus.Waiting && status !== types.ScanStatus.Timeout) {
      this.options.logger.info({ status: types.ScanStatus[status] }, 'wechat: login scan');
      return;
    }
    const qrcodeUrl = showLoginQr(qrcode, this.options.printQr ?? printToTerminal);
    this.setState('waiting-for-scan', { qrcodeUrl });
    this.options.logger.warn({ alert: 'wechat_scan_needed', qrcodeUrl }, 'wechat: waiting for staff to scan the login QR code with the bot phone');
  }

  private async onMessage(native: Message): Promise<void> {
    const observe = (outcome: 'answered' | 'ignored' | 'unsupported' | 'failed', reason?: string) =>
      this.options.observe?.({ type: 'message', messageId: native.id, outcome, ...(reason ? { reason } : {}) });
    let decision: InboundDecision;
    try {
      decision = await translateMessage(native, {
        groups: this.groups,
        selfName: () => (this.bot.isLoggedIn ? this.bot.currentUser.name() : undefined),
        image: (message) => imageAttachment(message, this.options.maxImageBytes ?? MAX_IMAGE_BYTES),
        onImageError: (error) => this.options.logger.warn({ err: error }, 'wechat: image not fetched; passing the message on without it'),
      });
      if (decision.kind === 'ignore') return observe('ignored', decision.reason);
      const talker = native.talker();
      if (decision.kind === 'unsupported') {
        if (this.notices.allow(talker.id)) await this.deliverPrivate(talker, planDelivery([{ text: WECHAT_NOTICES.unsupportedType }], 'private', capabilities(true)));
        return observe('unsupported', decision.type);
      }
      const message = { ...decision.message, capabilities: capabilities(decision.message.chatType === 'private' || talker.friend() === true) };
      const delivery = await this.handler!(message);
      if (!delivery.chat.length && !delivery.private.length) return observe('ignored', message.mentioned || message.answerIfClear ? 'engine silent' : 'not addressed');
      const room = native.room();
      if (message.chatType === 'private' || !room) await this.deliverPrivate(talker, delivery);
      else await this.deliverToGroup(room, talker, delivery);
      observe('answered');
    } catch (error) {
      this.options.logger.error({ err: error, messageId: native.id }, 'wechat: message not answered');
      observe('failed', (error as Error).message);
    }
  }

  private async deliverPrivate(contact: Contact, delivery: Delivery): Promise<void> {
    const plan = planReplies(delivery, { askerIsFriend: true, friendKeyword: this.options.config.WECHAT_FRIEND_KEYWORD });
    await Promise.all(plan.chat.map((text) => this.pacer.schedule(contact.id, () => contact.say(text))));
  }

  private async onFriendship(friendship: Friendship): Promise<void> {
    const { logger, config } = this.options;
    const contact = friendship.contact();
    const opened = () => this.options.onPrivateChatOpened?.({ channel: 'wechat', chat: contact.id, user: contact.id });
    try {
      if (friendship.type() === types.Friendship.Confirm) {
        await opened();
        return;
      }
      if (friendship.type() !== types.Friendship.Receive) return;
      if (!acceptsFriendRequest(friendship.hello(), config.WECHAT_FRIEND_KEYWORD)) {
        logger.info({ contact: contact.id }, 'wechat: friend request without the keyword left for staff');
        this.options.observe?.({ type: 'friendship', contactId: contact.id, outcome: 'declined' });
        return;
      }
      // Paced like a send: accepting a burst of requests at once also looks like a bot.
      await this.pacer.schedule(`friendship:${contact.id}`, () => friendship.accept());
      logger.info({ contact: contact.id }, 'wechat: friend request accepted');
      this.options.observe?.({ type: 'friendship', contactId: contact.id, outcome: 'accepted' });
      await opened();
    } catch (error) {
      logger.error({ err: error, contact: contact.id }, 'wechat: friend request not handled');
      this.options.observe?.({ type: 'friendship', contactId: contact.id, outcome: 'failed' });
    }
  }

  /** Starts the puppet; on failure alerts and schedules another try (the first missing-package failure throws). */
  private async boot(first = false): Promise<void> {
    this.setState('starting');
    try {
      await this.bot.start();
      // wechaty reports a puppet that failed to start as an 'error' event and resolves anyway.
      if (this.bot.puppet.state.active() === false) throw new Error(this.current.lastError ?? 'the puppet did not start');
    } catch (error) {
      if (first && isMissingModule(error)) {
        this.setState('stopped', { lastError: (error as Error).message });
        throw new Error(`WECHATY_PUPPET: the puppet package cannot be loaded (${(error as Error).message})`);
      }
      this.setState('offline', { lastError: (error as Error).message });
      this.options.logger.error({ err: error, alert: 'wechat_start_failed' }, 'wechat: ALERT the puppet did not start; retrying with backoff');
      this.scheduleRecovery();
    }
  }

  private scheduleRecovery(): void {
    if (this.stopping || this.reconnectTimer) return;
    const wait = this.backoff.next();
    this.options.logger.warn({ waitMs: wait, attempt: this.backoff.attempts }, 'wechat: reconnecting after a wait');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.track(this.recover());
    }, wait);
    this.reconnectTimer.unref();
  }

  private async recover(): Promise<void> {
    // The puppet may have come back by itself (wechat4u offers a new QR code after a logout).
    if (this.stopping || this.bot.isLoggedIn || this.current.state === 'waiting-for-scan') return;
    await this.bot.stop().catch((error: unknown) => this.options.logger.warn({ err: error }, 'wechat: stopping the puppet failed'));
    if (this.stopping) return;
    await this.boot();
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.options.logger.error({ err: error }, 'wechat: event handling failed'));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private setState(state: WechatState, extra: Partial<Pick<WechatStatus, 'account' | 'qrcodeUrl' | 'lastError'>> = {}): void {
    const next: WechatStatus = { state, reconnectAttempts: this.backoff.attempts, since: new Date().toISOString() };
    const lastError = extra.lastError ?? this.current.lastError;
    if (lastError) next.lastError = lastError;
    if (state === 'online' && extra.account) next.account = extra.account;
    if (state === 'waiting-for-scan' && extra.qrcodeUrl) next.qrcodeUrl = extra.qrcodeUrl;
    this.current = next;
    this.options.observe?.({ type: 'state', state });
  }
}

function isMissingModule(error: unknown): boolean {
  const text = `${(error as { code?: string }).code ?? ''} ${(error as Error).message ?? ''}`;
  return /ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND|Cannot find (package|module)/.test(text);
}

/**
 * Builds the WeChat channel from the config (WECHATY_PUPPET, WECHATY_PUPPET_SERVICE_TOKEN,
 * WECHAT_GROUPS, pacing); `puppet` injects a puppet instance instead (wechaty-puppet-mock in the
 * tests). Nothing starts until `start(handle)`.
 */
export function createWechatChannel(options: WechatChannelOptions): WechatChannel {
  return new WechatChannel(options);
}
