import type { KnowledgeService } from '../knowledge/knowledge-service.ts';
import type { Retrieval } from '../knowledge/retriever.ts';
import type { EmergencyDetector, EmergencyReading } from './emergency-detector.ts';
import { findDates, findIdNumbers, findPhones, findVillages, type Entity } from './entities.ts';
import { decideIntent, decideItem, type IntentResult } from './decision.ts';
import { withoutDenials } from './denials.ts';
import { detectSections, sectionOfAsk } from '../knowledge/sections.ts';
import { NOTHING_SAID, type SlotReadings } from './slot-readers.ts';
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
  /** What a question asks about (materials, the amount a benefit pays…): the ask model's likeliest reading. */
  ask: Ranked;
  /** What it says of the choice slots of the open form (or, with none open, of the form its intent opens). */
  slots: SlotReadings;
}

/**
 * Whether a message says anything beyond place names: the item model has nothing to read in "岭口村"
 * alone (an answer to the village question) and would guess an item from where people ask about it.
 */
function hasWordsBeyondPlaces(text: string, placeNames: readonly string[]): boolean {
  const left = placeNames.reduce((rest, name) => rest.split(name).join(''), text).replace(/[\s\p{P}\p{S}\d]/gu, '');
  return [...left].length >= 2;
}

/** A question for a part of a guide is this short when it names no service ("材料", "要准备哪些东西"). */
const PART_ONLY_CHARS = 10;
/**
 * From this probability on, the ask model's reading of a question (calibrated by writer
 * cross-validation: a reading at 0.6 is right about 60% of the time) decides which part of a guide
 * answers it; below it the cue words do. The cue words pick the right part for 0.61 of the training
 * writers' questions (`npm run eval -- --training-writers`; they learned nothing from them): the
 * model's calibrated 0.6 is as good as they are at their best.
 */
export const SURE_ASK = 0.6;

/**
 * "材料", "要准备哪些东西": a short question for a part of a guide whose words the retrieval finds in
 * no service. It names none: the item model's guess (most such questions in the corpus were about
 * 低保, so it says 低保) is no reading of it, and it is about the service in context.
 */
function asksForAPartOnly(text: string, retrieved: Retrieval, ask: Ranked): boolean {
  // "摩托车上牌在哪办" names something, only nothing we have: its words are unknown to the knowledge base.
  if (retrieved.confidence !== 'unknown' || retrieved.unknownWords.length > 0 || [...text.replace(/[^\p{Script=Han}]/gu, '')].length > PART_ONLY_CHARS) return false;
  return detectSections(text).length > 0 || (ask.probability >= SURE_ASK && sectionOfAsk(ask.label) !== undefined);
}

/** The open form a message may answer: its name and the slot asked. */
export interface OpenForm {
  name: string;
  asking?: string;
}

/** The form a first message of each intent opens, whose choice slots it may already state. */
const FORM_OPENED_BY: Partial<Record<string, string>> = { visit: 'visit', complaint: 'complaint', feedback: 'rating' };

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

  /**
   * Parses text; `now` fixes the reference for relative dates; `emergency` reuses a reading already
   * made; `form` is the open form, whose question the message may answer.
   */
  parse(text: string, now: Date = new Date(), emergency: EmergencyReading = this.detector.read(text), form?: OpenForm): NluResult {
    const { retriever, base, itemsById, placeNames } = this.knowledge.current;
    // Which service it is about, from what it does not deny ("我不是低保户…" names no 低保).
    const about = withoutDenials(text);
    const retrieved = retriever.retrieve(about);
    const ask = text.trim() === '' ? { label: 'general', probability: 0 } : this.model.asks(text)[0]!;
    const decided = !hasWordsBeyondPlaces(about, placeNames)
      ? { retrieval: retrieved, inContext: false }
      : asksForAPartOnly(about, retrieved, ask)
        ? { retrieval: retrieved, inContext: true }
        : decideItem(about, retrieved, this.model.items(about), itemsById);
    const { retrieval } = decided;
    // Denying one service and naming no other in so many words ("我不是低保户，能不能申请") asks about the one in context.
    const inContext = decided.inContext || (about !== text && retrieved.confidence !== 'sure');
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
    const opens = FORM_OPENED_BY[intent.name];
    return { intent, intents, entities, retrieval, emergency, inContext, ask, slots: this.slots(text, form ?? (opens ? { name: opens } : undefined)) };
  }

  /** What a text says of the choice slots of a form: the answer to its question `asking`, or its first message. */
  slots(text: string, form: OpenForm | undefined): SlotReadings {
    if (text.trim() === '' || !form) return NOTHING_SAID;
    return this.model.slots(text, form.name, form.asking);
  }
}
