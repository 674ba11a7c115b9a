import type { Message, MessageEntity } from 'grammy/types';
import { commandText, parseCommand, type BotCommand } from './bot-commands.ts';

/** Who the bot is, as `getMe` said: to recognise mentions of it and replies to it. */
export interface BotIdentity {
  id: number;
  username: string;
}

/** The words of a Telegram message as the engine should read them. */
export interface InboundText {
  /** The text or caption, the bot's @mention taken out, a command turned into its words. */
  text: string;
  /** Addressed to the bot: an @mention, a reply to one of its messages, or a command. */
  mentioned: boolean;
  /** The command the message starts with, when it is meant for this bot. */
  command?: BotCommand;
  /** A command for another bot in the same group: not ours to answer. */
  forAnotherBot: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function mentionsBot(text: string, entities: readonly MessageEntity[], me: BotIdentity): boolean {
  const handle = `@${me.username}`.toLowerCase();
  for (const entity of entities) {
    if (entity.type === 'text_mention' && entity.user.id === me.id) return true;
    // Offsets are UTF-16 code units, as JavaScript strings are.
    if (entity.type === 'mention' && text.slice(entity.offset, entity.offset + entity.length).toLowerCase() === handle) return true;
  }
  return new RegExp(`${escapeRegExp(handle)}(?![A-Za-z0-9_])`, 'i').test(text);
}

/**
 * Reads the text (or a photo's caption) of a message: whether it addresses the bot — which in a
 * group under privacy mode is all the bot is meant to answer — and what to hand the engine.
 */
export function readInboundText(message: Message, me: BotIdentity): InboundText {
  const raw = message.text ?? message.caption ?? '';
  const entities = message.entities ?? message.caption_entities ?? [];
  const parsed = parseCommand(raw);
  const forAnotherBot = parsed?.target !== undefined && parsed.target.toLowerCase() !== me.username.toLowerCase();
  const command = parsed && !forAnotherBot ? parsed : undefined;
  const repliedToBot = message.reply_to_message?.from?.id === me.id;
  const mentioned = !forAnotherBot && (command !== undefined || repliedToBot || mentionsBot(raw, entities, me));
  const stripped = raw
    .replace(new RegExp(`@${escapeRegExp(me.username)}(?![A-Za-z0-9_])`, 'gi'), ' ')
    .replace(/[ \t]{2,}/g, ' ')
    .trim()
    .replace(/^[,，:：、]\s*/, '');
  const text = command ? commandText(command) : stripped;
  return { text, mentioned, forAnotherBot, ...(command ? { command } : {}) };
}
