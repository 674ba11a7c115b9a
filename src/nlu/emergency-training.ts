import { createHash } from 'node:crypto';
import type { EmergencyRow } from './corpus.ts';
import type { StoredDetector } from './emergency-detector.ts';
import { EMERGENCY_KINDS, UNSURE_OF_KIND } from './emergency-kinds.ts';
import { LinearModel } from './linear-model.ts';
import { FeatureCache, trainLinear, type Example, type TrainOptions } from './linear-trainer.ts';
import type { FeatureSpec } from './text-features.ts';
import { withoutContactDetails } from '../personal-numbers.ts';

/** The features of the detector (chosen by writer cross-validation: README); the town's place names are added at training. */
export const DETECTOR_SPEC: FeatureSpec = { chars: [1, 2, 3], pinyin: true, lastClause: true, words: true, length: false };
const LEARNER = { epochs: 10, learningRate: 0.3, l2: 1e-5, minCount: 3, seed: 20261202 };

/** The recall the threshold is chosen for, on writers left out in turn: overall, and for every kind. */
export const RECALL_TARGET = { overall: 0.99, perKind: 0.95 };
const SELF_HARM_RECALL = 0.99;
const THRESHOLDS = Array.from({ length: 60 }, (_, i) => 0.6 - i * 0.01);
/** How many groups of writers cross-validation leaves out in turn. */
const FOLDS = 6;

/**
 * Ordinary resident messages count less than the emergency corpus's hard negatives in the
 * single-stage model: there are many more of them, and most are easy. Short ones (a form answer:
 * a village, a house number, "帮家人") count fully: emergencies are often short too.
 */
const ORDINARY_WEIGHT = 0.3;
const SHORT = 12;

/**
 * The spots of a village where things happen, read by the detector as a place like a village's
 * name: they say where, not what. Frightened bystanders name them ("晒谷场 打起来了") and so do
 * residents answering where a broken lamp is ("2组晒谷场边上"); learnt as words, a spot that came
 * up in a few emergencies alarmed in every answer that named it. Spots that are a danger
 * themselves (ponds, rivers, wells, hills, roads) are not here: they are evidence.
 */
const NEUTRAL_PLACES = ['晒谷场', '晒场', '村口', '桥头', '祠堂', '村委会', '村委', '大会堂', '文化礼堂', '礼堂', '操场', '小卖部', '超市', '菜场', '老街', '弄堂', '巷子'];

/** A message the detector trains on: a corpus row, or another resident message (never an emergency). */
export interface DetectorExample {
  writer: string;
  text: string;
  emergency: boolean;
  kind?: string;
  /** An ordinary resident message, not one of the emergency corpus's (emergencies and hard negatives). */
  ordinary?: boolean;
  /**
   * A report for 12345: a hazard told as a complaint ("路上有个大坑，好几个人摔了") is the nearest
   * an ordinary message comes to an emergency, so it counts fully.
   */
  report?: boolean;
}

/** The three models whose probabilities the detector combines. */
interface Models {
  single: LinearModel;
  topic: LinearModel;
  now: LinearModel;
}

function weighted(r: DetectorExample): Partial<Example> {
  return r.ordinary && !r.report && [...r.text].length > SHORT ? { weight: ORDINARY_WEIGHT } : {};
}

/**
 * The detector's models: one that tells emergencies from everything else at once, and two that
 * split the question — is this about a danger at all (the emergency corpus against ordinary
 * messages), and, if so, is it happening now (emergencies against the hard negatives). Their
 * probabilities are averaged: the single model knows what ordinary messages look like, the split
 * one keeps "着火了" an alarm in a sentence it never saw.
 */
export function trainModels(rows: readonly DetectorExample[], spec: FeatureSpec, cache: FeatureCache) {
  const options: TrainOptions = { ...LEARNER, spec };
  return {
    single: trainLinear(rows.map((r) => ({ text: r.text, label: r.emergency ? 'yes' : 'no', ...weighted(r) })), ['no', 'yes'], { ...options, labelWeights: { yes: 2 } }, cache),
    topic: trainLinear(rows.map((r) => ({ text: r.text, label: r.ordinary ? 'other' : 'danger', ...weighted(r) })), ['other', 'danger'], options, cache),
    now: trainLinear(rows.filter((r) => !r.ordinary).map((r) => ({ text: r.text, label: r.emergency ? 'yes' : 'no' })), ['no', 'yes'], { ...options, labelWeights: { yes: 1.5 } }, cache),
  };
}

/** The combined probability that an emergency is happening now. */
/**
 * What the detector reads of a message: the message without its phone and ID numbers and the words
 * that lead them in. A contact detail says nothing of a danger, but residents leave theirs in
 * bookings and reports far more often than in a call for help, so a model that saw them learnt
 * "我电话…: no emergency" (a fire told with the caller's number fell to 0.44).
 */
export function detectorText(text: string): string {
  return withoutContactDetails(text);
}

export function emergencyProbability(models: Models, text: string): number {
  const split = models.topic.probabilityOf(text, 'danger') * models.now.probabilityOf(text, 'yes');
  return (models.single.probabilityOf(text, 'yes') + split) / 2;
}

export function loaded(stored: ReturnType<typeof trainModels>): Models {
  return { single: new LinearModel(stored.single), topic: new LinearModel(stored.topic), now: new LinearModel(stored.now) };
}

/**
 * Out-of-fold probabilities: the writers are dealt into groups, and each group's rows are scored
 * by models trained without any of its writers (so every score is one on writers they never saw).
 */
function crossValidated(rows: readonly DetectorExample[], spec: FeatureSpec, cache: FeatureCache, progress: (line: string) => void): { row: DetectorExample; p: number }[] {
  const writers = [...new Set(rows.map((r) => r.writer))].sort();
  const scored: { row: DetectorExample; p: number }[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const left = new Set(writers.filter((_, i) => i % FOLDS === fold));
    const models = loaded(trainModels(rows.filter((r) => !left.has(r.writer)), spec, cache));
    for (const row of rows.filter((r) => left.has(r.writer))) scored.push({ row, p: emergencyProbability(models, row.text) });
    progress(`  cross-validation: ${fold + 1}/${FOLDS} groups of writers`);
  }
  return scored;
}

/** Recall overall and per kind, and the false-alarm rates (hard negatives, ordinary messages), at one threshold. */
export function figuresAt(scored: readonly { row: DetectorExample; p: number }[], threshold: number) {
  const positives = scored.filter((s) => s.row.emergency);
  const negatives = scored.filter((s) => !s.row.emergency && !s.row.ordinary);
  const ordinary = scored.filter((s) => s.row.ordinary);
  const perKind: Record<string, number> = {};
  for (const kind of EMERGENCY_KINDS) {
    const of = positives.filter((s) => s.row.kind === kind);
    if (of.length) perKind[kind] = of.filter((s) => s.p >= threshold).length / of.length;
  }
  return {
    recall: positives.filter((s) => s.p >= threshold).length / Math.max(1, positives.length),
    falseAlarms: negatives.filter((s) => s.p >= threshold).length / Math.max(1, negatives.length),
    ordinaryFalseAlarms: ordinary.filter((s) => s.p >= threshold).length / Math.max(1, ordinary.length),
    perKind,
  };
}

/** Which recall target a threshold misses (the overall one, or the kinds below theirs), for the training log. */
function bindingAt(scored: readonly { row: DetectorExample; p: number }[], threshold: number): string {
  const f = figuresAt(scored, threshold);
  const kinds = Object.entries(f.perKind).filter(([, r]) => r < RECALL_TARGET.perKind);
  const parts = [
    ...(f.recall < RECALL_TARGET.overall ? [`overall recall ${f.recall.toFixed(3)} at ${threshold.toFixed(2)}`] : []),
    ...kinds.map(([kind, r]) => `${kind} ${r.toFixed(3)} at ${threshold.toFixed(2)}`),
  ];
  return parts.join(', ') || 'nothing';
}

/**
 * Trains the emergency detector from the training writers' rows: the threshold is the highest at
 * which, each group of writers left out in turn, recall stays at the target overall and for every
 * kind; then the models are trained on all the rows.
 */
export function trainDetector(
  emergencyRows: readonly EmergencyRow[],
  otherRows: readonly DetectorExample[],
  places: readonly string[],
  progress: (line: string) => void = () => {},
): StoredDetector {
  // Longer names first, so "岭口村" is read before "岭口".
  const spec: FeatureSpec = { ...DETECTOR_SPEC, places: [...places, ...NEUTRAL_PLACES].sort((a, b) => b.length - a.length) };
  const cache = new FeatureCache();
  const rows: DetectorExample[] = [
    ...emergencyRows.map((r) => ({ writer: r.writer, text: r.text, emergency: r.emergency, ...(r.kind ? { kind: r.kind } : {}) })),
    ...otherRows,
  ].map((r) => ({ ...r, text: detectorText(r.text) }));
  const scored = crossValidated(rows, spec, cache, progress);
  const threshold =
    THRESHOLDS.find((t) => {
      const f = figuresAt(scored, t);
      return f.recall >= RECALL_TARGET.overall && Object.values(f.perKind).every((r) => r >= RECALL_TARGET.perKind);
    }) ?? THRESHOLDS.at(-1)!;
  progress(`  what holds the threshold down: ${bindingAt(scored, threshold + 0.01)}`);
  const models = trainModels(rows, spec, cache);
  const positives = rows.filter((r) => r.emergency);
  const kinds = trainLinear(
    positives.map((r) => ({ text: r.text, label: r.kind! })),
    EMERGENCY_KINDS.filter((k) => positives.some((r) => r.kind === k)),
    { ...LEARNER, spec },
    cache,
  );
  // Someone who says she wants to die is answered gently, with the crisis line: a mistake costs a
  // kind word, a miss can cost a life. So the bar for what the kind model reads as self-harm is the
  // one that catches SELF_HARM_RECALL of the training writers' self-harm messages out of fold (the
  // kind read by the final kind model, which learnt from them: the figure is a little kind).
  const kindModel = new LinearModel(kinds);
  const readsAsSelfHarm = (text: string) => {
    const { label, probability } = kindModel.predict(text);
    return label === 'self_harm' && probability >= UNSURE_OF_KIND;
  };
  // Caught at a bar as the detector applies it: the lower bar only for what reads as self-harm.
  const selfHarm = scored.filter((s) => s.row.emergency && s.row.kind === 'self_harm').map((s) => ({ ...s, reads: readsAsSelfHarm(s.row.text) }));
  const caughtAt = (t: number) => selfHarm.filter((s) => s.p >= threshold || (s.reads && s.p >= t)).length;
  const selfHarmThreshold = Math.min(threshold, THRESHOLDS.find((t) => caughtAt(t) >= SELF_HARM_RECALL * selfHarm.length) ?? THRESHOLDS.at(-1)!);
  const lowered = scored.filter((s) => !s.row.emergency && s.p < threshold && s.p >= selfHarmThreshold && readsAsSelfHarm(s.row.text));
  progress(`  threshold ${threshold.toFixed(2)}; for what reads as self-harm ${selfHarmThreshold.toFixed(2)} (${lowered.length} more false alarms out of fold)`);
  const digest = createHash('sha256').update(rows.map((r) => `${r.writer}\t${r.emergency}\t${r.kind ?? ''}\t${r.text}`).join('\n')).digest('hex').slice(0, 16);
  return {
    format: 'cunban-emergency-2',
    threshold,
    selfHarmThreshold,
    ...models,
    kinds,
    training: {
      seed: LEARNER.seed,
      corpus: digest,
      writers: [...new Set(emergencyRows.map((r) => r.writer))].sort(),
      rows: rows.length,
      crossValidated: figuresAt(scored, threshold),
      selfHarmCrossValidated: { recall: caughtAt(selfHarmThreshold) / Math.max(1, selfHarm.length), moreFalseAlarms: lowered.length },
      recallTarget: RECALL_TARGET,
    },
  };
}
