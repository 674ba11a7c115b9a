import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FeatureTable } from './feature-table.ts';
import { textFeatures, type FeatureSpec } from './text-features.ts';

/**
 * A trained linear model as stored (JSON, committed): the feature vocabulary (64-bit hashes of the
 * names, `feature-table.ts`), the weights of each
 * label quantized to 16-bit integers (base64, label-major) with one scale, the biases, the feature
 * spec it was trained with, the temperature that calibrates its probabilities, and what training
 * recorded about itself (seed, corpus digest, figures).
 */
const StoredModel = z
  .object({
    format: z.literal('cunban-linear-2'),
    labels: z.array(z.string()).min(2),
    features: z.string(),
    spec: z.object({ chars: z.array(z.number().int().min(1).max(5)), pinyin: z.boolean(), lastClause: z.boolean().optional(), words: z.boolean().optional(), places: z.array(z.string()).optional(), length: z.boolean().optional() }),
    scale: z.number().positive(),
    weights: z.string(),
    bias: z.array(z.number()),
    temperature: z.number().positive().default(1),
    /** How a message's feature weights are scaled: by 1/√(their number), or not at all. */
    norm: z.enum(['sqrt', 'none']).default('sqrt'),
    training: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type StoredModel = z.infer<typeof StoredModel>;

/** The label a model gives a text, with its probability, and the runner-up. */
export interface Prediction {
  label: string;
  probability: number;
  /** Every label's probability, in the model's label order. */
  probabilities: number[];
}

/**
 * A multinomial logistic regression over a message's features (character n-grams, pinyin):
 * loaded once, predicting in microseconds. Weights stay quantized; each is scaled as it is used.
 */
export class LinearModel {
  readonly labels: readonly string[];
  readonly spec: FeatureSpec;
  readonly training: Readonly<Record<string, unknown>>;
  private readonly index: FeatureTable;
  /** The quantized weights, feature-major; a weight is `weights[i] * scale`. */
  private readonly weights: Int16Array;
  private readonly scale: number;
  private readonly bias: Float64Array;
  private readonly temperature: number;
  private readonly norm: 'sqrt' | 'none';

  constructor(stored: StoredModel) {
    const parsed = StoredModel.parse(stored);
    this.labels = parsed.labels;
    this.spec = parsed.spec;
    this.training = parsed.training;
    this.index = new FeatureTable(parsed.features);
    const raw = Buffer.from(parsed.weights, 'base64');
    // Kept quantized (half the memory of floats, nothing to convert at start-up); an odd offset into Node's buffer pool is copied.
    const aligned = raw.byteOffset % 2 === 0 ? raw : Buffer.from(raw);
    this.weights = new Int16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 2);
    if (this.weights.length !== this.index.size * parsed.labels.length) throw new Error('model: weights do not match features × labels');
    this.scale = parsed.scale;
    this.bias = Float64Array.from(parsed.bias);
    this.temperature = parsed.temperature;
    this.norm = parsed.norm;
  }

  /** Loads a model file; a missing or malformed file throws with the path. */
  static load(file: string): LinearModel {
    try {
      return new LinearModel(JSON.parse(readFileSync(file, 'utf8')) as StoredModel);
    } catch (error) {
      throw new Error(`cannot load the model ${file}: ${(error as Error).message}`);
    }
  }

  /** The label probabilities of a text (with features beside its own, such as the question it answers). */
  predict(text: string, extra: readonly string[] = []): Prediction {
    const features = [...textFeatures(text, this.spec), ...extra];
    const labels = this.labels.length;
    const logits = Array.from(this.bias);
    const norm = (this.norm === 'sqrt' ? 1 / Math.sqrt(Math.max(1, features.length)) : 1) * this.scale;
    for (const feature of features) {
      const row = this.index.rowOf(feature);
      if (row === -1) continue;
      for (let k = 0; k < labels; k++) logits[k]! += this.weights[row * labels + k]! * norm;
    }
    const probabilities = softmax(logits.map((l) => l / this.temperature));
    let best = 0;
    for (let k = 1; k < labels; k++) if (probabilities[k]! > probabilities[best]!) best = k;
    return { label: this.labels[best]!, probability: probabilities[best]!, probabilities };
  }

  /** The probability of one label. */
  probabilityOf(text: string, label: string): number {
    const k = this.labels.indexOf(label);
    return k === -1 ? 0 : this.predict(text).probabilities[k]!;
  }
}

/** Probabilities from logits, computed stably. */
export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}
