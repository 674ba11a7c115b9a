import type { Delivery } from '../../src/deliver.ts';
import { packTexts } from './message-chunks.ts';
import { addFriendHint } from './wechat-notices.ts';

/** What goes where for one batch of replies: into the chat it answers, and to the asker directly. */
export interface ReplyPlan {
  /** Messages for the chat itself (in a group: each mentions the asker). */
  chat: string[];
  /** Messages for the asker's private chat (only ever filled for a group asker who is a friend). */
  direct: string[];
}

/**
 * Turns a delivery (`planDelivery`: buttons already numbered lines, group texts masked) into as
 * few WeChat messages as fit. What only WeChat has is added here: a personal account can write
 * privately only to friends, so a withheld note, and a hand-off to the private chat for a
 * resident who is not a friend yet, say how to become one.
 */
export function planReplies(delivery: Delivery, options: { askerIsFriend: boolean; friendKeyword: string }): ReplyPlan {
  const hint = addFriendHint(options.friendKeyword);
  const chat = delivery.chat.map((r) => (r.notice === 'withheld' || (r.privateHandoff && !options.askerIsFriend) ? `${r.text}\n${hint}` : r.text));
  return { chat: packTexts(chat), direct: packTexts(delivery.private.map((r) => r.text)) };
}
