import type { Directive } from '../engine/directive.ts';
import type { Retrieval } from '../knowledge/retriever.ts';
import type { FollowUp } from './intent-declaration.ts';
import type { Cues } from './cues.ts';
import type { EmergencyReading } from './emergency-detector.ts';
import type { Entity } from './entities.ts';
import type { IntentResult } from './decision.ts';
import type { SlotReadings } from './slot-readers.ts';
import type { Ranked } from './understanding-model.ts';

/**
 * What one message was understood as, worked out once per turn by the understand step: nothing
 * downstream runs retrieval or the classifier again on the same text.
 */
export interface Understanding {
  /** The text acted on: the message, or the value of the offered choice it picked. */
  text: string;
  /** The offered choice the message picked (a button, or its number typed). */
  choice?: Directive;
  /** The message is the one asked about before, now read as the reading the resident chose. */
  reread?: true;
  /** A command in an intent's own syntax ("办结 V000123 即办件"), as that intent reads it. */
  command?: Directive;
  /** A follow-up about the item in context ("要带什么", "全部"), as the guide intent reads it. */
  followUp?: FollowUp;
  intent: IntentResult;
  /** The trained model's intents before the decision weighed them, most likely first. */
  intents: Ranked[];
  /** Whether an emergency is happening now, and its kind (the trained detector). */
  emergency: EmergencyReading;
  retrieval: Retrieval;
  /** The message names no service of its own ("那要多久能拿到"): the item model reads it as about the one in context. */
  inContext: boolean;
  /** What a question asks about (materials, the amount a benefit pays…), by the trained ask model. */
  ask: Ranked;
  /** What it says of the choice slots (for whom, which half-day, anonymous, a rating, the reasons), by the trained readers. */
  slots: SlotReadings;
  entities: Entity[];
  cues: Cues;
}
