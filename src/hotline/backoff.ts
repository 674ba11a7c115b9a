/** The bounds of the retry delay. */
export interface BackoffOptions {
  /** The first retry's upper bound (default 1 s); it doubles with every attempt. */
  baseMs: number;
  /** The upper bound never exceeds this (default 5 min). */
  maxMs: number;
}

/** The defaults: a second, doubling, at most five minutes. */
export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({ baseMs: 1_000, maxMs: 300_000 });

/** A Retry-After longer than this is not believed (a misconfigured hotline must not park a ticket for days). */
const RETRY_AFTER_CAP_MS = 3_600_000;

/**
 * The delay before retry number `attempt` (1 for the first retry): exponential backoff with
 * "full jitter" (a uniform delay between 0 and min(maxMs, baseMs·2^(attempt-1))), so that many
 * tickets failing together do not come back together and knock the hotline over again.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 40);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.floor(random() * Math.max(0, ceiling));
}

/**
 * A `Retry-After` header as milliseconds from `now`: delta-seconds or an HTTP date; null when
 * absent or unreadable. Capped at an hour, never negative.
 */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | null {
  if (!header) return null;
  const text = header.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) return null;
    ms = date - now.getTime();
  }
  return Math.min(Math.max(0, Math.round(ms)), RETRY_AFTER_CAP_MS);
}
