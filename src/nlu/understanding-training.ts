import { createHash } from 'node:crypto';
import type { EmergencyRow, ResidentRow } from './corpus.ts';
import { ASKS, FORM_ACTS } from './corpus.ts';
import { LinearModel } from './linear-model.ts';
import { FeatureCache, trainLinear, type Example, type TrainOptions } from './linear-trainer.ts';
import type { StoredModel } from './linear-model.ts';
import { cuesFor, OPENING, OPENING_INTENT, REASON_READERS, SLOT_READERS, UNSAID, type ChoiceSlot } from './slot-readers.ts';
import { SPAN_SLOTS, SPAN_SPEC, spanFeatures, spanLabels, type SpanSlot } from './span-reader.ts';
import type { FeatureSpec } from './text-features.ts';
import { formContextFeature, IN_CONTEXT, NO_ITEM, type StoredUnderstanding } from './understanding-model.ts';

/** The intents the understanding model tells apart (emergencies are the detector's). */
export const MODEL_INTENTS = ['guide', 'visit', 'complaint', 'status', 'cancel', 'feedback', 'human', 'help', 'out_of_scope'] as const;
export const APPEAL_TYPES = ['咨询', '求助', '投诉', '举报', '建议'] as const;

/** The features of the understanding models (chosen by writer cross-validation: README); place names are added at training. */
export const UNDERSTANDING_SPEC: FeatureSpec = { chars: [1, 2, 3], pinyin: true, words: true, lastClause: true, length: true };
export const LEARNER = { epochs: 12, learningRate: 0.3, l2: 1e-5, minCount: 3, seed: 20261202 };
/**
 * The models with many labels or many examples keep only features seen five times: their files
 * stay small (the item model has 61 labels, a span tagger one example per character) and the
 * rarer features weigh little in them anyway.
 */
export const LARGE_MODEL_MIN_COUNT = 5;
const FOLDS = 4;
const TEMPERATURES = Array.from({ length: 26 }, (_, i) => 0.5 + i * 0.1);

/** A labelled message for one of the models, with its writer (for cross-validation by writer). */
interface Labelled extends Example {
  writer: string;
}


/** The rows each model learns from; `itemId` turns a catalogue name into its item id. */
function datasets(resident: readonly ResidentRow[], emergency: readonly EmergencyRow[], itemId: (name: string) => string | undefined) {
  const intents: Labelled[] = [
    ...resident.filter((r) => r.intent !== 'form' && r.intent !== 'emergency').map((r) => ({ writer: r.writer, text: r.text, label: r.intent })),
    // A past accident in a benefit question is a guide question: the emergency corpus's hard negatives say what they are.
    ...emergency.filter((r) => !r.emergency && r.intent && r.intent !== 'emergency').map((r) => ({ writer: r.writer, text: r.text, label: r.intent! })),
  ];
  const types: Labelled[] = resident.filter((r) => r.intent === 'complaint' && r.type).map((r) => ({ writer: r.writer, text: r.text, label: r.type! }));
  // What a guide question asks about (materials, the amount a benefit pays…), first messages and follow-ups alike.
  const asks: Labelled[] = resident.filter((r) => r.intent === 'guide' && r.ask).map((r) => ({ writer: r.writer, text: r.text, label: r.ask! }));
  // A report that does not yet say what it is about ("我要投诉") has no category to learn.
  const reports = resident.filter((r) => r.intent === 'complaint' && r.category);
  const categories: Labelled[] = reports.map((r) => ({ writer: r.writer, text: r.text, label: r.category! }));
  const subcategories: Labelled[] = reports.filter((r) => r.subcategory).map((r) => ({ writer: r.writer, text: r.text, label: `${r.category}/${r.subcategory}` }));
  const acts: Labelled[] = resident
    .filter((r) => r.intent === 'form' && r.act && r.context && 'form' in r.context)
    .map((r) => {
      const context = r.context as { form: string; asking: string };
      return { writer: r.writer, text: r.text, label: r.act!, extra: [formContextFeature(context.form, context.asking)] };
    });
  // Which service a question or a visit is about: the messages that name one (or, as "none", none
  // the catalogue has), and the follow-ups that name none of their own (the one in context).
  const aboutAnItem = [...resident.filter((r) => !r.context || 'last_item' in r.context), ...emergency.filter((r) => !r.emergency)].filter(
    (r) => (r.intent === 'guide' || r.intent === 'visit') && r.item !== undefined,
  );
  const items: Labelled[] = aboutAnItem.flatMap((r) => {
    const context = 'context' in r ? (r.context as { last_item?: string } | undefined) : undefined;
    const label = r.item === null ? NO_ITEM : context?.last_item === r.item ? IN_CONTEXT : itemId(r.item!);
    return label ? [{ writer: r.writer, text: r.text, label }] : [];
  });
  return { intents, types, asks, categories, subcategories, acts, items, ...slotDatasets(resident) };
}

/** The first messages of `forms` and every answer given inside them, each with its form-context feature. */
export function formMessages(resident: readonly ResidentRow[], forms: readonly string[]): { row: ResidentRow; extra: [string] }[] {
  return resident.flatMap((r): { row: ResidentRow; extra: [string] }[] => {
    const context = r.context && 'form' in r.context ? r.context : undefined;
    if (context) return forms.includes(context.form) ? [{ row: r, extra: [formContextFeature(context.form, context.asking)] }] : [];
    const form = forms.find((f) => OPENING_INTENT[f] === r.intent);
    return form && !r.context ? [{ row: r, extra: [formContextFeature(form, OPENING)] }] : [];
  });
}

/**
 * The rows the choice-slot readers learn from: for each reader, the first messages of its forms
 * and every answer given inside them, labelled with the value the row's slots hold, or "unsaid".
 */
function slotDatasets(resident: readonly ResidentRow[]) {
  const inForms = (forms: readonly string[]) => formMessages(resident, forms);
  const choices = Object.fromEntries(
    Object.entries(SLOT_READERS).map(([slot, reader]) => [
      slot,
      inForms(reader.forms).map(({ row, extra }): Labelled => {
        const value = (row.slots as Record<string, unknown> | undefined)?.[slot];
        return { writer: row.writer, text: row.text, extra: [...extra, ...cuesFor(slot, row.text)], label: typeof value === 'string' && (reader.values as readonly string[]).includes(value) ? value : UNSAID };
      }),
    ]),
  ) as Record<ChoiceSlot, Labelled[]>;
  // The span taggers: one example per character of every first message and answer of their forms.
  const spans = Object.fromEntries(
    Object.entries(SPAN_SLOTS).map(([slot, reader]) => [
      slot,
      inForms(reader.forms).flatMap(({ row, extra }): Labelled[] => {
        const chars = [...row.text];
        const value = (row.slots as Record<string, unknown> | undefined)?.[slot];
        const labels = spanLabels(chars, typeof value === 'string' ? value : undefined);
        if (!labels) return [];
        const features = spanFeatures(row.text, extra[0]!);
        return chars.map((_, i) => ({ writer: row.writer, text: '', extra: features[i]!, label: labels[i]! }));
      }),
    ]),
  ) as Record<SpanSlot, Labelled[]>;
  const reasonRows = inForms(REASON_READERS.forms);
  const reasons = Object.fromEntries(
    REASON_READERS.values.map((reason) => [
      reason,
      reasonRows.map(({ row, extra }): Labelled => {
        const given = (row.slots as { reasons?: unknown } | undefined)?.reasons;
        return { writer: row.writer, text: row.text, extra, label: Array.isArray(given) && given.includes(reason) ? 'yes' : UNSAID };
      }),
    ]),
  ) as Record<string, Labelled[]>;
  return { choices, reasons, spans };
}

function labelsOf(rows: readonly Labelled[], order: readonly string[] = []): string[] {
  const seen = new Set(rows.map((r) => r.label));
  return [...order.filter((l) => seen.has(l)), ...[...seen].filter((l) => !order.includes(l)).sort()];
}

/** Out-of-fold probabilities of each row's own label and of the best, by writer groups. */
function crossValidated(rows: readonly Labelled[], labels: readonly string[], options: TrainOptions, cache: FeatureCache) {
  const writers = [...new Set(rows.map((r) => r.writer))].sort();
  const scored: { row: Labelled; probabilities: number[] }[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const left = new Set(writers.filter((_, i) => i % FOLDS === fold));
    const model = new LinearModel(trainLinear(rows.filter((r) => !left.has(r.writer)), labels, options, cache));
    for (const row of rows.filter((r) => left.has(r.writer))) scored.push({ row, probabilities: model.predict(row.text, row.extra).probabilities });
  }
  return scored;
}

/** The temperature that makes the out-of-fold probabilities most likely (calibration). */
function calibrate(scored: readonly { row: Labelled; probabilities: number[] }[], labels: readonly string[]): number {
  let best = { temperature: 1, loss: Infinity };
  for (const temperature of TEMPERATURES) {
    let loss = 0;
    for (const { row, probabilities } of scored) {
      const logits = probabilities.map((p) => Math.log(Math.max(p, 1e-12)) / temperature);
      const max = Math.max(...logits);
      const norm = Math.log(logits.reduce((s, l) => s + Math.exp(l - max), 0)) + max;
      loss -= logits[labels.indexOf(row.label)]! - norm;
    }
    if (loss < best.loss) best = { temperature, loss };
  }
  return best.temperature;
}

function accuracy(scored: readonly { row: Labelled; probabilities: number[] }[], labels: readonly string[]): number {
  const right = scored.filter(({ row, probabilities }) => labels[probabilities.indexOf(Math.max(...probabilities))] === row.label).length;
  return right / Math.max(1, scored.length);
}

/** A trained model as stored, and what its cross-validation measured. */
export interface TrainedModel {
  model: StoredModel;
  figures: Record<string, unknown>;
}

/** Trains one model of the understanding; a calibrated one gets a temperature fitted by writer cross-validation. */
function trainer(places: readonly string[], progress: (line: string) => void) {
  const spec: FeatureSpec = { ...UNDERSTANDING_SPEC, places: [...places].sort((a, b) => b.length - a.length) };
  const options: TrainOptions = { ...LEARNER, spec };
  const cache = new FeatureCache();
  const trained = (rows: readonly Labelled[], labels: readonly string[], calibrated: boolean, name: string, minCount = LEARNER.minCount): TrainedModel => {
    const learner = { ...options, minCount };
    const model = trainLinear(rows, labels, learner, cache);
    if (!calibrated) return { model, figures: {} };
    const scored = crossValidated(rows, labels, learner, cache);
    const temperature = calibrate(scored, labels);
    const figures = { crossValidatedAccuracy: Number(accuracy(scored, labels).toFixed(3)), temperature };
    progress(`  ${name}: ${rows.length} rows, ${labels.length} labels, cross-validated accuracy ${figures.crossValidatedAccuracy}, temperature ${temperature.toFixed(1)}`);
    return { model: { ...model, temperature }, figures };
  };
  return { trained, cache };
}

/** What `npm run train` trains in processes of its own beside the rest of the understanding, asked for when the rest is done. */
export interface SeparateParts {
  item: () => TrainedModel;
  spans: () => Record<string, StoredModel>;
}

/** The span taggers, one per span slot (a linear model over each character's features). */
function spanTaggers(data: Record<string, Labelled[]>, progress: (line: string) => void): Record<string, StoredModel> {
  const cache = new FeatureCache();
  const taggers: Record<string, StoredModel> = {};
  for (const [slot, rows] of Object.entries(data)) {
    taggers[slot] = trainLinear(rows, ['B', 'I', 'O'], { ...LEARNER, minCount: LARGE_MODEL_MIN_COUNT, spec: SPAN_SPEC }, cache);
    progress(`  span ${slot}: ${rows.length} characters`);
  }
  return taggers;
}

/** The span taggers alone, for a process of their own. */
export function trainSpanTaggers(resident: readonly ResidentRow[], progress: (line: string) => void = () => {}): Record<string, StoredModel> {
  return spanTaggers(slotDatasets(resident).spans, progress);
}

/**
 * The item model alone: the largest of the understanding (61 services, the most rows), so that
 * `npm run train` can give it a process of its own beside the others.
 */
export function trainItemModel(
  resident: readonly ResidentRow[],
  emergency: readonly EmergencyRow[],
  places: readonly string[],
  itemId: (name: string) => string | undefined,
  progress: (line: string) => void = () => {},
): TrainedModel {
  const { items } = datasets(resident, emergency, itemId);
  return trainer(places, progress).trained(items, labelsOf(items), true, 'item asked about', LARGE_MODEL_MIN_COUNT);
}

/**
 * Trains the understanding models from the training writers' rows: the intent of a message, the
 * type and categories of a report, the service asked about and the span taggers (unless
 * `separately` gives them, trained elsewhere from the same rows; asked for last), and what a form answer does (with the form's question as a
 * feature). The intent and act models are calibrated: a temperature fitted, by writer
 * cross-validation, so that a probability of 0.7 is right about 70% of the time — the decision
 * asks instead of guessing below its bar.
 */
export function trainUnderstanding(
  resident: readonly ResidentRow[],
  emergency: readonly EmergencyRow[],
  places: readonly string[],
  itemId: (name: string) => string | undefined,
  progress: (line: string) => void = () => {},
  separately?: SeparateParts,
): StoredUnderstanding {
  const { trained } = trainer(places, progress);
  const data = datasets(resident, emergency, itemId);
  const intent = trained(data.intents, labelsOf(data.intents, MODEL_INTENTS), true, 'intent');
  const act = trained(data.acts, labelsOf(data.acts, FORM_ACTS), true, 'form act');
  const type = trained(data.types, labelsOf(data.types, APPEAL_TYPES), true, 'report type');
  const ask = trained(data.asks, labelsOf(data.asks, ASKS), true, 'what a question asks');
  const category = trained(data.categories, labelsOf(data.categories), true, 'report category');
  const subcategory = trained(data.subcategories, labelsOf(data.subcategories), false, 'report subcategory', LARGE_MODEL_MIN_COUNT);
  const slots: Record<string, StoredModel> = {};
  const slotFigures: Record<string, unknown> = {};
  for (const [slot, rows] of Object.entries(data.choices)) {
    const reader = trained(rows, [...SLOT_READERS[slot as ChoiceSlot].values, UNSAID], true, `slot ${slot}`);
    slots[slot] = reader.model;
    slotFigures[slot] = reader.figures;
  }
  for (const [reason, rows] of Object.entries(data.reasons)) {
    const reader = trained(rows, ['yes', UNSAID], true, `reason ${reason}`);
    slots[`reason:${reason}`] = reader.model;
    slotFigures[`reason:${reason}`] = reader.figures;
  }
  const spans = separately ? separately.spans() : spanTaggers(data.spans, progress);
  for (const [slot, model] of Object.entries(spans)) slots[`span:${slot}`] = model;
  const itemModel = separately ? separately.item() : trained(data.items, labelsOf(data.items), true, 'item asked about', LARGE_MODEL_MIN_COUNT);
  const all = [...data.intents, ...data.acts, ...data.types, ...data.asks, ...data.categories, ...data.items, ...Object.values(data.choices).flat(), ...Object.values(data.reasons).flat()];
  const digest = createHash('sha256').update(all.map((r) => `${r.writer}\t${r.label}\t${r.text}`).join('\n')).digest('hex').slice(0, 16);
  return {
    format: 'cunban-understanding-1',
    intent: intent.model,
    act: act.model,
    type: type.model,
    ask: ask.model,
    category: category.model,
    subcategory: subcategory.model,
    item: itemModel.model,
    slots,
    training: {
      seed: LEARNER.seed,
      corpus: digest,
      writers: [...new Set(resident.map((r) => r.writer))].sort(),
      intent: intent.figures,
      act: act.figures,
      type: type.figures,
      ask: ask.figures,
      category: category.figures,
      item: itemModel.figures,
      slots: slotFigures,
    },
  };
}
