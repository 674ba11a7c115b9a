import type { Api } from 'grammy';
import type { CallbackQuery, Message, Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { MessageHandler } from '../../src/channel.ts';
import { MemoryKeyedLock } from '../../src/engine/keyed-lock.ts';
import { NoticeThrottle } from '../../src/outbound/notice-throttle.ts';
import type { Attachment, InboundMessage, Reply } from '../../src/message.ts';
import { TELEGRAM_CAPABILITIES } from './reply-delivery.ts';
import type { Recipient } from '../../src/notify/notification-outbox.ts';
import { NOTICES } from './adapter-notices.ts';
import { readInboundMedia } from './inbound-media.ts';
import { readInboundText, type BotIdentity } from './inbound-text.ts';
import { downloadPicture, type DownloadOptions } from './photo-download.ts';
import type { PrivateHandoffs } from './private-handoffs.ts';
import type { ChatTarget, ReplyDelivery } from './reply-delivery.ts';
import type { TelegramFailure } from './telegram-failure.ts';

/** What handling updates needs from the channel. */
export interface UpdateHandlerDependencies {
  api: Api;
  delivery: ReplyDelivery;
  handoffs: PrivateHandoffs;
  download: DownloadOptions;
  logger: Logger;
  /** The bot, once `getMe` answered. */
  me: () => BotIdentity | undefined;
  /** The engine, once the channel started. */
  handle: () => MessageHandler | undefined;
  failure: (error: unknown) => TelegramFailure;
  onPrivateChatOpened?: ((to: Recipient) => void | Promise<void>) | undefined;
  /** Groups mapped to villages (TELEGRAM_GROUPS), by chat id or title: "我们村" means that village. */
  villages?: Readonly<Record<string, string>>;
}

function chatTypeOf(type: string | undefined): 'private' | 'group' | undefined {
  if (type === 'private') return 'private';
  if (type === 'group' || type === 'supergroup') return 'group';
  return undefined;
}

function nameOf(user: { first_name?: string; last_name?: string; username?: string }): string | undefined {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return name || user.username || undefined;
}

/**
 * Turns Telegram updates into engine messages and the engine's replies into sends: a message
 * (text, caption, photo, command, deep link) or a tapped inline button. Each update is handled
 * in the background so polling and the webhook never wait; one person's updates in one chat
 * keep their order. Everything that goes wrong ends in the log, never as an unhandled rejection.
 */
export class UpdateHandler {
  private readonly lock = new MemoryKeyedLock();
  private readonly notices = new NoticeThrottle();
  private readonly inflight = new Set<Promise<void>>();

  constructor(private readonly deps: UpdateHandlerDependencies) {}

  /** Resolves once every update dispatched so far is handled and answered. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }
  /** The village of a group chat, when TELEGRAM_GROUPS maps it. */
  private villageOf(chat: { id: number | string; title?: string }): { village?: string } {
    const villages = this.deps.villages ?? {};
    const village = villages[String(chat.id)] ?? (chat.title ? villages[chat.title] : undefined);
    return village ? { village } : {};
  }


  /** Routes an update to its handler without waiting for it (the next update need not wait). */
  dispatch(update: Update): void {
    const message = update.message;
    const query = update.callback_query;
    // Edited messages, channel posts and membership changes are not for the engine: ignored.
    if (message) this.track(`${message.chat?.id}:${message.from?.id}`, () => this.onMessage(message));
    else if (query) {
      this.track(`answer:${query.id}`, () => this.answerQuery(query));
      this.track(`${query.message?.chat?.id ?? query.from?.id}:${query.from?.id}`, () => this.onButton(query));
    }
  }

  private track(key: string, task: () => Promise<void>): void {
    const running: Promise<void> = this.lock
      .run(key, task)
      .catch((error: unknown) => this.deps.logger.error({ err: this.deps.failure(error), channel: 'telegram' }, 'telegram update failed'))
      .finally(() => this.inflight.delete(running));
    this.inflight.add(running);
  }

  private async onMessage(message: Message): Promise<void> {
    const chatType = chatTypeOf(message.chat?.type);
    const me = this.deps.me();
    const handle = this.deps.handle();
    if (!chatType || !message.from || message.from.is_bot || !me || !handle) return;
    const read = readInboundText(message, me);
    // A command for another bot is not ours. Everything else goes to the engine, which answers in a
    // group what is addressed to it and any emergency (with privacy mode on, Telegram sends the
    // bot only what is addressed to it anyway: adapters/telegram/README.md).
    if (read.forAnotherBot) return;
    const user = String(message.from.id);
    const target: ChatTarget = { chat: String(message.chat.id), chatType, user, ...(chatType === 'group' ? { replyTo: message.message_id } : {}) };
    if (read.command?.name === 'start' && read.command.payload && chatType === 'private') return this.onDeepLink(target, read.command.payload);

    // Not addressed in a group: only its words go on (the engine looks for an emergency in them).
    const addressed = chatType === 'private' || read.mentioned;
    if (!addressed && !read.text.trim()) return;
    const maxBytes = this.deps.download.maxBytes;
    const media = addressed ? readInboundMedia(message, maxBytes) : ({ kind: 'none' } as const);
    const worded = message.text !== undefined || message.caption !== undefined;
    if (media.kind === 'none' && !worded) return; // a service message: someone joined, a pin
    if (media.kind === 'unsupported' && !read.text) {
      return this.notices.allow(user) ? this.deps.delivery.deliverReplies(target, [{ text: NOTICES.unsupported }]) : undefined;
    }
    const attachments: Attachment[] = [];
    const notes: Reply[] = [];
    if (media.kind === 'picture') {
      try {
        attachments.push(
          await downloadPicture(this.deps.api, media.picture, this.deps.download),
        );
      } catch (error) {
        this.deps.logger.warn({ err: this.deps.failure(error), channel: 'telegram' }, 'telegram photo not fetched');
        if (!read.text) return this.deps.delivery.deliverReplies(target, [{ text: NOTICES.photoLost }]);
        notes.push({ text: NOTICES.photoLost });
      }
    }
    const userName = nameOf(message.from);
    const inbound: InboundMessage = {
      id: String(message.message_id),
      channel: 'telegram',
      chat: target.chat,
      chatType,
      user,
      ...(userName ? { userName } : {}),
      text: read.text,
      mentioned: chatType === 'private' || read.mentioned,
      attachments,
      receivedAt: new Date(),
      capabilities: TELEGRAM_CAPABILITIES,
      ...this.villageOf(message.chat),
    };
    const delivery = await handle(inbound);
    await this.deps.delivery.deliver(target, { ...delivery, chat: [...notes, ...delivery.chat] });
    if (read.command?.name === 'start' && chatType === 'private') await this.privateChatOpened(target);
  }

  /** A tapped inline button: its value (or number) goes to the engine as if typed by that resident in that chat. */
  private async onButton(query: CallbackQuery): Promise<void> {
    const handle = this.deps.handle();
    if (!query.from || typeof query.data !== 'string' || !handle) return;
    const user = String(query.from.id);
    const chat = query.message?.chat;
    const chatType = chat ? chatTypeOf(chat.type) : 'private';
    if (!chatType) return;
    const target: ChatTarget = { chat: chat ? String(chat.id) : user, chatType, user };
    const userName = nameOf(query.from);
    const inbound: InboundMessage = {
      id: `callback:${query.id}`,
      channel: 'telegram',
      chat: target.chat,
      chatType,
      user,
      ...(userName ? { userName } : {}),
      text: query.data,
      mentioned: true,
      attachments: [],
      receivedAt: new Date(),
      capabilities: TELEGRAM_CAPABILITIES,
      ...(chat ? this.villageOf(chat) : {}),
    };
    await this.deps.delivery.deliver(target, await handle(inbound));
  }

  /** Every tap is answered at once, so the button stops spinning whatever the engine then does. */
  private async answerQuery(query: CallbackQuery): Promise<void> {
    if (typeof query.id !== 'string') return;
    await this.deps.api.answerCallbackQuery(query.id);
  }

  /** `/start <payload>` from a deep link: deliver what was held for this resident, or greet and let queued notifications follow. */
  private async onDeepLink(target: ChatTarget, payload: string): Promise<void> {
    const held = this.deps.handoffs.release(payload, target.user);
    await this.deps.delivery.deliverReplies(target, held ?? [{ text: NOTICES.welcomePrivate }]);
    await this.privateChatOpened(target);
  }

  /** The bot may write to this resident now: let queued notifications go out without waiting for the next round. */
  private async privateChatOpened(target: ChatTarget): Promise<void> {
    try {
      await this.deps.onPrivateChatOpened?.({ channel: 'telegram', chat: target.user, user: target.user });
    } catch (error) {
      this.deps.logger.warn({ err: this.deps.failure(error), channel: 'telegram' }, 'delivering queued notifications failed');
    }
  }
}
