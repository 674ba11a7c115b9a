import type { Button, InboundMessage } from '../message.ts';
import type { EmergencyKind } from '../nlu/emergency-kinds.ts';
import type { StoredForm } from './form.ts';

/** What the bot remembers of a conversation between messages (persisted as JSON). */
export interface Session {
  /** The item the last answer was about, for follow-ups such as "要带什么". */
  lastItemId?: string;
  /** The choices last offered, so that a bare "2" picks the second. */
  buttons?: Button[];
  /** The form being filled (a booking, a complaint), which wins over intent detection. */
  form?: StoredForm;
  /** The last question the bot could not answer, which the resident may send to 12345. */
  lastQuestion?: string;
  /** A message the bot asked about ("您是想问…还是要反映问题？"): the choice made next is applied to it. */
  pending?: string;
  /** The resident's village, once known. */
  village?: string;
  /** The last emergency answered in this conversation: what follows it soon may be a call for help. */
  lastEmergency?: { kind: EmergencyKind; at: string };
  /** The last emergency the village's duty contacts were alerted to from this conversation. */
  lastAlert?: { kind: EmergencyKind; at: string };
  /** Messages handled in this conversation. */
  turns: number;
  updatedAt: string;
}

/**
 * A change to a session, as a handler returns it: a field set to a value is set, a field set to
 * `null` is removed, a field left out stays as it is. Only the commit step applies patches.
 */
export type SessionPatch = { [K in Exclude<keyof Session, 'turns' | 'updatedAt'>]?: Session[K] | null };

/** A fresh session. */
export function newSession(now: Date = new Date()): Session {
  return { turns: 0, updatedAt: now.toISOString() };
}

/** The session with the patch applied: a new object, the old one untouched. */
export function patched(session: Session, patch: SessionPatch): Session {
  const next: Record<string, unknown> = { ...session };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return next as unknown as Session;
}

/** Two patches as one: what the second says wins. */
export function mergePatches(first: SessionPatch, second: SessionPatch | undefined): SessionPatch {
  return second ? { ...first, ...Object.fromEntries(Object.entries(second).filter(([, v]) => v !== undefined)) } : first;
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
