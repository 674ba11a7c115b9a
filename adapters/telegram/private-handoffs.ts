import { randomBytes } from 'node:crypto';
import type { Reply } from '../../src/message.ts';

interface Held {
  user: string;
  replies: Reply[];
  expiresAt: number;
}

/** How long and how many held replies are kept: a deep link is tapped soon or not at all. */
export interface HandoffLimits {
  ttlMs: number;
  max: number;
  now?: () => number;
}

/**
 * Private replies that could not be sent yet because the resident never opened a private chat
 * with the bot (Telegram answers 403). The group gets a deep link with a random key; when that
 * same resident opens it, the replies are delivered. Anyone else who taps the link gets nothing:
 * the link is visible to the whole group, the replies are not. Kept in memory: after a restart
 * the resident simply asks again.
 */
export class PrivateHandoffs {
  private readonly held = new Map<string, Held>();
  private readonly now: () => number;

  constructor(private readonly limits: HandoffLimits = { ttlMs: 24 * 3_600_000, max: 1000 }) {
    this.now = limits.now ?? Date.now;
  }

  /** Holds replies for `user`; returns the deep-link payload that releases them. */
  hold(user: string, replies: Reply[]): string {
    this.prune();
    while (this.held.size >= this.limits.max) this.held.delete(this.held.keys().next().value!);
    const key = `p${randomBytes(9).toString('base64url')}`;
    this.held.set(key, { user, replies, expiresAt: this.now() + this.limits.ttlMs });
    return key;
  }

  /** The replies held under `key` for `user`, removed; undefined for anyone else or when gone. */
  release(key: string, user: string): Reply[] | undefined {
    const entry = this.held.get(key);
    if (!entry || entry.user !== user) return undefined;
    this.held.delete(key);
    return entry.expiresAt > this.now() ? entry.replies : undefined;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.held) if (entry.expiresAt <= now) this.held.delete(key);
  }
}
