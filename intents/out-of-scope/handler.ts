import { say, type IntentHandler } from '../../src/engine/intent.ts';

/** Thanks and "好的" end a conversation; they deserve a kind word, not "帮不上忙". */
const SMALL_TALK: [RegExp, string][] = [
  // Praise, unless denied ("不好用", "不是很好", "不太方便"): that is a complaint, not a compliment.
  [/^(?!.*(?:不(?!错)|没|别|差)[^，。,.!！?？]{0,2}(?:好|行|错|棒|厉害|方便))(?=.*(?:点赞|好评|真好|很好|不错|真棒|厉害|好用|方便多了))/, '谢谢您的夸奖！还有事随时找我。'],
  [/谢谢|多谢|感谢|谢啦|辛苦了|麻烦你了/, '不客气！还有事随时找我。'],
  [/^(好的?|好嘞|好滴|知道了|晓得了|明白了|懂了|收到|嗯+|哦+|ok|okay|行|可以)[!！。.～~]*$/i, '好的，还有事随时找我。'],
  [/^(再见|拜拜|88)[!！。.～~]*$/, '再见，有事随时找我。'],
];

/** The kind word for thanks, praise, "好的" or a goodbye, if the message is one. */
export function smallTalkReply(text: string): string | undefined {
  return SMALL_TALK.find(([pattern]) => pattern.test(text.trim()))?.[1];
}

/** Anything the bot is not for: say so kindly and show what it can do. */
export const handleOutOfScope: IntentHandler = (context) => {
  const smallTalk = smallTalkReply(context.text);
  if (smallTalk) return say({ text: smallTalk });
  return say({ text: '这个我帮不上忙。我是办事小助手，能回答办事指南、帮您约代办员上门、反映问题。回复"帮助"看菜单。' });
};
