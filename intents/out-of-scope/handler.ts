import type { IntentHandler } from '../../src/engine/intent.ts';

/** Anything the bot is not for: say so kindly and show what it can do. */
export const handleOutOfScope: IntentHandler = () => {
  return [
    {
      text: '这个我帮不上忙。我是办事小助手，能回答办事指南、帮您约代办员上门、反映问题。回复"帮助"看菜单。',
    },
  ];
};
