import type { IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** A rating or review of a service (好差评). */
export const feedback: IntentDeclaration = {
  name: 'feedback',
  description: '评价服务：满意、基本满意、不满意',
};
