import type { Button, InboundMessage } from '../message.ts';
import type { FormState } from './form.ts';

/** What the bot remembers of a conversation between messages (persisted). */
export interface Session {
  /** The item the last answer was about, for follow-ups such as "要带什么". */
  lastItemId?: string;
  /** The choices last offered, so that a bare "2" picks the second. */
  buttons?: Button[];
  /** The form being filled (a booking, a complaint), which wins over intent detection. */
  form?: FormState;
  /** The last question the bot could not answer, which the resident may send to 12345. */
  lastQuestion?: string;
  /** The resident's village, once known. */
  village?: string;
  /** Messages handled in this conversation. */
  turns: number;
  updatedAt: string;
}

/** A fresh session. */
export function newSession(): Session {
  return { turns: 0, updatedAt: new Date().toISOString() };
}

/**
 * The private chat with a user. Every channel names a user's private chat by the user's id
 * (web: `chatId` defaults to `userId`; Telegram: the private chat id is the user id; WeChat: the
 * contact id), so a conversation started in a group can continue there.
 */
export function privateChatOf(message: Pick<InboundMessage, 'channel' | 'user'>): Pick<InboundMessage, 'channel' | 'chat' | 'user'> {
  return { channel: message.channel, chat: message.user, user: message.user };
}

/** Sessions are per person per chat: a group conversation is not the private one. */
export function sessionKey(message: Pick<InboundMessage, 'channel' | 'chat' | 'user'>): string {
  return `${message.channel}:${message.chat}:${message.user}`;
}
