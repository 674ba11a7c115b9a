import type { SlotSpec } from '../../src/engine/form.ts';
import type { KnowledgeSnapshot } from '../../src/knowledge/knowledge-service.ts';
import { findVillages } from '../../src/nlu/entities.ts';

/** The wording of a village question. */
export interface VillagePrompts {
  village: (names: string) => string;
  villageUnknown: (said: string, names: string) => string;
}

/**
 * The "which village" slot shared by the booking and complaint forms: one of the town's villages
 * by name or short alias; an unknown name is answered with the list of villages.
 */
export function villageSlot<C extends { knowledge: KnowledgeSnapshot }>(prompts: VillagePrompts): SlotSpec<{ village: string }, 'village', C> {
  const names = (context: C) => context.knowledge.base.villages.map((v) => v.name).join('、');
  return {
    name: 'village',
    label: '村',
    prompt: (_slots, context) => prompts.village(names(context)),
    parse: (text, _slots, context) => {
      const found = findVillages(text, context.knowledge.base.villages)[0];
      return found
        ? { ok: true, value: found.value }
        : { ok: false, error: prompts.villageUnknown(text.trim().slice(0, 10), names(context)) };
    },
    extract: (text, _slots, context) => findVillages(text, context.knowledge.base.villages)[0]?.value,
  };
}
