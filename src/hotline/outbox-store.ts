import type { Database, Tables } from '../store/database.ts';
import type { HotlineRequest } from './hotline-outbox.ts';

type OutboxRow = Tables['hotline_outbox'];

/** A row picked for sending: enough to claim it and to know what is left to do. */
export type DueEntry = Pick<OutboxRow, 'id' | 'ticket_id' | 'next_attempt_at' | 'last_status_code'>;

/** A claimed row, as it was at the moment of the claim. */
export type ClaimedEntry = Pick<OutboxRow, 'id' | 'ticket_id' | 'body' | 'attempts' | 'last_status_code' | 'last_error' | 'ticket_no'>;

/** An outbox entry as staff and the ticket service see it. */
export interface OutboxEntry {
  id: string;
  ticketId: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  lastStatusCode: number | null;
  ticketNo: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** The request as it is sent; null if the stored text is somehow not JSON. */
  request: HotlineRequest | null;
}

/**
 * The SQL side of forwarding: picking due rows, claiming them with a lease, settling them, and the
 * staff views (dead letters, retry). Every change made by a sender is conditional on its lease
 * (`next_attempt_at` still holding the value it wrote), so a sender whose lease ran out and was
 * taken over can never overwrite the new holder's work. Single statements only, no interactive
 * transactions: the same on SQLite and PostgreSQL, and nothing held across a network call.
 */
export class HotlineOutboxStore {
  constructor(private readonly db: Database) {}

  /** Pending rows due at `now`, oldest first. */
  async due(now: Date, limit: number): Promise<DueEntry[]> {
    return this.db
      .selectFrom('hotline_outbox')
      .select(['id', 'ticket_id', 'next_attempt_at', 'last_status_code'])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now.toISOString())
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /**
   * Claims a row: moves `next_attempt_at` from the value seen to `leaseUntil` (and counts the
   * attempt) only if nobody else moved it first. Exactly one of several concurrent claimers gets
   * the row back; the others get undefined. Until `leaseUntil` the row is not due for anyone.
   */
  async claim(entry: DueEntry, leaseUntil: string): Promise<ClaimedEntry | undefined> {
    return this.db
      .updateTable('hotline_outbox')
      .set((eb) => ({ next_attempt_at: leaseUntil, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', entry.id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', entry.next_attempt_at)
      .returning(['id', 'ticket_id', 'body', 'attempts', 'last_status_code', 'last_error', 'ticket_no'])
      .executeTakeFirst();
  }

  /** Records the hotline's final answer (2xx or a dead 4xx) while the row stays claimed, before the callbacks run. */
  async recordAnswer(id: string, lease: string, statusCode: number, ticketNo: string | null, error: string | null): Promise<boolean> {
    const result = await this.db
      .updateTable('hotline_outbox')
      .set({ last_status_code: statusCode, ticket_no: ticketNo, last_error: error })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', lease)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Sets a claimed row up for another try at `nextAt`; `statusCode` undefined keeps the stored one. */
  async retryLater(id: string, lease: string, nextAt: Date, statusCode: number | null | undefined, error: string): Promise<boolean> {
    const result = await this.db
      .updateTable('hotline_outbox')
      .set({
        next_attempt_at: nextAt.toISOString(),
        last_error: error.slice(0, 1000),
        ...(statusCode === undefined ? {} : { last_status_code: statusCode }),
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', lease)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Gives a claimed row back untouched (it was claimed but not sent), due again at once. */
  async release(id: string, lease: string, dueAt: string): Promise<void> {
    await this.db
      .updateTable('hotline_outbox')
      .set((eb) => ({ next_attempt_at: dueAt, attempts: eb('attempts', '-', 1) }))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', lease)
      .execute();
  }

  /** Settles a claimed row as delivered or dead. */
  async settle(id: string, lease: string, status: 'delivered' | 'dead', now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('hotline_outbox')
      .set({ status, ...(status === 'delivered' ? { delivered_at: now.toISOString() } : {}) })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', lease)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The dead letters (a 4xx the hotline will not take as it is), oldest first, for staff. */
  async deadLetters(limit = 200): Promise<OutboxEntry[]> {
    const rows = await this.db
      .selectFrom('hotline_outbox')
      .selectAll()
      .where('status', '=', 'dead')
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toEntry);
  }

  /** Puts a dead letter back in the queue, due at `now` with a fresh backoff; false if `id` is not dead. */
  async retryDead(id: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('hotline_outbox')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now.toISOString(), last_status_code: null })
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** How many requests have not reached the hotline yet. */
  async pendingCount(): Promise<number> {
    const row = await this.db
      .selectFrom('hotline_outbox')
      .select((eb) => eb.fn.countAll<string | number | bigint>().as('count'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** One entry, or undefined. */
  async entry(id: string): Promise<OutboxEntry | undefined> {
    const row = await this.db.selectFrom('hotline_outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toEntry(row) : undefined;
  }

  /** Every entry of a ticket (the request and its updates and re-handlings), oldest first. */
  async forTicket(ticketId: string): Promise<OutboxEntry[]> {
    const rows = await this.db
      .selectFrom('hotline_outbox')
      .selectAll()
      .where('ticket_id', '=', ticketId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toEntry);
  }
}

function toEntry(row: OutboxRow): OutboxEntry {
  let request: HotlineRequest | null = null;
  try {
    request = JSON.parse(row.body) as HotlineRequest;
  } catch {
    request = null;
  }
  return {
    id: row.id,
    ticketId: row.ticket_id,
    status: row.status as OutboxEntry['status'],
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    lastStatusCode: row.last_status_code === null ? null : Number(row.last_status_code),
    ticketNo: row.ticket_no,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    request,
  };
}
