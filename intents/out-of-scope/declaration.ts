import type { IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** Anything the bot is not for (weather, songs, prices); chosen when nothing else scores. */
export const outOfScope: IntentDeclaration = {
  name: 'out_of_scope',
  description: '与政务服务无关的话题',
};
