import type { Logger } from 'pino';
import type { Nlu } from '../nlu/nlu.ts';
import type { IntentDeclaration } from '../nlu/intent-declaration.ts';
import type { SessionRepository } from '../store/session-repository.ts';
import type { FloodLimiter } from './flood-limiter.ts';
import type { FormType } from './form.ts';
import type { EngineServices, IntentRegistry } from './intent.ts';
import type { KeyedLock } from './keyed-lock.ts';
import type { RecentIds } from './recent-ids.ts';
import type { Session } from './session.ts';

/** What the engine is built from (`src/main.ts` wires it). */
export interface EngineDependencies {
  nlu: Nlu;
  intents: IntentRegistry;
  /** Every form the intents run, so a stored form is checked against its type when a session is loaded. */
  forms: readonly FormType<any>[];
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

/** The dependencies with every default filled in: what the steps get. */
export type StepDependencies = Required<Omit<EngineDependencies, 'now'>> & { now: () => Date; declarations: readonly IntentDeclaration[] };
