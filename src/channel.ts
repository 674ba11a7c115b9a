import type { ChannelName, InboundMessage, Reply } from './message.ts';
import type { Recipient } from './notify/notification-outbox.ts';

/** What a channel adapter hands each normalized message to. */
export type MessageHandler = (message: InboundMessage) => Promise<Reply[]>;

/**
 * The small interface every channel adapter implements: start listening and hand messages to
 * the engine, send replies in the channel's own way, stop cleanly.
 */
export interface Channel {
  readonly name: ChannelName;
  start(handle: MessageHandler): Promise<void>;
  /**
   * Sends replies the bot did not send in answer to a message just now (a reminder, a status
   * change, a conversation moved to the private chat). Throws when the channel cannot send now
   * (down, logged out), so the notification stays queued and is tried again.
   */
  send(to: Recipient, replies: Reply[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Renders buttons as numbered lines, for channels that have no buttons. The engine accepts the
 * number as the choice, so "1" works everywhere.
 */
export function buttonsAsText(reply: Reply): string {
  if (!reply.buttons?.length) return reply.text;
  const lines = reply.buttons.map((button, index) => `${index + 1}. ${button.label}`);
  return `${reply.text}\n${lines.join('\n')}`;
}

/** Said in a group right after a resident posted her own phone or ID number there. */
export const RECALL_PERSONAL_NUMBER: Reply = { text: '提醒：您在群里发了电话或身份证号，群里人人都看得到，建议长按那条消息撤回。个人信息请私聊我。' };

/** What stands in a group for a private reply that cannot be delivered privately. */
export const WITHHELD_IN_GROUP: Reply = { text: '这条内容含个人信息，不在群里发。请私聊我继续。' };

/**
 * Keeps personal data out of groups: in a group chat, replies marked `private` are replaced by
 * one neutral note, for channels that cannot send them to the private chat instead.
 */
export function withholdPrivateInGroup(replies: Reply[], chatType: 'private' | 'group'): Reply[] {
  if (chatType === 'private' || !replies.some((r) => r.private)) return replies;
  return [...replies.filter((r) => !r.private), WITHHELD_IN_GROUP];
}

/** Mobiles (with or without +86), 18- and 15-character ID numbers whatever their checksum. */
const PERSONAL_NUMBER = /(?<![\dA-Za-z])(?:(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}|\d{17}[\dXx]|\d{15})(?![\dA-Za-z])/g;

/**
 * The last guard before a group: masks every mobile and ID number (full-width digits too, and an
 * ID number with a typo in its check digit), keeping the first three and last two characters.
 * Office landlines ("0579-…") stay: a guide answer in a group needs them.
 */
export function maskPersonalInGroup(text: string): string {
  return halfWidthDigits(text).replace(PERSONAL_NUMBER, (number) => `${number.slice(0, 3)}****${number.slice(-2)}`);
}

/** Whether the text holds a mobile or ID number (what `maskPersonalInGroup` would mask). */
export function hasPersonalNumber(text: string): boolean {
  return halfWidthDigits(text).search(PERSONAL_NUMBER) !== -1;
}

/** Full-width digits count as digits; the rest of the text (its Chinese punctuation) stays as it is. */
function halfWidthDigits(text: string): string {
  return text.replace(/[０-９＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}
