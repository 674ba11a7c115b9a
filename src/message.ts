import type { ChannelCapabilities } from './deliver.ts';

/** Where a message came from. */
export type ChannelName = 'web' | 'console' | 'wechat' | 'telegram';

/** A file the resident sent with a message (a photo for a complaint, say). */
export interface Attachment {
  kind: 'image' | 'file';
  url?: string;
  data?: Uint8Array;
  /** A photo already stored (the web channel's uploads): its record, nothing to save again. */
  stored?: { id: string; mimeType: string; size: number };
  mimeType?: string;
  name?: string;
}

/**
 * The one normalized inbound message: every adapter turns its native update into this, and the
 * engine never sees anything channel-specific.
 */
export interface InboundMessage {
  /** The channel's own message id, used to drop duplicates; optional for channels without one. */
  id?: string;
  channel: ChannelName;
  /** The chat the message was written in: the group, or the private chat with the user. */
  chat: string;
  chatType: 'private' | 'group';
  user: string;
  userName?: string;
  text: string;
  /** Whether the bot was @-mentioned (in groups the bot only answers when it is). */
  mentioned: boolean;
  /**
   * In a group configured for it: answer even without a mention when the message is clearly a
   * service question (a sure guide answer); stay silent otherwise.
   */
  answerIfClear?: boolean;
  /** The village the chat belongs to (a village group), so that "我们村" means it. */
  village?: string;
  attachments: Attachment[];
  /**
   * The network address a browser on the web channel sent from (none from other channels or a
   * gateway holding WEB_API_KEY): what one address may upload in a day is bounded by it.
   */
  address?: string;
  receivedAt: Date;
  /** What the channel can do for this chat (default: the channel's own, see `defaultCapabilities`). */
  capabilities?: ChannelCapabilities;
}

/** A choice the resident can pick; channels without buttons show it as numbered text. */
export interface Button {
  label: string;
  /** What the engine receives when the button is chosen. */
  value: string;
}

/** One reply from the engine. */
export interface Reply {
  text: string;
  buttons?: Button[];
  /** Personal data: must go to the user's private chat, never into a group. */
  private?: boolean;
  /**
   * This group reply moves the conversation to the private chat: channels add what lets the
   * resident get there (a Telegram deep link, a WeChat friend request hint).
   */
  privateHandoff?: boolean;
  /** Set by `planDelivery` on the note a group gets in place of personal replies. */
  notice?: 'sent_privately' | 'withheld';
}
