import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EMERGENCY_KINDS, type EmergencyKind, UNSURE_OF_KIND } from './emergency-kinds.ts';
import { overrideFor } from './emergency-overrides.ts';
import { detectorText, emergencyProbability } from './emergency-training.ts';
import { LinearModel, type StoredModel } from './linear-model.ts';

/** What the detector made of a message. */
export interface EmergencyReading {
  /** An emergency is happening now (the model above its threshold, or a safety override). */
  now: boolean;
  /** The model's probability that one is. */
  probability: number;
  /** Which kind it most likely is (asked even when `now` is false, for the log). */
  kind: EmergencyKind;
  kindProbability: number;
  /** The runner-up kind, when the kind model is not sure of the first (a house on fire with someone inside: 119 and 120). */
  alsoKind?: EmergencyKind;
  /** The safety override that raised the alarm, when the model alone did not. */
  override?: string;
  /** Nothing tells which kind it is (a bare "救命"): every emergency number is given. */
  anyKind?: true;
}

/** The reading of a message that is no report at all (a tap on an offered button, empty text). */
export const NO_EMERGENCY: EmergencyReading = { now: false, probability: 0, kind: 'medical', kindProbability: 0 };

/** The detector as `npm run train` stores it: the two models, the threshold and how it was chosen. */
export const StoredDetector = z
  .object({
    format: z.literal('cunban-emergency-2'),
    threshold: z.number().min(0).max(1),
    /** For a message the kind model reads as self-harm: lower, since a mistaken answer there costs only a kind word. */
    selfHarmThreshold: z.number().min(0).max(1),
    single: z.custom<StoredModel>(),
    topic: z.custom<StoredModel>(),
    now: z.custom<StoredModel>(),
    kinds: z.custom<StoredModel>(),
    training: z.record(z.string(), z.unknown()),
  })
  .strict();
export type StoredDetector = z.infer<typeof StoredDetector>;

/** Where the detector lives in the knowledge folder. */
export function detectorFile(knowledgeDir: string): string {
  return path.join(knowledgeDir, 'nlu', 'model', 'emergency.json');
}

const KINDS = new Set<string>(EMERGENCY_KINDS);

/**
 * Tells whether a message reports an emergency happening now, and which kind: trained models built
 * for recall (`emergency-training.ts`: their threshold was chosen so that, on writers they had not
 * seen, they missed almost none), a model for the kind, and the safety overrides of
 * `emergency-overrides.ts`, which can only add an alarm.
 */
export class EmergencyDetector {
  private readonly models: { single: LinearModel; topic: LinearModel; now: LinearModel };
  private readonly kindModel: LinearModel;
  readonly threshold: number;
  readonly selfHarmThreshold: number;
  readonly training: Readonly<Record<string, unknown>>;

  constructor(stored: StoredDetector) {
    const parsed = StoredDetector.parse(stored);
    this.models = { single: new LinearModel(parsed.single), topic: new LinearModel(parsed.topic), now: new LinearModel(parsed.now) };
    this.kindModel = new LinearModel(parsed.kinds);
    if (!this.kindModel.labels.every((l) => KINDS.has(l))) throw new Error('emergency detector: a kind label is not an emergency kind');
    this.threshold = parsed.threshold;
    this.selfHarmThreshold = parsed.selfHarmThreshold;
    this.training = parsed.training;
  }

  /** Loads the detector from the knowledge folder; a missing or broken file stops start-up, naming it. */
  static load(knowledgeDir: string): EmergencyDetector {
    const file = detectorFile(knowledgeDir);
    try {
      return new EmergencyDetector(JSON.parse(readFileSync(file, 'utf8')) as StoredDetector);
    } catch (error) {
      throw new Error(`cannot load the emergency detector ${file}: ${(error as Error).message} (npm run train builds it)`);
    }
  }

  /** The most likely kind other than `first`. */
  private runnerUp(probabilities: readonly number[], first: string): EmergencyKind | undefined {
    let best: number | undefined;
    this.kindModel.labels.forEach((label, k) => {
      if (label !== first && (best === undefined || probabilities[k]! > probabilities[best]!)) best = k;
    });
    return best === undefined ? undefined : (this.kindModel.labels[best] as EmergencyKind);
  }

  /** Reads one message. */
  read(text: string): EmergencyReading {
    if (text.trim() === '') return NO_EMERGENCY;
    const read = detectorText(text);
    const probability = emergencyProbability(this.models, read);
    const kind = this.kindModel.predict(read);
    const modelSays = probability >= (kind.label === 'self_harm' && kind.probability >= UNSURE_OF_KIND ? this.selfHarmThreshold : this.threshold);
    const override = modelSays ? undefined : overrideFor(text);
    // An override names its kind; the kind model's is kept when it is sure of another.
    const kindOf = override ? override.kind : (kind.label as EmergencyKind);
    const runnerUp = this.runnerUp(kind.probabilities, kindOf);
    return {
      now: modelSays || override !== undefined,
      probability,
      kind: kindOf,
      kindProbability: kind.probability,
      ...(kind.probability < UNSURE_OF_KIND && runnerUp ? { alsoKind: runnerUp } : {}),
      ...(override ? { override: override.reason } : {}),
      ...(override?.anyKind ? { anyKind: true as const } : {}),
    };
  }
}
