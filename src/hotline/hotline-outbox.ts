import type { Kysely, Transaction } from 'kysely';
import type { Tables } from '../store/database.ts';

/** The body CONTRACT.md fixes for `POST $HOTLINE_URL` (more fields may be added, none removed). */
export interface HotlineRequest {
  id: string;
  category: string;
  content: string;
  village: string;
  location: string;
  contact: { name: string; phone: string } | null;
  channel: string;
  createdAt: string;
  attachments: { id: string; mimeType: string; size: number; url?: string }[];
  /** Added: 咨询/求助/投诉/举报/建议. */
  type?: string;
  subcategory?: string;
  /** Added: for an update of an earlier ticket (a co-reporter) or a re-handling request. */
  kind?: 'new' | 'update' | 'rehandle';
  ticketId?: string;
  deadline?: string;
}

/**
 * Puts a request for the hotline in the outbox, in the transaction that stores the ticket: a
 * ticket acknowledged to the resident is always in the outbox, and a retry after a crash sends
 * the same id (the Idempotency-Key) and the same bytes. Enqueuing the same id twice is a no-op.
 */
export async function enqueueHotlineRequest(
  db: Kysely<Tables> | Transaction<Tables>,
  ticketId: string,
  request: HotlineRequest,
  now: Date,
): Promise<void> {
  await db
    .insertInto('hotline_outbox')
    .values({
      id: request.id,
      ticket_id: ticketId,
      body: JSON.stringify(request),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now.toISOString(),
      last_error: null,
      last_status_code: null,
      ticket_no: null,
      created_at: now.toISOString(),
      delivered_at: null,
    })
    .onConflict((c) => c.column('id').doNothing())
    .execute();
}
