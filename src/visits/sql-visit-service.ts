import type { Agent, Item, Village } from '../knowledge/schema.ts';
import { enqueueNotification } from '../notify/notification-outbox.ts';
import type { Database } from '../store/database.ts';
import { candidates, freeSlotsFrom, loadAssignmentContext, type AssignmentContext, type Candidate } from './assignment.ts';
import { addDays, checkSlot, compareSlots, shanghaiDate, shanghaiInstant } from './calendar.ts';
import { handlesItem, leaveKey, Roster } from './roster.ts';
import type { ChannelName } from '../message.ts';
import type {
  AgentRecord,
  AgentLoad,
  AgentMonthlyCount,
  BookingResult,
  CaseKind,
  ContactAddress,
  DateProblem,
  EligibilityReason,
  EligibilityVerdict,
  Rating,
  ReassignResult,
  Slot,
  SlotOffer,
  Visit,
  VisitAdminService,
  VisitFilter,
  VisitRequest,
} from './types.ts';
import { findVillage, type VisitCatalog } from './visit-catalog.ts';
import { badRequestError, badSlotError, visitNotFound, visitStateError } from './visit-errors.ts';
import { agentBookingNotice, agentReleasedNotice, agentRescheduleNotice, ratingRequest } from './visit-messages.ts';
import { agentLoad, listVisits, monthlyCounts } from './visit-reports.ts';
import { claimPlace, findBookedTwin, isUniqueViolation, nextVisitId, readVisit, releasePlace, rowFromVisit, visitFromRow } from './visit-rows.ts';
import { eligibility, type VisitRules } from './visit-rules.ts';

/** Visit numbers as residents type them ("v000123 ") are the same number. */
function normalizeId(id: string): string {
  return id.trim().toUpperCase();
}

/** How many other half-days a full or impossible booking offers. */
const ALTERNATIVES = 3;

/** What the visit service needs. */
export interface VisitServiceDeps {
  db: Database;
  catalog: VisitCatalog;
  rules: VisitRules;
  roster: Roster;
}

/**
 * The visit service over Kysely (SQLite or PostgreSQL). Every change is one transaction together
 * with the notification it causes (outbox), and places are taken by a conditional UPDATE of
 * `visit_slots`, so concurrent bookings on one or several processes never exceed an agent's
 * half-day capacity.
 */
export class SqlVisitService implements VisitAdminService {
  readonly roster: Roster;
  private readonly db: Database;
  private readonly catalog: VisitCatalog;
  private readonly rules: VisitRules;

  constructor(deps: VisitServiceDeps) {
    this.db = deps.db;
    this.catalog = deps.catalog;
    this.rules = deps.rules;
    this.roster = deps.roster;
  }

  /** Seeds the roster from agents.yaml and returns a ready service: what main.ts calls at start. */
  static async open(deps: Omit<VisitServiceDeps, 'roster'> & { agents: readonly Agent[]; now?: Date }): Promise<SqlVisitService> {
    const roster = new Roster(deps.db);
    await roster.seed(deps.agents, deps.now ?? new Date());
    return new SqlVisitService({ db: deps.db, catalog: deps.catalog, rules: deps.rules, roster });
  }

  eligibility(reasons: EligibilityReason[], age: number | undefined): EligibilityVerdict {
    return eligibility(this.rules, reasons, age);
  }

  checkSlot(slot: Slot, now: Date): DateProblem | null {
    return checkSlot(slot, now, this.rules);
  }

  canVisitFor(itemId: string): boolean {
    const item = this.catalog.item(itemId);
    return item !== undefined && this.roster.cached().some((agent) => handlesItem(agent, item, this.rules));
  }

  async book(request: VisitRequest, now: Date): Promise<BookingResult> {
    const { village, item } = this.resolve(request.village, request.itemId);
    const problem = this.checkSlot(request.slot, now);
    if (problem) throw badSlotError(problem, this.rules);
    const duplicate = await findBookedTwin(this.db, request);
    if (duplicate) return { ok: true, visit: duplicate, agentName: (await this.roster.get(duplicate.agentId))?.name ?? '' };

    const ctx = await this.context(now);
    const order = candidates(ctx, village, item, request.slot);
    let booked: { visit: Visit; agentName: string } | undefined;
    try {
      booked = await this.db.transaction().execute(async (trx) => {
        for (const { agent } of order) {
          if (!(await claimPlace(trx, agent.id, request.slot))) continue;
          const visit: Visit = {
            id: await nextVisitId(trx),
            status: 'booked',
            itemId: item.id,
            itemName: item.name,
            residentName: request.residentName,
            phone: request.phone,
            village: village.name,
            address: request.address,
            reasons: request.reasons,
            age: request.age ?? null,
            relation: request.relation ?? null,
            slot: request.slot,
            agentId: agent.id,
            contact: request.contact,
            createdAt: now.toISOString(),
            outcome: null,
            rating: null,
            followUpBy: null,
          };
          await trx.insertInto('visits').values(rowFromVisit(visit, this.remindAt(visit.slot))).execute();
          if (agent.link) await enqueueNotification(trx, agent.link, [agentBookingNotice(visit, item, this.rules)], now);
          return { visit, agentName: agent.name };
        }
        return undefined;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await findBookedTwin(this.db, request);
      if (!existing) throw error;
      return { ok: true, visit: existing, agentName: (await this.roster.get(existing.agentId))?.name ?? '' };
    }
    if (booked) return { ok: true, ...booked };
    return { ok: false, reason: order.length === 0 ? 'no_agent' : 'full', alternatives: await this.alternatives(village, item, request.slot, now) };
  }

  async freeSlots(village: string, itemId: string, from: Date, count: number): Promise<SlotOffer[]> {
    const found = findVillage(this.catalog, village);
    const item = this.catalog.item(itemId);
    if (!found || !item) return [];
    return freeSlotsFrom(await this.context(from), found, item, { date: shanghaiDate(from), half: 'am' }, from, count);
  }

  async get(id: string): Promise<Visit | undefined> {
    return readVisit(this.db, normalizeId(id));
  }

  async listForContact(contact: Pick<ContactAddress, 'channel' | 'user'>): Promise<Visit[]> {
    const rows = await this.db
      .selectFrom('visits')
      .selectAll()
      .where('contact_channel', '=', contact.channel)
      .where('contact_user', '=', contact.user)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(visitFromRow);
  }

  async cancel(id: string, now: Date): Promise<Visit> {
    id = normalizeId(id);
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('visits')
        .set({ status: 'cancelled', updated_at: now.toISOString() })
        .where('id', '=', id)
        .where('status', '=', 'booked')
        .executeTakeFirst();
      const visit = await readVisit(trx, id);
      if (!visit) throw visitNotFound(id);
      if (Number(result.numUpdatedRows) === 0) {
        if (visit.status === 'cancelled') return visit;
        throw visitStateError(visit, '取消');
      }
      await releasePlace(trx, visit.agentId, visit.slot);
      const agent = await this.roster.get(visit.agentId, trx);
      if (agent?.link) await enqueueNotification(trx, agent.link, [agentReleasedNotice(visit, visit.slot, 'cancelled', this.rules)], now);
      return visit;
    });
  }

  async reschedule(id: string, slot: Slot, now: Date): Promise<BookingResult> {
    id = normalizeId(id);
    const problem = this.checkSlot(slot, now);
    if (problem) throw badSlotError(problem, this.rules);
    const current = await this.get(id);
    if (!current) throw visitNotFound(id);
    if (current.status !== 'booked') throw visitStateError(current, '改时间');
    const { village, item } = this.resolve(current.village, current.itemId);
    const agentName = async (agentId: string): Promise<string> => (await this.roster.get(agentId))?.name ?? '';
    if (compareSlots(current.slot, slot) === 0) return { ok: true, visit: current, agentName: await agentName(current.agentId) };

    const ctx = await this.context(now);
    const usual = candidates(ctx, village, item, slot);
    // The same agent first where that agent works that day (就熟), then the usual order.
    const same = usual.find((c) => c.agent.id === current.agentId);
    const order: Candidate[] = same ? [same, ...usual.filter((c) => c !== same)] : usual;
    const moved = await this.db.transaction().execute(async (trx) => {
      for (const { agent } of order) {
        if (!(await claimPlace(trx, agent.id, slot))) continue;
        const result = await trx
          .updateTable('visits')
          .set({ date: slot.date, half: slot.half, agent_id: agent.id, remind_at: this.remindAt(slot), reminded_at: null, updated_at: now.toISOString() })
          .where('id', '=', current.id)
          .where('status', '=', 'booked')
          .where('date', '=', current.slot.date)
          .where('half', '=', current.slot.half)
          .where('agent_id', '=', current.agentId)
          .executeTakeFirst();
        // Changed meanwhile (cancelled, moved by someone else): undo the claim by failing the transaction.
        if (Number(result.numUpdatedRows) !== 1) throw visitStateError((await readVisit(trx, current.id)) ?? current, '改时间');
        await releasePlace(trx, current.agentId, current.slot);
        const visit = (await readVisit(trx, current.id))!;
        if (agent.id === current.agentId) {
          if (agent.link) await enqueueNotification(trx, agent.link, [agentRescheduleNotice(visit, current.slot, this.rules)], now);
        } else {
          const previous = await this.roster.get(current.agentId, trx);
          if (previous?.link) await enqueueNotification(trx, previous.link, [agentReleasedNotice(current, current.slot, 'reassigned', this.rules)], now);
          if (agent.link) await enqueueNotification(trx, agent.link, [agentBookingNotice(visit, item, this.rules)], now);
        }
        return { visit, agentName: agent.name };
      }
      return undefined;
    });
    if (moved) return { ok: true, ...moved };
    return { ok: false, reason: usual.length === 0 ? 'no_agent' : 'full', alternatives: await this.alternatives(village, item, slot, now) };
  }

  async recordOutcome(id: string, outcome: { done: boolean; caseKind: CaseKind | null; note: string }, now: Date): Promise<Visit> {
    id = normalizeId(id);
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('visits')
        .set({
          status: outcome.done ? 'done' : 'not_done',
          outcome_done: outcome.done ? 1 : 0,
          outcome_case_kind: outcome.caseKind,
          outcome_note: outcome.note.trim(),
          outcome_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .where('id', '=', id)
        .where('status', '=', 'booked')
        .executeTakeFirst();
      const visit = await readVisit(trx, id);
      if (!visit) throw visitNotFound(id);
      if (Number(result.numUpdatedRows) === 0) throw visitStateError(visit, '记录结果');
      if (outcome.done) {
        // Asked in the same transaction: a visit recorded done is rated exactly once.
        const agent = await this.roster.get(visit.agentId, trx);
        await enqueueNotification(trx, visit.contact, [ratingRequest(visit, agent?.name ?? '')], now);
      }
      return visit;
    });
  }

  async rate(id: string, grade: Rating, comment: string, now: Date): Promise<Visit> {
    id = normalizeId(id);
    const followUpBy = grade === '不满意' ? addDays(shanghaiDate(now), this.rules.follow_up.days_after_unsatisfied) : null;
    const result = await this.db
      .updateTable('visits')
      .set({ rating_grade: grade, rating_comment: comment.trim(), rated_at: now.toISOString(), follow_up_by: followUpBy, updated_at: now.toISOString() })
      .where('id', '=', id)
      .where('status', '=', 'done')
      .where('rating_grade', 'is', null)
      .executeTakeFirst();
    const visit = await readVisit(this.db, id);
    if (!visit) throw visitNotFound(id);
    // A second tap on a rating button keeps the first rating.
    if (Number(result.numUpdatedRows) === 0 && visit.rating === null) throw visitStateError(visit, '评价');
    return visit;
  }

  agentForUser(channel: ChannelName, user: string): Promise<AgentRecord | undefined> {
    return this.roster.agentForUser(channel, user);
  }

  async comment(id: string, comment: string, now: Date): Promise<Visit> {
    id = normalizeId(id);
    await this.db
      .updateTable('visits')
      .set({ rating_comment: comment.trim().slice(0, 500), updated_at: now.toISOString() })
      .where('id', '=', id)
      .where('rating_grade', 'is not', null)
      .execute();
    const visit = await readVisit(this.db, id);
    if (!visit) throw visitNotFound(id);
    return visit;
  }

  listAll(filter: VisitFilter = {}): Promise<Visit[]> {
    return listVisits(this.db, filter);
  }

  agentLoad(from: string, to: string): Promise<AgentLoad[]> {
    return agentLoad(this.db, this.roster, from, to);
  }

  async reassign(id: string, agentId: string, now: Date): Promise<ReassignResult> {
    id = normalizeId(id);
    const current = await this.get(id);
    if (!current) throw visitNotFound(id);
    if (current.status !== 'booked') return { ok: false, reason: 'not_booked' };
    const agent = await this.roster.get(agentId);
    if (!agent || !agent.active) return { ok: false, reason: 'unknown_agent' };
    if (agent.id === current.agentId) return { ok: true, visit: current, agentName: agent.name };
    const leave = await this.roster.leaveBetween(current.slot.date, current.slot.date);
    if (leave.has(leaveKey(agent.id, current.slot.date))) return { ok: false, reason: 'on_leave' };
    return this.db.transaction().execute(async (trx): Promise<ReassignResult> => {
      if (!(await claimPlace(trx, agent.id, current.slot))) return { ok: false, reason: 'full' };
      const result = await trx
        .updateTable('visits')
        .set({ agent_id: agent.id, updated_at: now.toISOString() })
        .where('id', '=', current.id)
        .where('status', '=', 'booked')
        .where('agent_id', '=', current.agentId)
        .where('date', '=', current.slot.date)
        .where('half', '=', current.slot.half)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw visitStateError((await readVisit(trx, current.id)) ?? current, '改派');
      await releasePlace(trx, current.agentId, current.slot);
      const visit = (await readVisit(trx, current.id))!;
      const previous = await this.roster.get(current.agentId, trx);
      if (previous?.link) await enqueueNotification(trx, previous.link, [agentReleasedNotice(current, current.slot, 'reassigned', this.rules)], now);
      if (agent.link) await enqueueNotification(trx, agent.link, [agentBookingNotice(visit, this.catalog.item(visit.itemId), this.rules)], now);
      return { ok: true, visit, agentName: agent.name };
    });
  }

  monthlyCounts(month: string): Promise<AgentMonthlyCount[]> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw badRequestError(`bad month "${month}"`, '月份要写成 2026-10 这样。');
    return monthlyCounts(this.db, this.roster, this.rules, month);
  }

  /** When the day-before reminder of a visit in this slot is due (an instant, ISO). */
  remindAt(slot: Slot): string {
    return shanghaiInstant(addDays(slot.date, -1), this.rules.reminder.day_before_at).toISOString();
  }

  private resolve(villageName: string, itemId: string): { village: Village; item: Item } {
    const village = findVillage(this.catalog, villageName);
    if (!village) throw badRequestError(`unknown village "${villageName}"`, `没找到"${villageName}"，请说一下是哪个村。`);
    const item = this.catalog.item(itemId);
    if (!item || !this.canVisitFor(itemId)) throw badRequestError(`item "${itemId}" cannot be done on a home visit`, '这件事代办员上门办不了，可以到村便民服务站或镇便民服务中心办理。');
    return { village, item };
  }

  /** Roster, leave and places from today to the end of the booking window. */
  private context(now: Date): Promise<AssignmentContext> {
    const today = shanghaiDate(now);
    return loadAssignmentContext(this.db, this.roster, this.catalog.villages(), this.rules, today, addDays(today, this.rules.booking.window_days));
  }

  /** Other free half-days: the next ones after the one asked for; when too few, the earliest before it. */
  private async alternatives(village: Village, item: Item, asked: Slot, now: Date): Promise<SlotOffer[]> {
    const ctx = await this.context(now);
    const later = freeSlotsFrom(ctx, village, item, asked, now, ALTERNATIVES, (slot) => compareSlots(slot, asked) === 0);
    if (later.length >= ALTERNATIVES) return later;
    const today = { date: shanghaiDate(now), half: 'am' as const };
    const earlier = freeSlotsFrom(ctx, village, item, today, now, ALTERNATIVES - later.length, (slot) => compareSlots(slot, asked) >= 0);
    return [...earlier, ...later];
  }
}
