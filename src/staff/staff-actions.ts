import { AppError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { leaveKey, type Roster } from '../visits/roster.ts';
import { CASE_KINDS, HALF_DAYS, type AgentRecord, type CaseKind, type HalfDay, type Visit, type VisitAdminService } from '../visits/types.ts';
import { audit } from './audit-log.ts';
import type { Principal } from './staff-auth.ts';
import { atLeastTown, villageVisible } from './scope.ts';

/** A staff action refused: the HTTP status and what the page says, in Chinese. */
export interface Refusal {
  ok: false;
  status: 400 | 403 | 404 | 409;
  code: string;
  message: string;
}

export type ActionResult<T> = ({ ok: true } & T) | Refusal;

const refuse = (status: Refusal['status'], code: string, message: string): Refusal => ({ ok: false, status, code, message });

/** The longest outcome note (characters). */
export const NOTE_LIMIT = 1000;

const REASSIGN_REFUSALS = {
  not_booked: '这个预约已经不是待上门状态，不能改派。',
  unknown_agent: '没有这个代办员，或已停用。',
  on_leave: '这个代办员那天请假，不能改派给他。',
  full: '这个代办员那个半天已经约满，不能改派给他。',
} as const;

/** What the staff actions work on. */
export interface StaffActionDependencies {
  db: Database;
  visits: VisitAdminService & { roster: Roster };
}

/** What one visit's snapshot in the audit log holds. */
const visitState = (v: Visit) => ({ status: v.status, agentId: v.agentId, date: v.slot.date, half: v.slot.half, outcome: v.outcome });

/**
 * The staff's changes, the same for pages and `/api/v1/admin/*`: each finds its record through
 * the role filter (out of scope is "not found"), checks the role's rights and the input, makes
 * the change through the service, and writes the audit entry with before and after.
 */
export class StaffActions {
  constructor(private readonly deps: StaffActionDependencies) {}

  /** One visit, if the caller's scope holds it. */
  async visit(principal: Principal, id: string): Promise<Visit | undefined> {
    if (!/^[Vv]\d{6}$/.test(id.trim())) return undefined;
    return (await this.deps.visits.listAll({ id, scope: principal.scope, limit: 1 }))[0];
  }

  /** The agents who could take this visit's half-day: active, not on leave, with a place left. */
  async freeAgents(visit: Visit): Promise<AgentRecord[]> {
    const { db, visits } = this.deps;
    const [agents, leave, slots] = await Promise.all([
      visits.roster.list(),
      visits.roster.leaveBetween(visit.slot.date, visit.slot.date),
      db.selectFrom('visit_slots').selectAll().where('date', '=', visit.slot.date).where('half', '=', visit.slot.half).execute(),
    ]);
    return agents.filter(
      (agent) =>
        agent.active &&
        agent.id !== visit.agentId &&
        !leave.has(leaveKey(agent.id, visit.slot.date)) &&
        (slots.find((s) => s.agent_id === agent.id)?.booked ?? 0) < agent.halfDayCapacity,
    );
  }

  async reassign(principal: Principal, id: string, agentId: string, now: Date): Promise<ActionResult<{ visit: Visit; agentName: string }>> {
    if (!atLeastTown(principal.scope)) return refuse(403, 'CUNBAN_FORBIDDEN', '改派由镇便民服务中心办理。');
    const before = await this.visit(principal, id);
    if (!before) return refuse(404, 'CUNBAN_NOT_FOUND', `没有找到预约 ${id}。`);
    const result = await this.deps.visits.reassign(before.id, agentId, now);
    if (!result.ok) return refuse(409, 'CUNBAN_VISIT_NOT_REASSIGNED', REASSIGN_REFUSALS[result.reason]);
    await audit(this.deps.db, { actor: principal.actor, action: 'visit_reassign', target: `visit:${before.id}`, before: visitState(before), after: visitState(result.visit), ip: principal.ip }, now);
    return { ok: true, visit: result.visit, agentName: result.agentName };
  }

  async outcome(principal: Principal, id: string, input: { done: boolean; caseKind?: string | undefined; note?: string | undefined; kindRequired?: boolean }, now: Date): Promise<ActionResult<{ visit: Visit }>> {
    const note = input.note ?? '';
    if ([...note].length > NOTE_LIMIT) return refuse(400, 'CUNBAN_BAD_REQUEST', `备注最多${NOTE_LIMIT}字，现在有${[...note].length}字，请删短后再保存。`);
    if (input.caseKind !== undefined && input.caseKind !== '' && !CASE_KINDS.includes(input.caseKind as CaseKind)) return refuse(400, 'CUNBAN_BAD_REQUEST', '请从六类件中选一类。');
    if (input.done && !input.caseKind && input.kindRequired !== false) return refuse(400, 'CUNBAN_BAD_REQUEST', '办结的要选办件类型（即办件、承诺件…）。');
    const before = await this.visit(principal, id);
    if (!before) return refuse(404, 'CUNBAN_NOT_FOUND', `没有找到预约 ${id}。`);
    try {
      const visit = await this.deps.visits.recordOutcome(before.id, { done: input.done, caseKind: (input.caseKind || null) as CaseKind | null, note }, now);
      await audit(this.deps.db, { actor: principal.actor, action: 'visit_outcome', target: `visit:${before.id}`, before: visitState(before), after: visitState(visit), ip: principal.ip }, now);
      return { ok: true, visit };
    } catch (error) {
      if (error instanceof AppError) return refuse(409, error.code, error.userText);
      throw error;
    }
  }

  async reschedule(principal: Principal, id: string, date: string, half: string, now: Date): Promise<ActionResult<{ visit: Visit; agentName: string }>> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !HALF_DAYS.includes(half as HalfDay)) return refuse(400, 'CUNBAN_BAD_REQUEST', '请选日期和上午或下午。');
    const before = await this.visit(principal, id);
    if (!before) return refuse(404, 'CUNBAN_NOT_FOUND', `没有找到预约 ${id}。`);
    try {
      const result = await this.deps.visits.reschedule(before.id, { date, half: half as HalfDay }, now);
      if (!result.ok) return refuse(409, 'CUNBAN_VISIT_FULL', result.reason === 'full' ? '那个半天代办员都约满了，换个时间吧。' : '那天没有代办员能上门，换个时间吧。');
      await audit(this.deps.db, { actor: principal.actor, action: 'visit_reschedule', target: `visit:${before.id}`, before: visitState(before), after: visitState(result.visit), ip: principal.ip }, now);
      return { ok: true, visit: result.visit, agentName: result.agentName };
    } catch (error) {
      if (error instanceof AppError) return refuse(409, error.code, error.userText);
      throw error;
    }
  }

  /** The agent, if the caller's scope holds its village. */
  async agent(principal: Principal, agentId: string): Promise<AgentRecord | undefined> {
    const agent = await this.deps.visits.roster.get(agentId);
    return agent && villageVisible(principal.scope, agent.village) ? agent : undefined;
  }

  async leave(principal: Principal, agentId: string, dates: string[], now: Date): Promise<ActionResult<{ agent: AgentRecord; dates: string[] }>> {
    if (!atLeastTown(principal.scope)) return refuse(403, 'CUNBAN_FORBIDDEN', '请假由镇便民服务中心登记。');
    const agent = await this.agent(principal, agentId);
    if (!agent) return refuse(404, 'CUNBAN_NOT_FOUND', `没有代办员 ${agentId}。`);
    if (dates.length === 0 || dates.some((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(d)))) return refuse(400, 'CUNBAN_BAD_REQUEST', '请假日期要写成 2026-10-12 这样。');
    const before = [...(await this.deps.visits.roster.leaveBetween('0000-01-01', '9999-12-31'))].filter((k) => k.startsWith(`${agent.id} `)).length;
    for (const date of dates) await this.deps.visits.roster.addLeave(agent.id, date, now);
    await audit(this.deps.db, { actor: principal.actor, action: 'agent_leave', target: `agent:${agent.id}`, before: { leaveDays: before }, after: { added: dates }, ip: principal.ip }, now);
    return { ok: true, agent, dates };
  }
}
