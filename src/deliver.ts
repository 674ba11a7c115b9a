import { maskPersonalNumbers } from './personal-numbers.ts';
import type { ChannelName, Reply } from './message.ts';

/** What a channel can do for one chat. */
export interface ChannelCapabilities {
  /** Native buttons (Telegram's inline keyboard, the web's button list); otherwise numbered lines. */
  buttons: boolean;
  /**
   * Whether the asker can be written to privately (WeChat: a friend; Telegram: try, the adapter
   * falls back to a deep link; the web: her own inbox). Otherwise personal replies are withheld.
   */
  privateReplies: boolean;
}

/** Where the replies to one message go. */
export interface Delivery {
  /** Into the chat the message came from. In a group: nothing personal, every number masked. */
  chat: Reply[];
  /** To the asker's private chat. */
  private: Reply[];
}

/** The group's note when personal replies went to the asker's private chat. */
export const SENT_PRIVATELY = '这条内容含个人信息，已私聊发给您，请在私聊里查看。';
/** The group's note when personal replies could not go anywhere else. */
export const WITHHELD_IN_GROUP = '这条内容含个人信息，不在群里发。请私聊我继续。';

/**
 * Renders buttons as numbered lines, for channels that have none. The engine accepts the number
 * as the choice, so "1" works everywhere.
 */
export function buttonsAsText(reply: Reply): string {
  if (!reply.buttons?.length) return reply.text;
  const lines = reply.buttons.map((button, index) => `${index + 1}. ${button.label}`);
  return `${reply.text}\n${lines.join('\n')}`;
}

function asChannelShows(reply: Reply, capabilities: ChannelCapabilities): Reply {
  if (capabilities.buttons || !reply.buttons?.length) return reply;
  const { buttons: _shown, ...rest } = reply;
  return { ...rest, text: buttonsAsText(reply) };
}

/**
 * The one group-privacy policy of every channel. In a private chat everything goes to the chat.
 * In a group, replies marked `private` go to the asker's private chat where the channel can reach
 * it, and the group gets one neutral note (`notice: 'sent_privately'`); where it cannot, they are
 * withheld (`notice: 'withheld'`). Every text left for a group has its mobile and ID numbers
 * masked. Buttons become numbered lines where the channel has none. Adapters translate the
 * result into sends and may add to a notice what only their platform has (a deep link, the
 * add-friend hint).
 */
export function planDelivery(replies: readonly Reply[], chatType: 'private' | 'group', capabilities: ChannelCapabilities): Delivery {
  const shown = (reply: Reply) => asChannelShows(reply, capabilities);
  if (chatType === 'private') return { chat: replies.map(shown), private: [] };
  const personal = replies.filter((r) => r.private);
  const chat = replies.filter((r) => !r.private);
  if (personal.length) {
    chat.push(
      capabilities.privateReplies ? { text: SENT_PRIVATELY, notice: 'sent_privately' } : { text: WITHHELD_IN_GROUP, notice: 'withheld' },
    );
  }
  return {
    chat: chat.map((reply) => {
      const masked = shown(reply);
      return { ...masked, text: maskPersonalNumbers(masked.text) };
    }),
    private: capabilities.privateReplies ? personal.map(shown) : [],
  };
}

/** What each channel can do when its adapter says nothing more precise for a chat. */
export function defaultCapabilities(channel: ChannelName): ChannelCapabilities {
  switch (channel) {
    case 'web':
      return { buttons: true, privateReplies: true };
    case 'telegram':
      return { buttons: true, privateReplies: true };
    case 'wechat':
    case 'console':
      return { buttons: false, privateReplies: false };
  }
}

/**
 * The same delivery when the private chat turned out to be unreachable after all (a direct
 * message that failed): the personal replies withheld from the group instead.
 */
export function withheldInstead(delivery: Delivery): Delivery {
  const inGroup = delivery.chat.filter((r) => r.notice !== 'sent_privately');
  return planDelivery([...inGroup, ...delivery.private.map((r) => ({ ...r, private: true }))], 'group', { buttons: false, privateReplies: false });
}
