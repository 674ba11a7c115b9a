import { encodeVocabulary } from './feature-table.ts';
import type { StoredModel } from './linear-model.ts';
import { textFeatures, type FeatureSpec } from './text-features.ts';

/** One training message and its label; `weight` counts it more (or less) than one. */
export interface Example {
  text: string;
  label: string;
  weight?: number;
  /** Features beside the text's own (the question a form answer answers). */
  extra?: string[];
}

/** How a linear model is trained. The same options and examples always give the same model. */
export interface TrainOptions {
  spec: FeatureSpec;
  epochs: number;
  learningRate: number;
  /** L2 penalty on the weights a step touches. */
  l2: number;
  /** A feature seen in fewer examples than this is left out of the vocabulary. */
  minCount: number;
  seed: number;
  /** How much each label's examples count (default 1). */
  labelWeights?: Partial<Record<string, number>>;
  /** Feature weights scaled by 1/√(their number) (default), or summed as they are. */
  norm?: 'sqrt' | 'none';
}

/**
 * Features of texts, each featurized once per feature spec and each feature interned as a number,
 * so that cross-validation (the same texts in every fold, several models) does the string work once.
 */
export class FeatureCache {
  private readonly byText = new Map<string, Int32Array>();
  private readonly specKeys = new WeakMap<FeatureSpec, string>();
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  /** The interned features of a text. */
  of(text: string, spec: FeatureSpec): Int32Array {
    let specKey = this.specKeys.get(spec);
    if (specKey === undefined) {
      specKey = JSON.stringify(spec);
      this.specKeys.set(spec, specKey);
    }
    const key = `${specKey}\u0000${text}`;
    let features = this.byText.get(key);
    if (!features) {
      features = this.intern(textFeatures(text, spec));
      this.byText.set(key, features);
    }
    return features;
  }

  /** The ids of features given by name. */
  intern(names: readonly string[]): Int32Array {
    const features = new Int32Array(names.length);
    for (let i = 0; i < names.length; i++) {
      let id = this.ids.get(names[i]!);
      if (id === undefined) {
        id = this.names.length;
        this.ids.set(names[i]!, id);
        this.names.push(names[i]!);
      }
      features[i] = id;
    }
    return features;
  }

  /** How many features have been interned. */
  get size(): number {
    return this.names.length;
  }

  /** The feature an id stands for. */
  name(id: number): string {
    return this.names[id]!;
  }
}

/** A small seeded generator (mulberry32): reproducible shuffles. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(count: number, random: () => number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * Trains a multinomial logistic regression by AdaGrad over the examples' features (character
 * n-grams, pinyin), in a seeded order: softmax cross-entropy, each example's features scaled by
 * 1/√(their number) so a long story weighs as much as a short call. Returns the model as stored.
 */
export function trainLinear(examples: readonly Example[], labels: readonly string[], options: TrainOptions, cache?: FeatureCache): StoredModel {
  const K = labels.length;
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const features = cache ?? new FeatureCache();
  const featured = examples.map((e) => {
    const own = features.of(e.text, options.spec);
    if (!e.extra?.length) return own;
    const both = new Int32Array(own.length + e.extra.length);
    both.set(own);
    both.set(features.intern(e.extra), own.length);
    return both;
  });
  // The vocabulary: the features seen in at least `minCount` examples, in the order first seen.
  const counts = new Int32Array(features.size);
  for (const row of featured) for (let i = 0; i < row.length; i++) counts[row[i]!]!++;
  const column = new Int32Array(features.size).fill(-1);
  const vocabulary: string[] = [];
  for (const row of featured) {
    for (let i = 0; i < row.length; i++) {
      const id = row[i]!;
      if (column[id] === -1 && counts[id]! >= options.minCount) {
        column[id] = vocabulary.length;
        vocabulary.push(features.name(id));
      }
    }
  }
  const rows = featured.map((row) => {
    let known = 0;
    for (let i = 0; i < row.length; i++) if (column[row[i]!]! >= 0) known++;
    const active = new Int32Array(known);
    let at = 0;
    for (let i = 0; i < row.length; i++) if (column[row[i]!]! >= 0) active[at++] = column[row[i]!]!;
    return { active, norm: options.norm === 'none' ? 1 : 1 / Math.sqrt(Math.max(1, row.length)) };
  });
  const targets = examples.map((e) => {
    const k = labelIndex.get(e.label);
    if (k === undefined) throw new Error(`trainLinear: label "${e.label}" is not one of ${labels.join(', ')}`);
    return k;
  });
  const weightOf = examples.map((e) => (e.weight ?? 1) * (options.labelWeights?.[e.label] ?? 1));

  // The weights, feature-major, and the K biases at the end.
  const W = new Float64Array((vocabulary.length + 1) * K);
  const random = seededRandom(options.seed);
  if (K === 2) trainBinary(rows, targets, weightOf, W, options, random);
  else trainMultinomial(rows, targets, weightOf, W, K, options, random);
  const weights = W.subarray(0, vocabulary.length * K);
  let largest = 0;
  for (const w of weights) largest = Math.max(largest, Math.abs(w));
  const scale = largest > 0 ? largest / 32767 : 1;
  const quantized = Int16Array.from(weights, (w) => Math.round(w / scale));
  return {
    format: 'cunban-linear-2',
    labels: [...labels],
    features: encodeVocabulary(vocabulary),
    spec: options.spec,
    scale,
    weights: Buffer.from(quantized.buffer).toString('base64'),
    bias: Array.from(W.subarray(W.length - K)),
    temperature: 1,
    norm: options.norm ?? 'sqrt',
    training: {},
  };
}

type Rows = readonly { active: Int32Array; norm: number }[];

/**
 * Two labels: one logistic regression (the second label's weights; the first's stay zero, which
 * gives the same softmax), half the work of the general case.
 */
function trainBinary(rows: Rows, targets: readonly number[], weightOf: readonly number[], W: Float64Array, options: TrainOptions, random: () => number): void {
  const features = W.length / 2 - 1;
  const w = new Float64Array(features + 1);
  const G = new Float64Array(features + 1).fill(1e-8);
  const { learningRate: rate, l2 } = options;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const n of shuffled(rows.length, random)) {
      const { active, norm } = rows[n]!;
      const size = active.length;
      let logit = w[features]!;
      for (let i = 0; i < size; i++) logit += w[active[i]!]! * norm;
      const g = (1 / (1 + Math.exp(-logit)) - (targets[n] === 1 ? 1 : 0)) * weightOf[n]!;
      G[features]! += g * g;
      w[features]! -= (rate * g) / Math.sqrt(G[features]!);
      const step = g * norm;
      for (let i = 0; i < size; i++) {
        const at = active[i]!;
        const grad = step + l2 * w[at]!;
        G[at]! += grad * grad;
        w[at]! -= (rate * grad) / Math.sqrt(G[at]!);
      }
    }
  }
  for (let f = 0; f <= features; f++) W[f * 2 + 1] = w[f]!;
}

/** Any number of labels: softmax cross-entropy, AdaGrad on every weight an example touches. */
function trainMultinomial(rows: Rows, targets: readonly number[], weightOf: readonly number[], W: Float64Array, K: number, options: TrainOptions, random: () => number): void {
  const G = new Float64Array(W.length).fill(1e-8);
  const biasAt = W.length - K;
  const p = new Float64Array(K);
  const { learningRate: rate, l2 } = options;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const n of shuffled(rows.length, random)) {
      const { active, norm } = rows[n]!;
      const size = active.length;
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        let logit = W[biasAt + k]!;
        for (let i = 0; i < size; i++) logit += W[active[i]! * K + k]! * norm;
        p[k] = logit;
        if (logit > max) max = logit;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) {
        p[k] = Math.exp(p[k]! - max);
        sum += p[k]!;
      }
      for (let k = 0; k < K; k++) {
        const g = (p[k]! / sum - (targets[n] === k ? 1 : 0)) * weightOf[n]!;
        G[biasAt + k]! += g * g;
        W[biasAt + k]! -= (rate * g) / Math.sqrt(G[biasAt + k]!);
        const step = g * norm;
        for (let i = 0; i < size; i++) {
          const at = active[i]! * K + k;
          const grad = step + l2 * W[at]!;
          G[at]! += grad * grad;
          W[at]! -= (rate * grad) / Math.sqrt(G[at]!);
        }
      }
    }
  }
}
