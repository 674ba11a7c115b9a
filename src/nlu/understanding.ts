import type { Directive } from '../engine/directive.ts';
import type { Retrieval } from '../knowledge/retriever.ts';
import type { FollowUp } from './intent-declaration.ts';
import type { Cues } from './cues.ts';
import type { Entity } from './entities.ts';
import type { IntentResult } from './intent-classifier.ts';

/**
 * What one message was understood as, worked out once per turn by the understand step: nothing
 * downstream runs retrieval or the classifier again on the same text.
 */
export interface Understanding {
  /** The text acted on: the message, or the value of the offered choice it picked. */
  text: string;
  /** The offered choice the message picked (a button, or its number typed). */
  choice?: Directive;
  /** A command in an intent's own syntax ("办结 V000123 即办件"), as that intent reads it. */
  command?: Directive;
  /** A follow-up about the item in context ("要带什么", "全部"), as the guide intent reads it. */
  followUp?: FollowUp;
  intent: IntentResult;
  retrieval: Retrieval;
  entities: Entity[];
  cues: Cues;
}
