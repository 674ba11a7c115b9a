import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { HalfDay, Rating } from '../visits/types.ts';
import { LinearModel, type StoredModel } from './linear-model.ts';
import { readSpan, SPAN_SLOTS, type SpanSlot } from './span-reader.ts';
import { CORPUS_SLOT_NAME, cuesFor, OPENING, REASON_READERS, SLOT_READERS, UNSAID, type ChoiceSlot, type SlotReadings } from './slot-readers.ts';

/** Where each choice reader's label goes in the readings, and as what. */
const CHOICE_SLOT: Record<ChoiceSlot, { name: keyof SlotReadings; value: (label: string) => SlotReadings[keyof SlotReadings] }> = {
  for: { name: 'forOther', value: (label) => label === 'other' },
  half: { name: 'half', value: (label) => label as HalfDay },
  anonymous: { name: 'anonymous', value: (label) => label === 'yes' },
  grade: { name: 'grade', value: (label) => label as Rating },
};

/** A choice slot is read when its reader is this sure (calibrated by writer cross-validation). */
const SURE_OF_A_SLOT = 0.85;

/** The item model's label for a message about no catalogue item ("护照在哪办", "能不能叫人来家里"). */
export const NO_ITEM = 'none';
/** …and for a follow-up that names no service of its own ("那要多久拿到"): it is about the one in context. */
export const IN_CONTEXT = 'context';

/** The understanding models as `npm run train` stores them. */
export const StoredUnderstanding = z
  .object({
    format: z.literal('cunban-understanding-1'),
    intent: z.custom<StoredModel>(),
    act: z.custom<StoredModel>(),
    type: z.custom<StoredModel>(),
    /** What a guide question asks about (the corpus's `ask`). */
    ask: z.custom<StoredModel>(),
    category: z.custom<StoredModel>(),
    subcategory: z.custom<StoredModel>(),
    item: z.custom<StoredModel>(),
    /** The choice-slot readers (slot-readers.ts): one per slot, and "reason:<reason>" per eligibility reason. */
    slots: z.record(z.string(), z.custom<StoredModel>()),
    training: z.record(z.string(), z.unknown()),
  })
  .strict();
export type StoredUnderstanding = z.infer<typeof StoredUnderstanding>;

/** Where the understanding models live in the knowledge folder. */
export function understandingFile(knowledgeDir: string): string {
  return path.join(knowledgeDir, 'nlu', 'model', 'understanding.json');
}

/** A label and its (calibrated) probability. */
export interface Ranked {
  label: string;
  probability: number;
}

/** What the models make of a report for 12345. */
export interface ReportReading {
  type: string;
  /** The type's probability. */
  typeConfidence: number;
  category: string;
  /** A level-2 name under `category`, or undefined when the model knows none there. */
  subcategory: string | undefined;
  /** The category's probability. */
  confidence: number;
}

/** The form context of a form answer as a model feature (the same in training). */
export function formContextFeature(form: string, asking: string): string {
  return `ctx:${form}:${asking}`;
}

function ranked(model: LinearModel, text: string, extra?: readonly string[]): Ranked[] {
  const { probabilities } = model.predict(text, extra);
  return model.labels.map((label, k) => ({ label, probability: probabilities[k]! })).sort((a, b) => b.probability - a.probability);
}

/**
 * The trained understanding of a message (`npm run train`, from knowledge/nlu/resident/ and the
 * emergency corpus's hard negatives): its intent, the service it is about, what a form answer
 * does, and a report's type and categories. Linear models over character n-grams, words and pinyin, calibrated by writer
 * cross-validation.
 */
export class UnderstandingModel {
  private readonly models: Record<'intent' | 'act' | 'type' | 'ask' | 'category' | 'subcategory' | 'item', LinearModel>;
  private readonly slotReaders: Map<string, LinearModel>;
  readonly training: Readonly<Record<string, unknown>>;

  constructor(stored: StoredUnderstanding) {
    const parsed = StoredUnderstanding.parse(stored);
    this.models = {
      intent: new LinearModel(parsed.intent),
      act: new LinearModel(parsed.act),
      type: new LinearModel(parsed.type),
      ask: new LinearModel(parsed.ask),
      category: new LinearModel(parsed.category),
      subcategory: new LinearModel(parsed.subcategory),
      item: new LinearModel(parsed.item),
    };
    this.slotReaders = new Map(Object.entries(parsed.slots).map(([slot, model]) => [slot, new LinearModel(model)]));
    this.training = parsed.training;
  }

  /** Loads the models from the knowledge folder; a missing or broken file stops start-up, naming it. */
  static load(knowledgeDir: string): UnderstandingModel {
    const file = understandingFile(knowledgeDir);
    try {
      return new UnderstandingModel(JSON.parse(readFileSync(file, 'utf8')) as StoredUnderstanding);
    } catch (error) {
      throw new Error(`cannot load the understanding models ${file}: ${(error as Error).message} (npm run train builds them)`);
    }
  }

  /** The intents of a message, most likely first. */
  intents(text: string): Ranked[] {
    return ranked(this.models.intent, text);
  }

  /** The catalogue items a message is about (item ids, and "none" for a service we have no item for), most likely first. */
  items(text: string): Ranked[] {
    return ranked(this.models.item, text);
  }

  /** What a guide question asks about (the corpus's asks: general, materials, amount…), most likely first. */
  asks(text: string): Ranked[] {
    return ranked(this.models.ask, text);
  }

  /** What a form answer does (answer, affirm, deny, change, abandon, dont_know, question), most likely first. */
  acts(text: string, form: string, asking: string): Ranked[] {
    return ranked(this.models.act, text, [formContextFeature(form, asking)]);
  }

  /**
   * What a message says of the choice slots of `form` (slot-readers.ts): its first message (no
   * `asking`) or the answer to the question about `asking` (the form's slot name).
   */
  slots(text: string, form: string, asking?: string): SlotReadings {
    const feature = [formContextFeature(form, asking ? (CORPUS_SLOT_NAME[asking] ?? asking) : OPENING)];
    const read = (slot: string) => {
      const model = this.slotReaders.get(slot);
      const best = model ? ranked(model, text, [...feature, ...cuesFor(slot, text)])[0] : undefined;
      return best && best.label !== UNSAID ? best : undefined;
    };
    const readings: SlotReadings = {};
    const applies = (forms: readonly string[]) => forms.includes(form);
    for (const [slot, reader] of Object.entries(SLOT_READERS)) {
      const said = applies(reader.forms) ? read(slot) : undefined;
      const { name, value } = CHOICE_SLOT[slot as ChoiceSlot];
      if (said && said.probability >= SURE_OF_A_SLOT) Object.assign(readings, { [name]: value(said.label) });
    }
    if (applies(REASON_READERS.forms)) {
      const reasons = REASON_READERS.values.map((reason) => ({ reason, said: read(`reason:${reason}`) })).filter((r) => r.said);
      const sure = reasons.filter((r) => r.said!.probability >= SURE_OF_A_SLOT).map((r) => r.reason);
      if (sure.length) readings.reasons = sure;
    }
    // A span is read from a form's first message (or the report itself, asked for when the first
    // message said only "我要投诉"), and from another answer only for the question it answers:
    // answers are short and about what was asked, and a tagger reading other slots out of them took
    // 奶奶 from the name 马奶奶 as a relation and 陈阿 from "名字写错了，是陈阿宝".
    const answering = asking === undefined || asking === 'content' ? undefined : (CORPUS_SLOT_NAME[asking] ?? asking);
    for (const [slot, reader] of Object.entries(SPAN_SLOTS)) {
      const model = this.slotReaders.get(`span:${slot}`);
      if (!model || !applies(reader.forms) || (answering !== undefined && answering !== slot)) continue;
      const span = readSpan(model, text, feature[0]!);
      if (span) readings[slot as SpanSlot] = span;
    }
    return readings;
  }

  /** A report's type and categories. */
  report(text: string): ReportReading {
    const category = ranked(this.models.category, text)[0]!;
    const within = ranked(this.models.subcategory, text).find((s) => s.label.startsWith(`${category.label}/`));
    const type = ranked(this.models.type, text)[0]!;
    return {
      type: type.label,
      typeConfidence: type.probability,
      category: category.label,
      subcategory: within?.label.slice(category.label.length + 1),
      confidence: category.probability,
    };
  }
}
