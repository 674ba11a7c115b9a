import { hasPersonalNumber, RECALL_PERSONAL_NUMBER } from '../channel.ts';
import type { Logger } from 'pino';
import { AppError, ErrorCodes } from '../errors.ts';
import type { InboundMessage, Reply } from '../message.ts';
import type { IntentName } from '../nlu/intent-declaration.ts';
import type { Nlu } from '../nlu/nlu.ts';
import { maskPersonalNumbers } from '../nlu/entities.ts';
import type { SessionRepository } from '../store/session-repository.ts';
import { MemoryFloodLimiter, type FloodLimiter } from './flood-limiter.ts';
import { guardInput, MAX_TEXT_LENGTH } from './input-guard.ts';
import type { EngineServices, IntentContext, IntentRegistry } from './intent.ts';
import { MemoryKeyedLock, type KeyedLock } from './keyed-lock.ts';
import { MemoryRecentIds, type RecentIds } from './recent-ids.ts';
import { resolveChoice, route } from './router.ts';
import type { FormState } from './form.ts';
import { newSession, privateChatOf, sessionKey, type Session } from './session.ts';

/** Said before an answer to a question that also spoke of danger. */
const EMERGENCY_NUMBERS: Reply = { text: '如果有人正处在危险中，请马上拨打 120 急救、110 报警或 119 火警。' };

/** What the engine made of one message. */
export interface EngineResult {
  replies: Reply[];
  /** The intent handled, or null where the message was not handled (guarded, ignored, limited). */
  intent: IntentName | null;
  /** The knowledge item the answer came from, or null. */
  itemId: string | null;
}

/** What the engine is built from. */
export interface EngineDependencies {
  nlu: Nlu;
  intents: IntentRegistry;
  sessions: SessionRepository<Session>;
  services: EngineServices;
  logger: Logger;
  floodLimitPerMinute: number;
  sessionTtlHours: number;
  now?: () => Date;
  /** The flood limit (default: this process's, `floodLimitPerMinute`; with REDIS_URL, shared). */
  flood?: FloodLimiter;
  /** The per-session lock (default: this process's; with REDIS_URL, shared). */
  lock?: KeyedLock;
  /** The dedupe of message ids (default: this process's; with REDIS_URL, shared). */
  recent?: RecentIds;
}

const SORRY: Reply = { text: '抱歉，我这边出了点问题，没能处理您的消息。请稍后再发一次，或拨打12345热线。' };

/**
 * The conversation engine: one normalized message in, replies out, for every channel alike.
 * dedupe → flood limit → input guard → group gate → session (locked per person) → NLU →
 * router → intent handler → session save. One error boundary keeps the context in the log and
 * the session as it was.
 */
export class Engine {
  private readonly recent: RecentIds;
  private readonly flood: FloodLimiter;
  private readonly lock: KeyedLock;

  constructor(private readonly deps: EngineDependencies) {
    this.recent = deps.recent ?? new MemoryRecentIds();
    this.flood = deps.flood ?? new MemoryFloodLimiter(deps.floodLimitPerMinute);
    this.lock = deps.lock ?? new MemoryKeyedLock();
  }

  /** Handles one message. Never throws: failures become a friendly reply. */
  async handle(message: InboundMessage): Promise<EngineResult> {
    const ignored: EngineResult = { replies: [], intent: null, itemId: null };
    try {
      // The dedupe, the flood count and the lock may live in Redis: a failure there is one too.
      if (message.id && (await this.recent.seen(`${message.channel}:${message.chat}:${message.id}`))) return ignored;
      if (message.chatType === 'group' && !message.mentioned && !message.answerIfClear) return ignored;
      const limited = await this.flood.check(`${message.channel}:${message.user}`);
      if (limited === 'drop') return ignored;
      if (limited === 'warn') return { ...ignored, replies: [{ text: '您发得太快了，请歇一分钟再发，我会一条条回复您。' }] };
      const guarded = guardInput(message);
      const key = sessionKey(message);
      return await this.lock.run(key, async () => {
        // An open form reads even an emoji or a bare photo (and says what it needs instead).
        if (guarded) {
          const formOpen = message.text.length <= MAX_TEXT_LENGTH && (await this.deps.sessions.load(key))?.form;
          if (!formOpen) return { ...ignored, replies: guarded };
        }
        return await this.converse(message, key);
      });
    } catch (error) {
      this.deps.logger.error(
        { err: error, channel: message.channel, chatType: message.chatType, text: maskPersonalNumbers(message.text.slice(0, 200)) },
        'message handling failed',
      );
      // A service error that carries words for the resident says what to do; others get the apology.
      const userText = error instanceof AppError && error.code !== ErrorCodes.INTERNAL ? error.userText : undefined;
      return { ...ignored, replies: [userText ? { text: userText } : SORRY] };
    }
  }

  private async converse(message: InboundMessage, key: string): Promise<EngineResult> {
    const now = this.deps.now?.() ?? new Date();
    const session = this.fresh(await this.deps.sessions.load(key), now);
    const text = message.text.trim();
    const choice = resolveChoice(text, session);
    const nlu = this.deps.nlu.parse(choice.directive ? '' : choice.text, now);
    if (message.chatType === 'group' && !message.mentioned) {
      // Not addressed: answer only a clear service question, and keep no state otherwise.
      const clear = nlu.intent.name === 'guide' && nlu.retrieval.confidence === 'sure' && !session.form;
      if (!clear) return { replies: [], intent: null, itemId: null };
    }
    const target = route(choice.text, choice.directive, nlu, session);
    const village = nlu.entities.find((e) => e.type === 'village');
    if (village) session.village = village.value;
    else if (message.village && !session.village) session.village = message.village;

    const context: IntentContext = {
      message,
      text: target.text,
      session,
      nlu,
      services: this.deps.services,
      itemId: null,
      now,
      continuePrivately: (form, replies) => this.continuePrivately(message, form, replies),
      ...(target.directive ? { directive: target.directive } : {}),
    };
    const replies = await this.deps.intents[target.intent].handle(context);
    // Emergency words in a question about a service: the numbers first, then the answer.
    if (nlu.intent.name === 'emergency' && target.intent !== 'emergency') replies.unshift(EMERGENCY_NUMBERS);
    // The same pattern that keeps numbers out of our group posts finds them in hers.
    if (message.chatType === 'group' && hasPersonalNumber(text)) replies.unshift(RECALL_PERSONAL_NUMBER);
    const buttons = replies.findLast((r) => r.buttons?.length)?.buttons;
    if (buttons) session.buttons = buttons;
    else delete session.buttons;
    session.turns += 1;
    session.updatedAt = now.toISOString();
    await this.deps.sessions.save(key, session);
    return { replies, intent: target.intent, itemId: context.itemId };
  }

  /**
   * Remembers the buttons of a message the bot sent on its own (a rating request, a reminder),
   * so that the resident's bare "3" in that chat picks the third.
   */
  async rememberChoices(to: Pick<InboundMessage, 'channel' | 'chat' | 'user'>, replies: Reply[]): Promise<void> {
    const buttons = replies.findLast((r) => r.buttons?.length)?.buttons;
    if (!buttons) return;
    const key = sessionKey(to);
    await this.lock.run(key, async () => {
      const now = this.deps.now?.() ?? new Date();
      const session = this.fresh(await this.deps.sessions.load(key), now);
      session.buttons = buttons;
      session.updatedAt = now.toISOString();
      await this.deps.sessions.save(key, session);
    });
  }

  private async continuePrivately(message: InboundMessage, form: FormState, replies: Reply[]): Promise<void> {
    const target = privateChatOf(message);
    const key = sessionKey(target);
    await this.lock.run(key, async () => {
      const now = this.deps.now?.() ?? new Date();
      const session = this.fresh(await this.deps.sessions.load(key), now);
      session.form = form;
      const buttons = replies.findLast((r) => r.buttons?.length)?.buttons;
      if (buttons) session.buttons = buttons;
      else delete session.buttons;
      session.updatedAt = now.toISOString();
      await this.deps.sessions.save(key, session);
    });
    await this.deps.services.notify(target, replies);
  }

  private fresh(stored: Session | undefined, now: Date): Session {
    if (!stored) return newSession();
    const ageHours = (now.getTime() - Date.parse(stored.updatedAt)) / 3_600_000;
    return ageHours > this.deps.sessionTtlHours ? newSession() : stored;
  }
}
