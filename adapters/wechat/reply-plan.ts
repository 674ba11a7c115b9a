import { buttonsAsText, maskPersonalInGroup, withholdPrivateInGroup, WITHHELD_IN_GROUP } from '../../src/channel.ts';
import type { Reply } from '../../src/message.ts';
import { packTexts } from './message-chunks.ts';
import { addFriendHint, WECHAT_NOTICES } from './wechat-notices.ts';

/** What goes where for one batch of replies: into the chat it answers, and to the asker directly. */
export interface ReplyPlan {
  /** Messages for the chat itself (in a group: each mentions the asker). */
  chat: string[];
  /** Messages for the asker's private chat (only ever filled for a group asker who is a friend). */
  direct: string[];
}


/**
 * Turns the engine's replies into WeChat messages. Buttons become numbered lines. In a group,
 * replies marked `private` go to the asker's private chat when the asker is a friend, otherwise
 * they are withheld with the neutral note and the add-friend hint; a reply that moves the
 * conversation to the private chat gets that hint too when the asker is not a friend. As a last
 * guard, any mobile or ID number left in a group text is masked: it must never reach a group.
 */
export function planReplies(
  replies: readonly Reply[],
  chatType: 'private' | 'group',
  options: { askerIsFriend: boolean; friendKeyword: string },
): ReplyPlan {
  if (chatType === 'private') return { chat: packTexts(replies.map(buttonsAsText)), direct: [] };
  const hint = addFriendHint(options.friendKeyword);
  const personal = replies.filter((r) => r.private);
  let inGroup: Reply[];
  let direct: string[] = [];
  if (personal.length && options.askerIsFriend) {
    direct = packTexts(personal.map(buttonsAsText));
    inGroup = replies.filter((r) => !r.private);
    if (!inGroup.length) inGroup = [{ text: WECHAT_NOTICES.sentPrivately }];
  } else {
    inGroup = withholdPrivateInGroup([...replies], 'group').map((r) => (r === WITHHELD_IN_GROUP ? { text: `${r.text}\n${hint}` } : r));
  }
  if (!options.askerIsFriend && !personal.length) {
    const handoff = inGroup.findIndex((r) => r.privateHandoff);
    if (handoff >= 0) inGroup[handoff] = { ...inGroup[handoff]!, text: `${inGroup[handoff]!.text}\n${hint}` };
  }
  return { chat: packTexts(inGroup.map((r) => maskPersonalInGroup(buttonsAsText(r)))), direct };
}
