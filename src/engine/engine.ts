import { defaultCapabilities, planDelivery, type Delivery } from '../deliver.ts';
import { AppError, ErrorCodes } from '../errors.ts';
import type { InboundMessage, Reply } from '../message.ts';
import type { IntentName } from '../nlu/intent-declaration.ts';
import { maskPersonalNumbers } from '../personal-numbers.ts';
import type { Recipient } from '../notify/notification-outbox.ts';
import type { EngineDependencies, StepDependencies } from './engine-dependencies.ts';
import { FloodLimiter } from './flood-limiter.ts';
import { MemoryKeyedLock } from './keyed-lock.ts';
import { pipeline } from './pipeline.ts';
import { MemoryRecentIds } from './recent-ids.ts';
import { SessionStore } from './session-store.ts';
import { sessionKey } from './session.ts';
import { commitElsewhere } from './steps/commit.ts';
import { compose, newTurn, type Turn } from './turn.ts';

export type { EngineDependencies } from './engine-dependencies.ts';

/** What the engine made of one message. */
export interface EngineResult {
  /** Every reply, in order (what a private chat shows). */
  replies: Reply[];
  /** Where each reply goes, by the channel's capabilities: what the adapter sends. */
  delivery: Delivery;
  /** The intent handled, or null where the message was not handled (guarded, ignored, limited). */
  intent: IntentName | null;
  /** The knowledge item the answer came from, or null. */
  itemId: string | null;
}

const SORRY: Reply = { text: '抱歉，我这边出了点问题，没能处理您的消息。请稍后再发一次，或拨打12345热线。' };

/**
 * The conversation engine: one normalized message in, replies out, for every channel alike. It
 * runs the steps of `pipeline.ts` with one error boundary that logs the session key, the routed
 * intent and the step that failed, and answers with an apology (or the words of a service error).
 */
export class Engine {
  private readonly deps: StepDependencies & { store: SessionStore };
  private readonly run: (turn: Turn) => Promise<void>;

  constructor(dependencies: EngineDependencies) {
    this.deps = {
      ...dependencies,
      now: dependencies.now ?? (() => new Date()),
      recent: dependencies.recent ?? new MemoryRecentIds(),
      flood: dependencies.flood ?? new FloodLimiter(dependencies.floodLimitPerMinute),
      lock: dependencies.lock ?? new MemoryKeyedLock(),
      declarations: Object.values(dependencies.intents).map((i) => i.declaration),
      store: new SessionStore(dependencies.sessions, dependencies.sessionTtlHours, dependencies.forms),
    };
    this.run = compose(pipeline(this.deps));
  }

  /** The engine's clock: what channels stamp what they keep for a conversation with (photos). */
  now(): Date {
    return this.deps.now();
  }

  /** Handles one message. Never throws: failures become a friendly reply. */
  async handle(message: InboundMessage): Promise<EngineResult> {
    const turn = newTurn(message, sessionKey(message), this.deps.now());
    try {
      await this.run(turn);
      const delivery = turn.delivery ?? planDelivery(turn.replies, message.chatType, message.capabilities ?? defaultCapabilities(message.channel));
      return { replies: turn.replies, delivery, intent: turn.intent, itemId: turn.itemId };
    } catch (error) {
      this.deps.logger.error(
        {
          err: error,
          step: turn.step,
          session: maskPersonalNumbers(turn.key),
          intent: turn.decision?.intent ?? turn.outcome?.intent ?? null,
          channel: message.channel,
          chatType: message.chatType,
          text: maskPersonalNumbers(message.text.slice(0, 200)),
        },
        'message handling failed',
      );
      // A service error that carries words for the resident says what to do; others get the apology.
      const userText = error instanceof AppError && error.code !== ErrorCodes.INTERNAL ? error.userText : undefined;
      const replies = [userText ? { text: userText } : SORRY];
      return { replies, delivery: planDelivery(replies, message.chatType, defaultCapabilities(message.channel)), intent: null, itemId: null };
    }
  }

  /**
   * Remembers the buttons of a message the bot sent on its own (a rating request, a reminder),
   * so that the resident's bare "3" in that chat picks the third.
   */
  async rememberChoices(to: Recipient, replies: Reply[]): Promise<void> {
    const buttons = replies.findLast((r) => r.buttons?.length)?.buttons;
    if (buttons) await commitElsewhere(this.deps, sessionKey(to), this.deps.now(), { buttons });
  }
}
