import type { IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** Cancel a booking, a complaint or the form in progress. */
export const cancel: IntentDeclaration = {
  name: 'cancel',
  description: '取消预约、撤回投诉或不办了',
};
