import type { IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** Ask for a person. */
export const human: IntentDeclaration = {
  name: 'human',
  description: '找人工、工作人员',
};
