import { randomUUID } from 'node:crypto';
import type { Recipient } from '../notify/notification-outbox.ts';
import { enqueueNotification } from '../notify/notification-outbox.ts';
import type { Database } from '../store/database.ts';
import { audit } from './audit-log.ts';

/** One recorded follow-up of a 不满意 rating. */
export interface RatingFollowUp {
  visitNote: string;
  fixNote: string;
  toldResident: boolean;
  actor: string;
  at: string;
}

/** The longest 回访 or 整改 note (characters). */
export const FOLLOW_UP_LIMIT = 1000;

/**
 * 好差评 follow-up (seed 003: a bad review is fixed and answered): the town records the 回访 and
 * the 整改, and may tell the resident in her own chat, all in one transaction with the audit entry.
 * `target` is `visit:V000001` or `ticket:T000001`.
 */
export async function recordFollowUp(
  db: Database,
  input: { target: string; visitNote: string; fixNote: string; tell: Recipient | null; message: string; actor: string; ip: string | null },
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('rating_follow_ups')
      .values({ id: randomUUID(), target: input.target, visit_note: input.visitNote, fix_note: input.fixNote, told_resident: input.tell ? 1 : 0, actor: input.actor, at: now.toISOString() })
      .execute();
    if (input.tell) await enqueueNotification(trx, input.tell, [{ text: input.message }], now);
    await audit(trx, { actor: input.actor, action: 'follow_up', target: input.target, after: { visitNote: input.visitNote, fixNote: input.fixNote, told: input.tell !== null }, ip: input.ip }, now);
  });
}

/** The follow-ups of one target, oldest first. */
export async function followUpsOf(db: Database, target: string): Promise<RatingFollowUp[]> {
  const rows = await db.selectFrom('rating_follow_ups').selectAll().where('target', '=', target).orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({ visitNote: r.visit_note, fixNote: r.fix_note, toldResident: r.told_resident === 1, actor: r.actor, at: r.at }));
}

/** What the resident reads when told of the follow-up. */
export function followUpMessage(what: string, fixNote: string, signature: string): string {
  return `关于您对${what}的不满意评价：我们已经回访处理。${fixNote ? `整改情况：${fixNote}` : ''}如还有问题，请直接回复，或拨打12345。——${signature}`;
}
