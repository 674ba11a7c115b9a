import type { Kysely, Transaction } from 'kysely';
import type { Item, Village } from '../knowledge/schema.ts';
import type { Tables } from '../store/database.ts';
import { addDays, checkSlot, halfDaysFrom, shanghaiDate, stationOpen } from './calendar.ts';
import { handlesItem, leaveKey, type Roster } from './roster.ts';
import type { AgentRecord, Slot, SlotOffer } from './types.ts';
import type { VisitRules } from './visit-rules.ts';

/** Which rung of 就近、就熟 found the agent: her village's own, its A/B partner, the serving demonstration station. */
export type AssignmentStep = 'own' | 'partner' | 'station';

/** An agent who could come, and why in that order. */
export interface Candidate {
  agent: AgentRecord;
  step: AssignmentStep;
}

/** Everything assignment looks at, read once for a range of days. */
export interface AssignmentContext {
  rules: VisitRules;
  villages: readonly Village[];
  agents: readonly AgentRecord[];
  /** `leaveKey(agentId, date)` of every day off in the range. */
  leave: ReadonlySet<string>;
  /** Places already taken for the agent that half-day. */
  booked(agentId: string, slot: Slot): number;
}

/** Whether the agent goes out that day: active, its station sits that day, and not on leave. */
export function agentWorks(ctx: AssignmentContext, agent: AgentRecord, date: string): boolean {
  const home = ctx.villages.find((v) => v.name === agent.village);
  return agent.active && home !== undefined && stationOpen(home, date, ctx.rules) && !ctx.leave.has(leaveKey(agent.id, date));
}

/**
 * The agents who could come for this item that half-day, in the seeds' order 就近、就熟 (seed 003
 * §29, seed 002): her village's own agents (roster order), then their A/B partners (seed 000: a
 * post is never empty), then the agents of the demonstration station that serves her village.
 * Each one handles the item and works that day; places are not checked here (see `available`).
 */
export function candidates(ctx: AssignmentContext, village: Village, item: Item, slot: Slot): Candidate[] {
  const seen = new Set<string>();
  const found: Candidate[] = [];
  const consider = (agent: AgentRecord | undefined, step: AssignmentStep): void => {
    if (!agent || seen.has(agent.id)) return;
    seen.add(agent.id);
    if (handlesItem(agent, item, ctx.rules) && agentWorks(ctx, agent, slot.date)) found.push({ agent, step });
  };
  const own = ctx.agents.filter((a) => a.village === village.name);
  for (const agent of own) consider(agent, 'own');
  for (const agent of own) consider(ctx.agents.find((a) => a.id === agent.partner), 'partner');
  for (const agent of ctx.agents.filter((a) => a.village === village.served_by)) consider(agent, 'station');
  return found;
}

/** The candidates who still have a place that half-day, in order. */
export function available(ctx: AssignmentContext, village: Village, item: Item, slot: Slot): Candidate[] {
  return candidates(ctx, village, item, slot).filter((c) => ctx.booked(c.agent.id, slot) < c.agent.halfDayCapacity);
}

/**
 * The next free half-days from `start` on (inclusive), each with the agent who would come, up to
 * `count`; only half-days `checkSlot` accepts at `now` (so never past the booking window).
 */
export function freeSlotsFrom(
  ctx: AssignmentContext,
  village: Village,
  item: Item,
  start: Slot,
  now: Date,
  count: number,
  skip: (slot: Slot) => boolean = () => false,
): SlotOffer[] {
  const offers: SlotOffer[] = [];
  const last = addDays(shanghaiDate(now), ctx.rules.booking.window_days);
  for (const slot of halfDaysFrom(start, last)) {
    if (offers.length >= count) break;
    if (skip(slot) || checkSlot(slot, now, ctx.rules) !== null) continue;
    const first = available(ctx, village, item, slot)[0];
    if (first) offers.push({ slot, agentId: first.agent.id, agentName: first.agent.name });
  }
  return offers;
}

/**
 * Reads what assignment needs for the days from `from` to `to` (inclusive): the roster, leave and
 * the places taken. Pass a transaction to read inside it.
 */
export async function loadAssignmentContext(
  db: Kysely<Tables> | Transaction<Tables>,
  roster: Roster,
  villages: readonly Village[],
  rules: VisitRules,
  from: string,
  to: string,
): Promise<AssignmentContext> {
  const [agents, leave, slots] = await Promise.all([
    roster.list(db),
    roster.leaveBetween(from, to, db),
    db.selectFrom('visit_slots').select(['agent_id', 'date', 'half', 'booked']).where('date', '>=', from).where('date', '<=', to).execute(),
  ]);
  const taken = new Map(slots.map((row) => [`${row.agent_id} ${row.date} ${row.half}`, Number(row.booked)]));
  return {
    rules,
    villages,
    agents,
    leave,
    booked: (agentId, slot) => taken.get(`${agentId} ${slot.date} ${slot.half}`) ?? 0,
  };
}
