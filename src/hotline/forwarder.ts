import Bottleneck from 'bottleneck';
import type { Database } from '../store/database.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.ts';
import { describeError, isFinalStatus, outcomeOfError, outcomeOfResponse, readAnswer, type DeliveryOutcome } from './delivery-outcome.ts';
import { HotlineOutboxStore, type ClaimedEntry, type DueEntry, type OutboxEntry } from './outbox-store.ts';
import { signBody } from './signature.ts';

/** Told once a request reached the hotline (`ticketNo` when it answered with one). */
export interface DeliveredEntry {
  id: string;
  ticketId: string;
  ticketNo: string | null;
}

/** Told once the hotline refused a request for good (a 4xx other than 408/429). */
export interface DeadEntry {
  id: string;
  ticketId: string;
  statusCode: number;
  error: string;
}

/** Where the forwarder writes what went wrong; a pino logger fits. */
export interface ForwarderLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** What the forwarder is built from; only `db`, `url` and `secret` are required. */
export interface HotlineForwarderOptions {
  db: Database;
  /** `HOTLINE_URL`. */
  url: string;
  /** `HOTLINE_SECRET`: the key of the `X-Signature` HMAC. */
  secret: string;
  /** The time leases and backoffs are measured with (default: the real time). */
  clock?: () => Date;
  /** The HTTP client (default: the global fetch). */
  fetch?: typeof fetch;
  /** A request without a complete answer by then is abandoned and retried (default 10 s). */
  timeoutMs?: number;
  /** How long a claimed row stays reserved for its sender (default `timeoutMs` + 60 s); after a crash it is due again then. */
  leaseMs?: number;
  /** At most this many requests started a second (default 10). */
  maxPerSecond?: number;
  /** At most this many requests in flight (default 4). */
  maxConcurrent?: number;
  /** A limiter to use instead (e.g. one shared through Redis by several processes). */
  limiter?: Bottleneck;
  /** Retry delays: full jitter up to `baseMs`·2^(n-1), at most `maxMs`. */
  backoff?: Partial<BackoffOptions>;
  /** The circuit breaker, or its options (default: 5 failures, 30 s cool-down). */
  breaker?: CircuitBreaker | CircuitBreakerOptions;
  /** Rows looked at a tick (default: a second's worth, `max(maxPerSecond, maxConcurrent)`). */
  batch?: number;
  /** The jitter's randomness (tests pin it). */
  random?: () => number;
  /** Runs before the row is marked delivered; if it throws, it runs again later (the request is not re-sent). */
  onDelivered?: (entry: DeliveredEntry) => Promise<void>;
  /** Runs before the row is marked dead; if it throws, it runs again later. */
  onDead?: (entry: DeadEntry) => Promise<void>;
  logger?: ForwarderLogger;
}

/** What one tick did, by row. */
export interface TickResult {
  delivered: number;
  retried: number;
  dead: number;
  /** Claimed by someone else first. */
  skipped: number;
  /** Left pending untouched: the circuit is open, or the forwarder is stopping. */
  held: number;
  /** A database error on the way; the row's lease runs out and it is tried again. */
  failed: number;
}

type RowResult = Exclude<keyof TickResult, 'failed'>;

const silent: ForwarderLogger = { info() {}, warn() {}, error() {} };

/**
 * Forwards the hotline outbox to 12345 per CONTRACT.md: the stored body byte for byte, signed,
 * with its `Idempotency-Key`. The state lives in the database, not in memory: each row is claimed
 * by a conditional UPDATE that moves `next_attempt_at` forward as a lease, so several processes
 * (or overlapping ticks) never send one row at the same time, and a row whose sender died is due
 * again when the lease runs out, under the same key. Requests go through a bottleneck limiter;
 * 5xx/408/429/time-outs/network errors are retried with exponential backoff and full jitter
 * (a 429's Retry-After honoured); a circuit breaker stops sending while the hotline is down;
 * any other 4xx is a dead letter for staff. The callbacks run before a row is settled and again
 * after a crash, so nothing the hotline accepted goes unannounced (they must be idempotent).
 */
export class HotlineForwarder {
  /** The outbox's SQL, also for staff views that need no forwarding (no `HOTLINE_URL`). */
  readonly store: HotlineOutboxStore;
  readonly breaker: CircuitBreaker;
  private readonly clock: () => Date;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly leaseMs: number;
  private readonly limiter: Bottleneck;
  private readonly backoff: BackoffOptions;
  private readonly batch: number;
  private readonly random: () => number;
  private readonly logger: ForwarderLogger;
  private readonly ticks = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private looping: Promise<void> | undefined;
  private again = false;
  private closing = false;

  constructor(private readonly options: HotlineForwarderOptions) {
    this.store = new HotlineOutboxStore(options.db);
    this.clock = options.clock ?? (() => new Date());
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.leaseMs = options.leaseMs ?? this.timeoutMs + 60_000;
    const maxPerSecond = options.maxPerSecond ?? 10;
    const maxConcurrent = options.maxConcurrent ?? 4;
    this.limiter = options.limiter ?? new Bottleneck({ maxConcurrent, minTime: Math.ceil(1000 / maxPerSecond) });
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.breaker = options.breaker instanceof CircuitBreaker ? options.breaker : new CircuitBreaker({ clock: this.clock, ...options.breaker });
    this.batch = options.batch ?? Math.max(Math.ceil(maxPerSecond), maxConcurrent);
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silent;
  }

  /** Forwards the rows due at `now`, oldest first, and waits until each is settled or rescheduled. */
  async tick(now: Date = this.clock()): Promise<TickResult> {
    const work = this.runTick(now);
    this.ticks.add(work);
    try {
      return await work;
    } finally {
      this.ticks.delete(work);
    }
  }

  /** Ticks now and every `intervalMs` until `stop` (never two at once); errors are logged, never thrown. */
  start(intervalMs = 1_000): void {
    if (this.timer) return;
    this.closing = false;
    this.timer = setInterval(() => this.wake(), intervalMs);
    this.timer.unref();
    this.wake();
  }

  /** Ticks as soon as possible (e.g. right after a ticket was stored) instead of at the next interval. */
  wake(): void {
    if (!this.timer || this.closing) return;
    if (this.looping) {
      this.again = true;
      return;
    }
    this.looping = (async () => {
      do {
        this.again = false;
        await this.tick().catch((error: unknown) => this.logger.error({ err: error }, 'hotline forwarding tick failed'));
      } while (this.again && !this.closing);
    })().finally(() => {
      this.looping = undefined;
    });
  }

  /** Stops ticking and waits for the requests in flight to settle; queued rows stay pending. */
  async stop(): Promise<void> {
    this.closing = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.looping;
    await Promise.allSettled([...this.ticks]);
    this.closing = false;
  }

  /** The dead letters, for staff. */
  deadLetters(limit?: number): Promise<OutboxEntry[]> {
    return this.store.deadLetters(limit);
  }

  /** Puts a dead letter back in the queue (staff fixed the cause); false if `id` is not a dead letter. */
  async retryDead(id: string): Promise<boolean> {
    const revived = await this.store.retryDead(id, this.clock());
    if (revived) this.wake();
    return revived;
  }

  /** How many requests have not reached the hotline yet. */
  pendingCount(): Promise<number> {
    return this.store.pendingCount();
  }

  private async runTick(now: Date): Promise<TickResult> {
    const result: TickResult = { delivered: 0, retried: 0, dead: 0, skipped: 0, held: 0, failed: 0 };
    if (this.closing) return result;
    const due = await this.store.due(now, this.batch);
    // While the circuit is open only rows that merely wait for their callbacks are worth a job.
    const work = this.breaker.canAttempt() ? due : due.filter((entry) => isFinalStatus(entry.last_status_code));
    result.held += due.length - work.length;
    await Promise.all(
      work.map((entry) =>
        this.limiter.schedule(() => this.forward(entry, now)).then(
          (kind) => {
            result[kind] += 1;
          },
          (error: unknown) => {
            result.failed += 1;
            this.logger.error({ err: error, id: entry.id }, 'hotline forwarding failed; the row is retried when its lease runs out');
          },
        ),
      ),
    );
    return result;
  }

  /** Claims one row and takes it as far as it goes: sent and settled, rescheduled, or left alone. */
  private async forward(due: DueEntry, tickNow: Date): Promise<RowResult> {
    if (this.closing) return 'held';
    const needsSend = !isFinalStatus(due.last_status_code);
    let permit = needsSend && this.breaker.tryAcquire();
    if (needsSend && !permit) return 'held';
    try {
      const lease = new Date(this.later(tickNow).getTime() + this.leaseMs).toISOString();
      const claimed = await this.store.claim(due, lease);
      if (!claimed) return 'skipped';
      if (isFinalStatus(claimed.last_status_code)) return await this.settle(claimed, lease, claimed.last_status_code!, claimed.ticket_no, null);
      if (!permit && !(permit = this.breaker.tryAcquire())) {
        await this.store.release(claimed.id, lease, due.next_attempt_at);
        return 'held';
      }
      const outcome = await this.send(claimed);
      permit = false;
      if (outcome.kind === 'retry') {
        this.breaker.onFailure();
        const wait = Math.max(backoffDelay(Number(claimed.attempts), this.backoff, this.random), outcome.retryAfterMs ?? 0);
        await this.store.retryLater(claimed.id, lease, new Date(this.later(tickNow).getTime() + wait), outcome.statusCode, outcome.error);
        this.logger.warn({ id: claimed.id, attempts: Number(claimed.attempts), error: outcome.error, retryInMs: wait }, 'hotline request failed; will retry');
        return 'retried';
      }
      this.breaker.onSuccess();
      const ticketNo = outcome.kind === 'delivered' ? outcome.ticketNo : null;
      const error = outcome.kind === 'dead' ? outcome.error : null;
      if (!(await this.store.recordAnswer(claimed.id, lease, outcome.statusCode, ticketNo, error))) return 'skipped';
      return await this.settle(claimed, lease, outcome.statusCode, ticketNo, error);
    } finally {
      if (permit) this.breaker.abandon();
    }
  }

  /** POSTs the stored body unchanged; never throws. */
  private async send(entry: ClaimedEntry): Promise<DeliveryOutcome> {
    try {
      const response = await this.fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'Idempotency-Key': entry.id,
          'X-Signature': signBody(entry.body, this.options.secret),
        },
        body: entry.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const answer = await readAnswer(response);
      return outcomeOfResponse(response.status, response.headers, answer, this.clock());
    } catch (error) {
      return outcomeOfError(error);
    }
  }

  /** Runs the callback for a final answer, then settles the row; a callback that throws is run again later. */
  private async settle(entry: ClaimedEntry, lease: string, statusCode: number, ticketNo: string | null, error: string | null): Promise<RowResult> {
    const delivered = statusCode >= 200 && statusCode < 300;
    const reason = error ?? entry.last_error ?? `HTTP ${statusCode}`;
    try {
      if (delivered) await this.options.onDelivered?.({ id: entry.id, ticketId: entry.ticket_id, ticketNo });
      else await this.options.onDead?.({ id: entry.id, ticketId: entry.ticket_id, statusCode, error: reason });
    } catch (callbackError) {
      const wait = backoffDelay(Number(entry.attempts), this.backoff, this.random);
      const note = delivered ? `onDelivered failed: ${describeError(callbackError)}` : reason;
      await this.store.retryLater(entry.id, lease, new Date(this.clock().getTime() + wait), undefined, note);
      this.logger.error({ err: callbackError, id: entry.id }, `hotline ${delivered ? 'onDelivered' : 'onDead'} failed; it runs again later`);
      return 'retried';
    }
    if (!(await this.store.settle(entry.id, lease, delivered ? 'delivered' : 'dead', this.clock()))) return 'skipped';
    if (!delivered) this.logger.warn({ id: entry.id, statusCode, error: reason }, 'hotline refused a request; it is a dead letter now');
    return delivered ? 'delivered' : 'dead';
  }

  /** The later of the tick's time and the clock's, so that a lease never starts in the past. */
  private later(tickNow: Date): Date {
    const clockNow = this.clock();
    return clockNow.getTime() > tickNow.getTime() ? clockNow : tickNow;
  }
}
