import { createHash, timingSafeEqual } from 'node:crypto';
import { autoRetry, type AutoRetryOptions } from '@grammyjs/auto-retry';
import { apiThrottler, type APIThrottlerOptions } from '@grammyjs/transformer-throttler';
import { Bot, GrammyError } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import { isPrivateChat, type Channel, type MessageHandler } from '../../src/channel.ts';
import type { Config } from '../../src/config.ts';
import { AppError, ErrorCodes } from '../../src/errors.ts';
import { MAX_ATTACHMENT_BYTES } from '../../src/hotline/attachment-store.ts';
import type { Reply } from '../../src/message.ts';
import type { Recipient } from '../../src/notify/notification-outbox.ts';
import { Pacer, type PacingOptions } from '../../src/outbound/pacer.ts';
import { COMMAND_MENU } from './bot-commands.ts';
import type { BotIdentity } from './inbound-text.ts';
import { PrivateHandoffs } from './private-handoffs.ts';
import { ReplyDelivery } from './reply-delivery.ts';
import { telegramFailure } from './telegram-failure.ts';
import { UpdateHandler } from './update-handler.ts';

/** The part of the configuration the Telegram channel reads. */
export type TelegramConfig = Pick<
  Config,
  | 'TELEGRAM_BOT_TOKEN'
  | 'TELEGRAM_GROUPS'
  | 'TELEGRAM_API_ROOT'
  | 'TELEGRAM_WEBHOOK_URL'
  | 'TELEGRAM_WEBHOOK_SECRET'
  | 'OUTBOUND_CHAT_GAP_MS'
  | 'OUTBOUND_MAX_PER_SECOND'
>;

/** What the Telegram channel is built from; everything but `config` and `logger` has a default. */
export interface TelegramChannelOptions {
  config: TelegramConfig;
  logger: Logger;
  /** Outbound pacing (default: `OUTBOUND_CHAT_GAP_MS` per chat, `OUTBOUND_MAX_PER_SECOND` overall). */
  pacerOptions?: PacingOptions;
  /** Bot API limits enforced by @grammyjs/transformer-throttler (default: the plugin's, which are Telegram's). */
  throttle?: APIThrottlerOptions;
  /** How @grammyjs/auto-retry retries rate limits and server errors (network errors are rethrown). */
  retry?: Partial<AutoRetryOptions>;
  /** Photos larger than this are not fetched (default: what the complaint store keeps). */
  maxPhotoBytes?: number;
  /** Time limit for fetching one photo (default 20 s). */
  downloadTimeoutMs?: number;
  /** Wait before connecting again when Telegram cannot be reached or polling stopped (default 10 s). */
  reconnectDelayMs?: number;
  /**
   * A resident opened the private chat through a deep link: `main` passes the notification
   * dispatcher's tick here, so a conversation moved out of a group arrives at once.
   */
  onPrivateChatOpened?: (to: Recipient) => void | Promise<void>;
}

/** What Telegram accepts as a webhook `secret_token`. */
const WEBHOOK_SECRET = /^[A-Za-z0-9_-]{1,256}$/;

/** How long connecting (getMe, setWebhook) may take before it is tried again later. */
const CONNECT_TIMEOUT_MS = 15_000;

/** The updates the bot asks Telegram for; everything else (edits, channel posts) is not even sent. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** The webhook, when `TELEGRAM_WEBHOOK_URL` is set: the path fastify serves and the secret Telegram sends. */
export interface TelegramWebhook {
  url: string;
  path: string;
  secret: string;
}

/** What became of an update posted to the webhook. */
export type WebhookOutcome = 'accepted' | 'not_ready' | 'malformed';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function isUpdate(value: unknown): value is Update {
  return typeof value === 'object' && value !== null && Number.isInteger((value as { update_id?: unknown }).update_id);
}

/**
 * The Telegram channel through grammY. It only translates: a Telegram message or button tap
 * becomes an `InboundMessage`, the engine's replies become Telegram messages. Long polling by
 * default, a webhook (served by fastify, see `telegramWebhook`) when `TELEGRAM_WEBHOOK_URL` is
 * set. Updates of different chats are handled side by side, one person's in order.
 */
export class TelegramChannel implements Channel {
  readonly name = 'telegram' as const;
  /** Set in webhook mode. */
  readonly webhook: TelegramWebhook | undefined;

  private readonly bot: Bot;
  private readonly pacer: Pacer;
  private readonly delivery: ReplyDelivery;
  private readonly updates: UpdateHandler;
  private readonly apiRoot: string;
  private readonly token: string;
  private handle: MessageHandler | undefined;
  private me: BotIdentity | undefined;
  private polling: Promise<void> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(private readonly options: TelegramChannelOptions) {
    const { config } = options;
    if (!config.TELEGRAM_BOT_TOKEN) throw new AppError(ErrorCodes.CONFIG_INVALID, 'TELEGRAM_BOT_TOKEN: is required for the telegram channel');
    this.token = config.TELEGRAM_BOT_TOKEN;
    this.apiRoot = (config.TELEGRAM_API_ROOT ?? 'https://api.telegram.org').replace(/\/+$/, '');
    if (config.TELEGRAM_WEBHOOK_URL) {
      if (!config.TELEGRAM_WEBHOOK_SECRET || !WEBHOOK_SECRET.test(config.TELEGRAM_WEBHOOK_SECRET)) {
        throw new AppError(ErrorCodes.CONFIG_INVALID, 'TELEGRAM_WEBHOOK_SECRET: must be 1-256 characters of A-Z a-z 0-9 _ - (what Telegram accepts)');
      }
      this.webhook = { url: config.TELEGRAM_WEBHOOK_URL, path: new URL(config.TELEGRAM_WEBHOOK_URL).pathname, secret: config.TELEGRAM_WEBHOOK_SECRET };
    }
    this.bot = new Bot(this.token, { client: { apiRoot: this.apiRoot, timeoutSeconds: 60 } });
    // The throttler sits next to the network; auto-retry wraps it, so each retry is throttled too.
    this.bot.api.config.use(apiThrottler(options.throttle));
    this.bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true, ...options.retry }));
    this.bot.use((ctx) => this.updates.dispatch(ctx.update));
    this.bot.catch((error) => options.logger.error({ err: this.failure(error.error), channel: 'telegram' }, 'telegram update failed'));
    this.pacer = new Pacer(options.pacerOptions ?? { chatGapMs: config.OUTBOUND_CHAT_GAP_MS, maxPerSecond: config.OUTBOUND_MAX_PER_SECOND });
    const handoffs = new PrivateHandoffs();
    this.delivery = new ReplyDelivery({ api: this.bot.api, pacer: this.pacer, handoffs, botUsername: () => this.me?.username ?? '', logger: options.logger });
    this.updates = new UpdateHandler({
      api: this.bot.api,
      delivery: this.delivery,
      handoffs,
      download: {
        apiRoot: this.apiRoot,
        token: this.token,
        maxBytes: options.maxPhotoBytes ?? MAX_ATTACHMENT_BYTES,
        timeoutMs: options.downloadTimeoutMs ?? 20_000,
      },
      logger: options.logger,
      me: () => this.me,
      handle: () => this.handle,
      failure: (error) => this.failure(error),
      onPrivateChatOpened: options.onPrivateChatOpened,
      villages: config.TELEGRAM_GROUPS,
    });
  }

  /**
   * Connects (getMe), then polls or registers the webhook with its secret. Never hangs on
   * Telegram nor throws for it: when Telegram cannot be reached it logs and keeps trying in the
   * background, so the rest of the server runs; a refused token is logged and the channel stays off.
   */
  async start(handle: MessageHandler): Promise<void> {
    if (this.handle) throw new Error('telegram channel already started');
    this.handle = handle;
    await this.connect();
  }

  /** Sends a notification (reminder, status change, a conversation moved out of a group). Throws when it cannot. */
  async send(to: Recipient, replies: Reply[]): Promise<void> {
    if (!this.me) throw new Error('telegram channel is not connected');
    try {
      await this.delivery.deliverReplies({ chat: to.chat, chatType: isPrivateChat(to) ? 'private' : 'group', user: to.user }, replies);
    } catch (error) {
      throw telegramFailure(error, this.token);
    }
  }

  /** Stops polling, lets running updates finish and their replies go out. The webhook stays registered, so Telegram keeps updates for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.reconnectTimer);
    if (this.bot.isRunning()) await this.bot.stop().catch((error: unknown) => this.options.logger.warn({ err: this.failure(error) }, 'telegram polling did not stop cleanly'));
    await this.polling;
    await this.idle();
    await this.pacer.stop();
  }

  /** Resolves once every update received so far is handled and answered (for stop and tests). */
  async idle(): Promise<void> {
    await this.updates.idle();
  }

  /** Whether the `X-Telegram-Bot-Api-Secret-Token` header is the configured secret (compared in constant time). */
  acceptsSecret(header: string | string[] | undefined): boolean {
    if (!this.webhook || typeof header !== 'string') return false;
    return timingSafeEqual(digest(header), digest(this.webhook.secret));
  }

  /** Takes one update posted to the webhook (secret already checked); handling goes on in the background. */
  async receive(update: unknown): Promise<WebhookOutcome> {
    if (!isUpdate(update)) return 'malformed';
    if (!this.me || !this.handle || this.stopping) return 'not_ready';
    try {
      await this.bot.handleUpdate(update);
    } catch (error) {
      this.options.logger.error({ err: this.failure(error), channel: 'telegram' }, 'telegram update failed');
    }
    return 'accepted';
  }

  private failure(error: unknown) {
    return telegramFailure(error, this.token);
  }

  private async connect(): Promise<void> {
    if (this.stopping) return;
    try {
      // Called directly, not through bot.init(), which retries forever: here a failure is seen and retried on our terms.
      const signal = AbortSignal.timeout(CONNECT_TIMEOUT_MS) as Parameters<Bot['api']['getMe']>[0];
      this.bot.botInfo = await this.bot.api.getMe(signal);
      this.me = { id: this.bot.botInfo.id, username: this.bot.botInfo.username };
      if (this.webhook) {
        await this.bot.api.setWebhook(this.webhook.url, { secret_token: this.webhook.secret, allowed_updates: [...ALLOWED_UPDATES] }, signal);
        this.options.logger.info({ bot: this.me.username, path: this.webhook.path }, 'telegram channel on: webhook');
      } else {
        this.startPolling();
      }
      await this.bot.api.setMyCommands(COMMAND_MENU).catch((error: unknown) => this.options.logger.debug({ err: this.failure(error) }, 'telegram command menu not set'));
    } catch (error) {
      this.connectionFailed(error);
    }
  }

  /** Polls in the background (grammY retries network failures itself); if the loop ends with an error, connects again later. */
  private startPolling(): void {
    const username = this.me?.username;
    this.polling = this.bot
      .start({
        allowed_updates: [...ALLOWED_UPDATES],
        onStart: () => this.options.logger.info({ bot: username }, 'telegram channel on: long polling'),
      })
      .catch((error: unknown) => this.connectionFailed(error));
  }

  private connectionFailed(error: unknown): void {
    if (this.stopping) return;
    if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
      this.options.logger.error({ err: this.failure(error) }, 'telegram channel off: TELEGRAM_BOT_TOKEN was refused by Telegram');
      return;
    }
    if (error instanceof GrammyError && (error.error_code === 400 || error.error_code === 403)) {
      // A bad webhook URL, say: trying again changes nothing.
      this.options.logger.error({ err: this.failure(error) }, 'telegram channel off: Telegram refused the setup');
      return;
    }
    const delay = this.options.reconnectDelayMs ?? 10_000;
    this.options.logger.warn({ err: this.failure(error), retryInMs: delay }, 'telegram unreachable or refusing; trying again');
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
    this.reconnectTimer.unref();
  }
}

/** Builds the Telegram channel from the configuration (`main` calls this when `TELEGRAM_BOT_TOKEN` is set). */
export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  return new TelegramChannel(options);
}
