import type { KnowledgeService } from '../knowledge/knowledge-service.ts';
import type { Item, Village } from '../knowledge/schema.ts';

/**
 * What the visit service reads from the knowledge base: items (name, department, proxy,
 * materials) and villages (tier, open days, serving station). Read on every call, so a knowledge
 * reload takes effect without restarting the visit service.
 */
export interface VisitCatalog {
  item(id: string): Item | undefined;
  villages(): readonly Village[];
}

/** The catalog over the live knowledge snapshot. */
export function catalogFromKnowledge(knowledge: KnowledgeService): VisitCatalog {
  return {
    item: (id) => knowledge.current.itemsById.get(id),
    villages: () => knowledge.current.base.villages,
  };
}

/** A fixed catalog (tests, scripts). */
export function staticCatalog(items: readonly Item[], villages: readonly Village[]): VisitCatalog {
  const byId = new Map(items.map((item) => [item.id, item]));
  return { item: (id) => byId.get(id), villages: () => villages };
}

/** Finds a village by its name or one of its aliases ("岭口" → 岭口村). */
export function findVillage(catalog: VisitCatalog, name: string): Village | undefined {
  const wanted = name.trim();
  return catalog.villages().find((v) => v.name === wanted || v.aliases.includes(wanted));
}
