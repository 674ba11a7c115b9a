import type { KnowledgeService } from '../knowledge/knowledge-service.ts';
import type { Retrieval } from '../knowledge/retriever.ts';
import type { EmergencyDetector, EmergencyReading } from './emergency-detector.ts';
import { findDates, findIdNumbers, findPhones, findVillages, type Entity } from './entities.ts';
import { decideIntent, decideItem, type IntentResult } from './decision.ts';
import type { Ranked, UnderstandingModel } from './understanding-model.ts';

/** What the NLU understood of one message. */
export interface NluResult {
  intent: IntentResult;
  /** The model's intents before the decision, most likely first. */
  intents: Ranked[];
  entities: Entity[];
  retrieval: Retrieval;
  /** Whether an emergency is happening now, by the trained detector. */
  emergency: EmergencyReading;
  /** The message names no service of its own ("那要多久能拿到"): a follow-up about the one in context. */
  inContext: boolean;
}

/**
 * Understands one message: the emergency detector, retrieval (an item named in the text is
 * evidence for `guide`), the trained intent model, the decision that weighs them (`decision.ts`),
 * then the entities.
 */
export class Nlu {
  constructor(
    private readonly knowledge: KnowledgeService,
    readonly model: UnderstandingModel,
    private readonly detector: EmergencyDetector,
  ) {}

  /** Whether the text reports an emergency happening now: cheap, for messages nobody addressed to the bot. */
  emergency(text: string): EmergencyReading {
    return this.detector.read(text);
  }

  /** Parses text; `now` fixes the reference for relative dates. `emergency` reuses a reading already made. */
  parse(text: string, now: Date = new Date(), emergency: EmergencyReading = this.detector.read(text)): NluResult {
    const { retriever, base, itemsById } = this.knowledge.current;
    const { retrieval, inContext } =
      text.trim() === '' ? { retrieval: retriever.retrieve(text), inContext: false } : decideItem(retriever.retrieve(text), this.model.items(text), itemsById);
    const intents = text.trim() === '' ? [{ label: 'out_of_scope', probability: 1 }] : this.model.intents(text);
    const intent = decideIntent(intents, retrieval, emergency);
    const entities: Entity[] = [
      ...findPhones(text),
      ...findIdNumbers(text),
      ...findVillages(text, base.villages),
      ...findDates(text, now),
    ];
    const top = retrieval.hits[0];
    if (retrieval.confidence === 'sure' && top) entities.push({ type: 'item', value: top.item.id, text: top.item.name });
    return { intent, intents, entities, retrieval, emergency, inContext };
  }
}
