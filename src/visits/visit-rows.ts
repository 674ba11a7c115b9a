import type { Kysely, Transaction } from 'kysely';
import type { ChannelName } from '../message.ts';
import type { Tables } from '../store/database.ts';
import type { CaseKind, EligibilityReason, HalfDay, Rating, Slot, Visit, VisitRequest, VisitStatus } from './types.ts';
import { nextCounterValue } from '../store/counters.ts';

type Db = Kysely<Tables> | Transaction<Tables>;
type VisitRow = Tables['visits'];

/** Turns a `visits` row into a Visit. */
export function visitFromRow(row: VisitRow): Visit {
  return {
    id: row.id,
    status: row.status as VisitStatus,
    itemId: row.item_id,
    itemName: row.item_name,
    residentName: row.resident_name,
    phone: row.phone,
    village: row.village,
    address: row.address,
    reasons: JSON.parse(row.reasons) as EligibilityReason[],
    age: row.age === null ? null : Number(row.age),
    relation: row.relation,
    slot: { date: row.date, half: row.half as HalfDay },
    agentId: row.agent_id,
    contact: { channel: row.contact_channel as ChannelName, chat: row.contact_chat, user: row.contact_user },
    createdAt: row.created_at,
    outcome:
      row.outcome_done === null
        ? null
        : {
            done: Number(row.outcome_done) === 1,
            caseKind: row.outcome_case_kind as CaseKind | null,
            note: row.outcome_note ?? '',
            recordedAt: row.outcome_at ?? '',
          },
    rating: row.rating_grade === null ? null : { grade: row.rating_grade as Rating, comment: row.rating_comment ?? '', ratedAt: row.rated_at ?? '' },
    followUpBy: row.follow_up_by,
  };
}

/** Turns a new Visit into a `visits` row, with when its reminder is due. */
export function rowFromVisit(visit: Visit, remindAt: string): VisitRow {
  return {
    id: visit.id,
    status: visit.status,
    item_id: visit.itemId,
    item_name: visit.itemName,
    resident_name: visit.residentName,
    phone: visit.phone,
    village: visit.village,
    address: visit.address,
    reasons: JSON.stringify(visit.reasons),
    age: visit.age,
    relation: visit.relation,
    date: visit.slot.date,
    half: visit.slot.half,
    agent_id: visit.agentId,
    contact_channel: visit.contact.channel,
    contact_chat: visit.contact.chat,
    contact_user: visit.contact.user,
    created_at: visit.createdAt,
    updated_at: visit.createdAt,
    outcome_done: null,
    outcome_case_kind: null,
    outcome_note: null,
    outcome_at: null,
    rating_grade: null,
    rating_comment: null,
    rated_at: null,
    follow_up_by: null,
    remind_at: remindAt,
    reminded_at: null,
  };
}

/** One visit by its number, read through the given handle or transaction. */
export async function readVisit(db: Db, id: string): Promise<Visit | undefined> {
  const row = await db.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? visitFromRow(row) : undefined;
}

/** The booked visit this request already made (the same resident, phone, item and half-day), if any. */
export async function findBookedTwin(db: Db, request: VisitRequest): Promise<Visit | undefined> {
  const row = await db
    .selectFrom('visits')
    .selectAll()
    .where('phone', '=', request.phone)
    .where('resident_name', '=', request.residentName)
    .where('item_id', '=', request.itemId)
    .where('date', '=', request.slot.date)
    .where('half', '=', request.slot.half)
    .where('status', '=', 'booked')
    .executeTakeFirst();
  return row ? visitFromRow(row) : undefined;
}

/** The next visit number, "V" + 6 digits, without gaps (see `nextCounterValue`). */
export async function nextVisitId(trx: Db): Promise<string> {
  return `V${String(await nextCounterValue(trx, 'visit')).padStart(6, '0')}`;
}

/**
 * Takes one place of the agent's half-day if one is left. The conditional UPDATE is the whole
 * guarantee: under PostgreSQL a concurrent booking of the same row waits for the first to commit
 * and re-checks `booked < capacity`; under SQLite writers are serialized. Returns whether a place
 * was taken; the caller books only then.
 */
export async function claimPlace(trx: Db, agentId: string, slot: Slot): Promise<boolean> {
  await trx
    .insertInto('visit_slots')
    .values({ agent_id: agentId, date: slot.date, half: slot.half, booked: 0 })
    .onConflict((c) => c.columns(['agent_id', 'date', 'half']).doNothing())
    .execute();
  const result = await trx
    .updateTable('visit_slots')
    .set((eb) => ({ booked: eb('booked', '+', 1) }))
    .where('agent_id', '=', agentId)
    .where('date', '=', slot.date)
    .where('half', '=', slot.half)
    .where((eb) => eb('booked', '<', eb.selectFrom('agents').select('agents.half_day_capacity').where('agents.id', '=', agentId)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives a place back (cancel, reschedule, reassign). */
export async function releasePlace(trx: Db, agentId: string, slot: Slot): Promise<void> {
  await trx
    .updateTable('visit_slots')
    .set((eb) => ({ booked: eb('booked', '-', 1) }))
    .where('agent_id', '=', agentId)
    .where('date', '=', slot.date)
    .where('half', '=', slot.half)
    .where('booked', '>', 0)
    .execute();
}

/** Whether a database error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
