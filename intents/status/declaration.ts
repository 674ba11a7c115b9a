import type { IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** Ask about one's own booking or complaint. */
export const status: IntentDeclaration = {
  name: 'status',
  description: '查询自己的预约或投诉的进度',
};
