import type { Delivery } from '../deliver.ts';
import type { InboundMessage, Reply } from '../message.ts';
import type { IntentName } from '../nlu/intent-declaration.ts';
import type { EmergencyReading } from '../nlu/emergency-detector.ts';
import type { Understanding } from '../nlu/understanding.ts';
import type { HandlerResult } from './intent.ts';
import type { Decision } from './router.ts';
import type { Session } from './session.ts';

/**
 * One message on its way through the pipeline (grammY's context): each step reads what the
 * steps before it left and adds its own part. Only the commit step writes the session.
 */
export interface Turn {
  readonly message: InboundMessage;
  readonly now: Date;
  /** The session key: this person in this chat. */
  readonly key: string;
  /** The step running now, named in the log if it fails. */
  step: string;
  /** The session, loaded once under the lock by the session step. */
  session?: Session;
  /** The emergency detector's reading, when a step before the understand step already made it. */
  emergency?: EmergencyReading;
  /** What the input guard would say, held back while an open form may still read the message (a photo, an emoji). */
  guarded?: Reply[];
  understanding?: Understanding;
  /** Her conversation waits in the staff's queue: what the bot answers meanwhile says it is the bot. */
  waitingForPerson?: boolean;
  decision?: Decision;
  /** What answered the message: the handler's result, with the intent it belongs to. */
  outcome?: HandlerResult & { intent: IntentName };
  /** Every reply of the turn, in order. */
  replies: Reply[];
  /** The intent handled, or null where the message was not handled (guarded, ignored, limited). */
  intent: IntentName | null;
  /** The knowledge item the answer came from, or null. */
  itemId: string | null;
  /** Where the replies go (the deliver step). */
  delivery?: Delivery;
}

/** One named step of the pipeline: it does its part and calls `next` to go on, or returns to stop. */
export interface Step {
  name: string;
  run(turn: Turn, next: () => Promise<void>): Promise<void>;
}

/** Runs the steps in order, each one deciding whether the rest runs (grammY's `Composer`). */
export function compose(steps: readonly Step[]): (turn: Turn) => Promise<void> {
  const dispatch = async (turn: Turn, index: number): Promise<void> => {
    const step = steps[index];
    if (!step) return;
    turn.step = step.name;
    await step.run(turn, () => dispatch(turn, index + 1));
  };
  return (turn) => dispatch(turn, 0);
}

/** A new turn for a message. */
export function newTurn(message: InboundMessage, key: string, now: Date): Turn {
  return { message, key, now, step: 'start', replies: [], intent: null, itemId: null };
}
