import { types, type Message } from 'wechaty';
import type { InboundMessage } from '../../src/message.ts';
import type { GroupAllowList } from './group-allow-list.ts';
import { imageAttachment } from './image-attachment.ts';

/** What a WeChat message is to the bot. */
export type InboundDecision =
  | { kind: 'message'; message: InboundMessage }
  /** A private message of a type the bot cannot read (voice, sticker, file…): say so kindly. */
  | { kind: 'unsupported'; chat: string; type: string }
  | { kind: 'ignore'; reason: string };

/** What the translation needs besides the message. */
export interface InboundContext {
  groups: GroupAllowList;
  /** The bot's own name, to strip an @-mention a puppet left in the text. */
  selfName: () => string | undefined;
  /** Downloads an image; undefined when it cannot (too large, failed). */
  image?: (message: Message) => Promise<InboundMessage['attachments'][number] | undefined>;
  /** Told when an image could not be fetched (the message goes on without it). */
  onImageError?: (error: unknown) => void;
}

/** What a mention without any text means: the resident wants to know what the bot does. */
export const BARE_MENTION_TEXT = '你好';

/** Message types answered "我只看得懂文字和图片" in a private chat. */
const UNSUPPORTED = new Set<types.Message>([
  types.Message.Audio,
  types.Message.Emoticon,
  types.Message.Attachment,
  types.Message.Location,
  types.Message.MiniProgram,
  types.Message.Url,
  types.Message.Video,
  types.Message.Contact,
  types.Message.ChatHistory,
  types.Message.Transfer,
  types.Message.RedEnvelope,
  types.Message.Post,
]);

/** People: personal accounts and WeCom (企业微信) colleagues; not official accounts or unknowns. */
const PEOPLE = new Set<types.Contact>([types.Contact.Individual, types.Contact.Corporation]);

function stripSelfMention(text: string, selfName: string | undefined): string {
  if (!selfName) return text.trim();
  return text.replaceAll(`@${selfName}`, ' ').replace(/[\u2005\s]+/g, (space) => (space.includes('\n') ? '\n' : ' ')).trim();
}

/**
 * Translates a native wechaty message into the normalized `InboundMessage`, or says why not.
 * Ignored: the bot's own messages, official accounts and other non-people (bots), groups not on
 * the allow-list, group messages not addressed to the bot (unless the group answers clear
 * questions unasked), system notices and recalls, and in groups anything but text. In an
 * allow-listed group the message carries the group's village; a mention is stripped from the
 * text, and a mention alone means "你好". Images become attachments (the text is empty).
 */
export async function translateMessage(native: Message, context: InboundContext): Promise<InboundDecision> {
  if (native.self()) return { kind: 'ignore', reason: 'self' };
  const talker = native.talker();
  if (!PEOPLE.has(talker.type())) return { kind: 'ignore', reason: 'not a person' };
  const type = native.type();
  const room = native.room();
  const base = {
    id: native.id,
    channel: 'wechat' as const,
    user: talker.id,
    userName: talker.name(),
    receivedAt: native.date(),
  };

  if (!room) {
    if (type === types.Message.Text) {
      return { kind: 'message', message: { ...base, chat: talker.id, chatType: 'private', text: native.text(), mentioned: true, attachments: [] } };
    }
    if (type === types.Message.Image) {
      const attachment = await (context.image ?? imageAttachment)(native).catch((error: unknown) => {
        context.onImageError?.(error);
        return undefined;
      });
      return {
        kind: 'message',
        message: { ...base, chat: talker.id, chatType: 'private', text: '', mentioned: true, attachments: attachment ? [attachment] : [] },
      };
    }
    if (UNSUPPORTED.has(type)) return { kind: 'unsupported', chat: talker.id, type: types.Message[type] };
    return { kind: 'ignore', reason: `type ${types.Message[type]}` };
  }

  const policy = context.groups.match({ id: room.id, topic: await room.topic() });
  if (!policy) return { kind: 'ignore', reason: 'group not allow-listed' };
  // Only text can carry an @-mention; a photo, sticker or voice in a group is never for the bot.
  if (type !== types.Message.Text) return { kind: 'ignore', reason: `group ${types.Message[type]}` };
  // Everything said in an allow-listed group goes to the engine: it answers what is addressed to
  // it, a clear question where the group wants that, and an emergency whoever it was said to.
  const mentioned = await native.mentionSelf();
  const text = mentioned ? stripSelfMention(await native.mentionText(), context.selfName()) : native.text();
  return {
    kind: 'message',
    message: {
      ...base,
      chat: room.id,
      chatType: 'group',
      text: mentioned && text === '' ? BARE_MENTION_TEXT : text,
      mentioned,
      ...(!mentioned && policy.autoAnswer ? { answerIfClear: true } : {}),
      village: policy.village,
      attachments: [],
    },
  };
}
