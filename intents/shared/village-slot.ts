import type { SlotSpec } from '../../src/engine/form.ts';
import type { KnowledgeSnapshot } from '../../src/knowledge/knowledge-service.ts';
import { findVillages } from '../../src/nlu/entities.ts';
import { isQuestion } from '../../src/nlu/form-acts.ts';

/** The wording of a village question. */
export interface VillagePrompts {
  village: (names: string) => string;
}

/**
 * What was said is not one of the villages: a short name is named back ("没找到"张家村"这个村"); a
 * sentence or a question ("我先问问是村里管还是镇里管？") is no village name and is not echoed as one.
 */
function villageUnknown(said: string, names: string): string {
  const name = said.trim();
  const looksLikeAName = [...name].length <= 6 && !isQuestion(name) && /^[\p{Script=Han}]+$/u.test(name);
  return looksLikeAName ? `没找到"${name}"这个村。玉山镇的村有：${names}。请说村名。` : `请说是哪个村的。玉山镇的村有：${names}。`;
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
        : { ok: false, error: villageUnknown(text, names(context)) };
    },
    extract: (text, _slots, context) => findVillages(text, context.knowledge.base.villages)[0]?.value,
  };
}
