import type { FollowUp, IntentDeclaration } from '../../src/nlu/intent-declaration.ts';
import { detectSection } from '../../src/knowledge/sections.ts';

const MORE = /^(全部|完整|详细|详情|更多|都要|全的|所有)/;

/** "要带什么", "在哪办" about the item in context: that section; "全部": the whole guide. */
function followUp(text: string): FollowUp | undefined {
  const section = detectSection(text);
  if (section) return { section };
  return MORE.test(text.trim()) ? { section: 'full' } : undefined;
}

/** A question about a service item: materials, conditions, steps, place, time, phone. */
export const guide: IntentDeclaration = {
  name: 'guide',
  description: '办事指南：问某个事项怎么办、要带什么、在哪办、多久办好',
  followUp,
};
