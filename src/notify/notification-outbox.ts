import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, Tables } from '../store/database.ts';
import type { ChannelName, Reply } from '../message.ts';

/** A notification that failed this often is left for staff (a chat that blocked the bot, say). */
const MAX_ATTEMPTS = 50;

/** Whom a message the resident did not ask for just now goes to: a chat on a channel. */
export interface Recipient {
  channel: ChannelName;
  chat: string;
  user: string;
}

/** A notification waiting to be delivered. */
export interface PendingNotification {
  id: string;
  to: Recipient;
  replies: Reply[];
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  /** When it may be tried next (null: at once); also the claim a sender holds on it. */
  nextAttemptAt: string | null;
  /** How many of `replies` were delivered already (a retry after a partial failure skips them). */
  repliesSent: number;
}

/**
 * Puts a notification in the outbox. Pass the transaction that changes the state it reports
 * (a booking, a reminder claimed, a ticket status), so that the two are stored together or not
 * at all: nothing is announced that did not happen, nothing that happened goes unannounced.
 */
export async function enqueueNotification(
  db: Kysely<Tables> | Transaction<Tables>,
  to: Recipient,
  replies: Reply[],
  now: Date = new Date(),
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('notifications')
    .values({
      id,
      channel: to.channel,
      chat: to.chat,
      user_id: to.user,
      replies: JSON.stringify(replies),
      created_at: now.toISOString(),
      sent_at: null,
      attempts: 0,
      last_error: null,
      next_attempt_at: null,
    })
    .execute();
  return id;
}

function fromRow(row: Selectable<Tables['notifications']>): PendingNotification {
  return {
    id: row.id,
    to: { channel: row.channel as ChannelName, chat: row.chat, user: row.user_id },
    replies: JSON.parse(row.replies) as Reply[],
    attempts: row.attempts,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    nextAttemptAt: row.next_attempt_at,
    repliesSent: row.replies_sent,
  };
}

/** Reads and settles the outbox; the dispatcher delivers what it returns. */
export class NotificationOutbox {
  constructor(private readonly db: Database) {}

  /** Queues a notification on its own (not part of another change). */
  async enqueue(to: Recipient, replies: Reply[], now: Date = new Date()): Promise<string> {
    return enqueueNotification(this.db, to, replies, now);
  }

  /** The oldest undelivered notifications for the given channels. */
  async pending(channels: readonly ChannelName[], limit = 50, now: Date = new Date()): Promise<PendingNotification[]> {
    if (channels.length === 0) return [];
    const rows = await this.db
      .selectFrom('notifications')
      .selectAll()
      .where('sent_at', 'is', null)
      .where('attempts', '<', MAX_ATTEMPTS)
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now.toISOString())]))
      .where('channel', 'in', [...channels])
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }

  /**
   * Reserves a notification for one sender until `until`: only the sender whose UPDATE still sees
   * the value it read wins, so a notification is never sent by two at once.
   */
  async claim(notification: PendingNotification, until: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('notifications')
      .set({ next_attempt_at: until.toISOString() })
      .where('id', '=', notification.id)
      .where('sent_at', 'is', null)
      .where((eb) =>
        notification.nextAttemptAt === null ? eb('next_attempt_at', 'is', null) : eb('next_attempt_at', '=', notification.nextAttemptAt),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Records that the first `count` replies went out, so a retry does not repeat them. */
  async markProgress(id: string, count: number): Promise<void> {
    await this.db.updateTable('notifications').set({ replies_sent: count }).where('id', '=', id).execute();
  }

  async markSent(id: string, now: Date = new Date()): Promise<void> {
    await this.db.updateTable('notifications').set({ sent_at: now.toISOString() }).where('id', '=', id).execute();
  }

  /**
   * Records a failed delivery and waits before the next: 2 s, 4 s, … up to an hour, so a resident
   * who has not yet opened a private chat with the bot still gets it for days.
   */
  async markFailed(id: string, error: string, now: Date = new Date()): Promise<void> {
    const row = await this.db.selectFrom('notifications').select('attempts').where('id', '=', id).executeTakeFirst();
    const delayMs = Math.min(2 ** ((row?.attempts ?? 0) + 1) * 1000, 3_600_000);
    await this.db
      .updateTable('notifications')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_error: error.slice(0, 500),
        next_attempt_at: new Date(now.getTime() + delayMs).toISOString(),
      }))
      .where('id', '=', id)
      .execute();
  }

  /** Makes every waiting notification of a channel due now (the channel is back after an outage). */
  async retryChannelNow(channel: ChannelName): Promise<void> {
    await this.db.updateTable('notifications').set({ next_attempt_at: null }).where('channel', '=', channel).where('sent_at', 'is', null).execute();
  }

  /** Makes every waiting notification for this chat due now (the resident just opened it). */
  async retryNow(to: Pick<Recipient, 'channel' | 'chat'>): Promise<void> {
    await this.db
      .updateTable('notifications')
      .set({ next_attempt_at: null })
      .where('channel', '=', to.channel)
      .where('chat', '=', to.chat)
      .where('sent_at', 'is', null)
      .execute();
  }

  /**
   * What was sent or waits for one recipient, oldest first; with `waiting`, only what is not yet
   * delivered (the web inbox: its history need not be read on every poll).
   */
  async forRecipient(to: Pick<Recipient, 'channel' | 'user'>, options: { waiting?: boolean } = {}): Promise<PendingNotification[]> {
    let query = this.db.selectFrom('notifications').selectAll().where('channel', '=', to.channel).where('user_id', '=', to.user);
    if (options.waiting) query = query.where('sent_at', 'is', null);
    const rows = await query
      .orderBy('created_at')
      .execute();
    return rows.map(fromRow);
  }
}
