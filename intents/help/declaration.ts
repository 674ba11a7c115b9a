import type { IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** A greeting, or what can you do. */
export const help: IntentDeclaration = {
  name: 'help',
  description: '打招呼、菜单、能做什么',
};
