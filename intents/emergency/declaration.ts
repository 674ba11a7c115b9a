import type { IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/**
 * An emergency happening now: fire, injury, violence, gas, drowning and the rest of
 * `src/nlu/emergency-kinds.ts`. It has no trigger words: the trained emergency detector
 * (`npm run train`, from knowledge/nlu/emergency/) decides, before any other intent is looked at.
 */
export const emergency: IntentDeclaration = {
  name: 'emergency',
  description: '紧急情况：火灾、受伤、急病、中毒、溺水、暴力、走失、被困、诈骗进行中',
};
