/** How a breaker trips and recovers. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  failureThreshold?: number;
  /** How long an open circuit refuses before it lets one trial through (default 30 s). */
  coolDownMs?: number;
  /** The time the cool-down is measured with; tests pass a settable clock. */
  clock?: () => Date;
}

/** closed: requests flow; open: none; half-open: one trial decides. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * A small circuit breaker, so that a hotline which is down is not hammered by every pending
 * ticket on every tick: after `failureThreshold` consecutive failures it opens and refuses for
 * `coolDownMs`, then lets exactly one trial through; the trial's success closes it, its failure
 * opens it for another cool-down. Callers ask `tryAcquire()` before a request and report
 * `onSuccess`/`onFailure` after it (or `abandon()` when they did not send after all).
 */
export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly coolDownMs: number;
  private readonly clock: () => Date;
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = Math.max(1, options.failureThreshold ?? 5);
    this.coolDownMs = Math.max(0, options.coolDownMs ?? 30_000);
    this.clock = options.clock ?? (() => new Date());
  }

  /** The state now (an open circuit whose cool-down has passed reads as half-open). */
  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    if (this.trialInFlight || this.clock().getTime() - this.openedAt >= this.coolDownMs) return 'half-open';
    return 'open';
  }

  /** Consecutive failures counted so far. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Whether `tryAcquire` could grant a request now, without taking the permit. */
  canAttempt(): boolean {
    const state = this.state;
    return state === 'closed' || (state === 'half-open' && !this.trialInFlight);
  }

  /** Takes a permit for one request: always when closed, the single trial when half-open. */
  tryAcquire(): boolean {
    if (!this.canAttempt()) return false;
    if (this.openedAt !== null) this.trialInFlight = true;
    return true;
  }

  /** Gives back a permit that was not used (the request was not sent after all). */
  abandon(): void {
    this.trialInFlight = false;
  }

  /** The hotline answered: the circuit closes and the failure count starts again. */
  onSuccess(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  /** The hotline failed: a failed trial reopens at once; otherwise the threshold decides. */
  onFailure(): void {
    this.failures += 1;
    if (this.trialInFlight || (this.openedAt === null && this.failures >= this.failureThreshold)) {
      this.openedAt = this.clock().getTime();
    }
    this.trialInFlight = false;
  }
}
