import type { InboundMessage, Reply } from '../message.ts';

/** The longest message the engine reads; longer ones get a friendly request to shorten. */
export const MAX_TEXT_LENGTH = 4000;

const ONLY_SYMBOLS = /^[\s\p{P}\p{S}\p{Extended_Pictographic}\u200d\ufe0f]+$/u;

/**
 * Checks a message before anything else looks at it. Returns replies to send instead of
 * handling it (possibly none, to stay silent), or `undefined` when the message may go on.
 */
export function guardInput(message: InboundMessage): Reply[] | undefined {
  const text = message.text.trim();
  if (text.length > MAX_TEXT_LENGTH) {
    return [{ text: `您的消息太长了（超过${MAX_TEXT_LENGTH}字），我读不过来。请分几句说，先说最要紧的事。` }];
  }
  if (text === '') {
    if (message.chatType === 'group' && !message.mentioned) return [];
    if (message.attachments.length > 0) return [{ text: '收到您发的图片或文件了。请再用文字说一下想办什么事或反映什么问题。' }];
    return [{ text: '您好，请直接说想办什么事，比如"低保怎么申请"。回复"帮助"看我能做什么。' }];
  }
  if (ONLY_SYMBOLS.test(text)) {
    if (message.chatType === 'group' && !message.mentioned) return [];
    return [{ text: '我只看得懂文字哦。请说说想办什么事，比如"老年证在哪办"。回复"帮助"看菜单。' }];
  }
  return undefined;
}
