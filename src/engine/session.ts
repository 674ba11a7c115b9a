import type { Button, InboundMessage } from '../message.ts';

/** What the bot remembers of a conversation between messages (persisted). */
export interface Session {
  /** The item the last answer was about, for follow-ups such as "要带什么". */
  lastItemId?: string;
  /** The choices last offered, so that a bare "2" picks the second. */
  buttons?: Button[];
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

/** Sessions are per person per chat: a group conversation is not the private one. */
export function sessionKey(message: Pick<InboundMessage, 'channel' | 'chat' | 'user'>): string {
  return `${message.channel}:${message.chat}:${message.user}`;
}
