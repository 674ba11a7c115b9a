import type { KnowledgeService } from '../knowledge/knowledge-service.ts';
import type { Retrieval } from '../knowledge/retriever.ts';
import { findDates, findIdNumbers, findPhones, findVillages, type Entity } from './entities.ts';
import type { IntentClassifier, IntentResult } from './intent-classifier.ts';

/** What the NLU understood of one message. */
export interface NluResult {
  intent: IntentResult;
  entities: Entity[];
  retrieval: Retrieval;
}

/**
 * Understands one message: retrieval first (an item named in the text is evidence for `guide`),
 * then the intent, then the entities.
 */
export class Nlu {
  constructor(
    private readonly knowledge: KnowledgeService,
    private readonly classifier: IntentClassifier,
  ) {}

  /** Parses text; `now` fixes the reference for relative dates. */
  parse(text: string, now: Date = new Date()): NluResult {
    const { retriever, base } = this.knowledge.current;
    const retrieval = retriever.retrieve(text);
    const intent = this.classifier.classify(text, { itemConfidence: retrieval.confidence });
    const entities: Entity[] = [
      ...findPhones(text),
      ...findIdNumbers(text),
      ...findVillages(text, base.villages),
      ...findDates(text, now),
    ];
    const top = retrieval.hits[0];
    if (retrieval.confidence === 'sure' && top) entities.push({ type: 'item', value: top.item.id, text: top.item.name });
    return { intent, entities, retrieval };
  }
}
