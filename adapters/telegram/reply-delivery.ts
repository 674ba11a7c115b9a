import { GrammyError, type Api } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Logger } from 'pino';
import { planDelivery, type Delivery } from '../../src/deliver.ts';
import type { Reply } from '../../src/message.ts';
import type { Pacer } from '../../src/outbound/pacer.ts';
import { NOTICES } from './adapter-notices.ts';
import type { PrivateHandoffs } from './private-handoffs.ts';
import { choiceKeyboard, deepLink, linkKeyboard } from './reply-markup.ts';
import { splitText } from './text-chunks.ts';

/** The deep-link payload under a conversation moved out of a group: the engine already queued its continuation. */
export const CONTINUE_PAYLOAD = 'continue';

/** Where replies go: a chat, and in a group the resident they answer. */
export interface ChatTarget {
  chat: string;
  chatType: 'private' | 'group';
  /** The resident; their private chat has their id. */
  user: string;
  /** In a group: the message answered, quoted so the asker sees it is for them. */
  replyTo?: number;
}

/** What delivery needs. */
export interface DeliveryDependencies {
  api: Api;
  pacer: Pacer;
  handoffs: PrivateHandoffs;
  /** The bot's @username, known once `getMe` answered. */
  botUsername: () => string;
  logger: Logger;
}

/** Whether Telegram refuses to write to this user privately: they never opened the chat or blocked the bot. */
export function isPrivateChatClosed(error: unknown): boolean {
  if (!(error instanceof GrammyError)) return false;
  return error.error_code === 403 || (error.error_code === 400 && /chat not found/i.test(error.description));
}

function joinKeyboards(...keyboards: (InlineKeyboardMarkup | undefined)[]): InlineKeyboardMarkup | undefined {
  const rows = keyboards.flatMap((k) => k?.inline_keyboard ?? []);
  return rows.length ? { inline_keyboard: rows } : undefined;
}

/** Telegram has inline keyboards, and may write to anyone privately who opened the chat once. */
export const TELEGRAM_CAPABILITIES = { buttons: true, privateReplies: true } as const;

/**
 * Sends replies the Telegram way, every message through the pacer: buttons as an inline
 * keyboard, long texts in parts, group answers quoting the asker. In a group (`planDelivery`
 * decided what is personal and masked the rest) the personal part goes to the resident's private
 * chat before the group gets its note; when Telegram will not let the bot write privately yet, the
 * note says so and carries a deep link that delivers them once the resident opens the chat.
 */
export class ReplyDelivery {
  constructor(private readonly deps: DeliveryDependencies) {}

  /** Plans and delivers replies to a chat (notifications, the adapter's own notices). */
  async deliverReplies(target: ChatTarget, replies: readonly Reply[]): Promise<void> {
    await this.deliver(target, planDelivery(replies, target.chatType, TELEGRAM_CAPABILITIES));
  }

  /** Delivers a planned delivery; throws when Telegram cannot be reached, so callers may retry. */
  async deliver(target: ChatTarget, delivery: Delivery): Promise<void> {
    if (target.chatType === 'private') {
      for (const reply of delivery.chat) await this.post(target.chat, reply);
      return;
    }
    const note = delivery.chat.find((r) => r.notice === 'sent_privately');
    for (const reply of delivery.chat.filter((r) => r !== note)) {
      const link = reply.privateHandoff ? linkKeyboard(NOTICES.continueButton, deepLink(this.deps.botUsername(), CONTINUE_PAYLOAD)) : undefined;
      await this.post(target.chat, reply, target.replyTo, link);
    }
    if (delivery.private.length === 0) return;
    const heldKey = await this.sendPrivately(target.user, delivery.private);
    const link = heldKey ? linkKeyboard(NOTICES.privateChatButton, deepLink(this.deps.botUsername(), heldKey)) : undefined;
    await this.post(target.chat, heldKey || !note ? { text: NOTICES.openPrivateChat } : note, target.replyTo, link);
  }

  /** Sends to the private chat; when it is closed, holds what is left and returns the deep-link key. */
  private async sendPrivately(user: string, replies: readonly Reply[]): Promise<string | undefined> {
    for (const [index, reply] of replies.entries()) {
      try {
        await this.post(user, reply);
      } catch (error) {
        if (!isPrivateChatClosed(error)) throw error;
        this.deps.logger.info({ channel: 'telegram' }, 'private chat not open yet; holding replies for a deep link');
        return this.deps.handoffs.hold(user, replies.slice(index));
      }
    }
    return undefined;
  }

  private async post(chat: string, reply: Reply, replyTo?: number, extra?: InlineKeyboardMarkup): Promise<void> {
    const keyboard = joinKeyboards(reply.buttons?.length ? choiceKeyboard(reply.buttons) : undefined, extra);
    const text = reply.text.trim() || (keyboard ? '请选择：' : '');
    const parts = splitText(text);
    for (const [index, part] of parts.entries()) {
      const last = index === parts.length - 1;
      await this.deps.pacer.schedule(chat, () =>
        this.deps.api.sendMessage(chat, part, {
          link_preview_options: { is_disabled: true },
          ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
          ...(last && keyboard ? { reply_markup: keyboard } : {}),
        }),
      );
    }
  }
}
