import { say, type IntentHandler } from '../../src/engine/intent.ts';

/** Thanks and "好的" end a conversation; they deserve a kind word, not "帮不上忙". */
const SMALL_TALK: [RegExp, string][] = [
  [/谢谢|多谢|感谢|谢啦|辛苦了|麻烦你了/, '不客气！还有事随时找我。'],
  [/^(好的?|好嘞|好滴|知道了|晓得了|明白了|懂了|收到|嗯+|哦+|ok|okay|行|可以)[!！。.～~]*$/i, '好的，还有事随时找我。'],
  [/^(再见|拜拜|88)[!！。.～~]*$/, '再见，有事随时找我。'],
];

/** Anything the bot is not for: say so kindly and show what it can do. */
export const handleOutOfScope: IntentHandler = (context) => {
  const said = context.text.trim();
  const smallTalk = SMALL_TALK.find(([pattern]) => pattern.test(said))?.[1];
  if (smallTalk) return say({ text: smallTalk });
  return say({ text: '这个我帮不上忙。我是办事小助手，能回答办事指南、帮您约代办员上门、反映问题。回复"帮助"看菜单。' });
};
