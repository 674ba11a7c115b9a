import type { SessionRepository } from '../store/session-repository.ts';
import type { FormType, StoredForm } from './form.ts';
import { newSession, patched, type Session, type SessionPatch } from './session.ts';

/**
 * Reads and writes sessions for the pipeline: a session idle longer than the time-out starts
 * afresh, and a stored form that is not what its form type stores (an older version, a hand-edited
 * row) is dropped rather than half-read.
 */
export class SessionStore {
  constructor(
    private readonly repository: SessionRepository<Session>,
    private readonly ttlHours: number,
    private readonly forms: readonly FormType<any>[],
  ) {}

  /** The session of `key` as of `now`. */
  async load(key: string, now: Date): Promise<Session> {
    const stored = await this.repository.load(key);
    if (!stored) return newSession(now);
    const ageHours = (now.getTime() - Date.parse(stored.updatedAt)) / 3_600_000;
    if (ageHours > this.ttlHours) return newSession(now);
    return stored.form && !this.knows(stored.form) ? patched(stored, { form: null }) : stored;
  }

  /** Applies a patch and saves: the one way a session changes. */
  async save(key: string, session: Session, patch: SessionPatch, now: Date, handled = true): Promise<Session> {
    const next = { ...patched(session, patch), updatedAt: now.toISOString(), turns: session.turns + (handled ? 1 : 0) };
    await this.repository.save(key, next, now);
    return next;
  }

  private knows(form: StoredForm): boolean {
    return this.forms.some((type) => type.read(form) !== undefined);
  }
}
