import type { Delivery } from './deliver.ts';
import type { ChannelName, InboundMessage, Reply } from './message.ts';
import type { Recipient } from './notify/notification-outbox.ts';

/** What a channel adapter hands each normalized message to: where the replies go. */
export type MessageHandler = (message: InboundMessage) => Promise<Delivery>;

/**
 * The small interface every channel adapter implements: start listening and hand messages to
 * the engine, send replies in the channel's own way, stop cleanly.
 */
export interface Channel {
  readonly name: ChannelName;
  start(handle: MessageHandler): Promise<void>;
  /**
   * Sends replies the bot did not send in answer to a message just now (a reminder, a status
   * change, a conversation moved to the private chat), through `planDelivery` like any answer.
   * Throws when the channel cannot send now (down, logged out), so the notification stays queued
   * and is tried again.
   */
  send(to: Recipient, replies: Reply[]): Promise<void>;
  stop(): Promise<void>;
}

/** Whether a recipient is someone's private chat (every channel names it by the user's id). */
export function isPrivateChat(to: Recipient): boolean {
  return to.chat === to.user;
}
