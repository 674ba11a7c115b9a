import type { Database } from '../store/database.ts';
import { withinScope } from '../staff/scope.ts';
import { addDays } from './calendar.ts';
import type { Roster } from './roster.ts';
import { RATINGS, type AgentLoad, type AgentMonthlyCount, type QualityGrade, type Rating, type Visit, type VisitFilter } from './types.ts';
import { visitFromRow } from './visit-rows.ts';
import type { VisitRules } from './visit-rules.ts';

/** The staff's visit list, by visit date and half-day. */
export async function listVisits(db: Database, filter: VisitFilter = {}): Promise<Visit[]> {
  let query = withinScope(db.selectFrom('visits').selectAll(), filter.scope);
  if (filter.id) query = query.where('id', '=', filter.id.trim().toUpperCase());
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.village) query = query.where('village', '=', filter.village);
  if (filter.agentId) query = query.where('agent_id', '=', filter.agentId);
  if (filter.from) query = query.where('date', '>=', filter.from);
  if (filter.to) query = query.where('date', '<=', filter.to);
  if (filter.followUp) query = query.where('follow_up_by', 'is not', null);
  const rows = await query.orderBy('date').orderBy('half').orderBy('id').limit(Math.min(filter.limit ?? 500, 5000)).execute();
  return rows.map(visitFromRow);
}

/** Every agent with its visits to come and done between two dates (inclusive). */
export async function agentLoad(db: Database, roster: Roster, from: string, to: string): Promise<AgentLoad[]> {
  const [agents, counts] = await Promise.all([
    roster.list(),
    db
      .selectFrom('visits')
      .select(['agent_id', 'status', (eb) => eb.fn.countAll().as('n')])
      .where('date', '>=', from)
      .where('date', '<=', to)
      .where('status', 'in', ['booked', 'done'])
      .groupBy(['agent_id', 'status'])
      .execute(),
  ]);
  const count = (agentId: string, status: string): number =>
    Number(counts.find((row) => row.agent_id === agentId && row.status === status)?.n ?? 0);
  return agents.map((agent) => ({
    agentId: agent.id,
    name: agent.name,
    village: agent.village,
    halfDayCapacity: agent.halfDayCapacity,
    active: agent.active,
    linked: agent.link !== null,
    booked: count(agent.id, 'booked'),
    done: count(agent.id, 'done'),
  }));
}

/**
 * Per agent, the visits of a month (YYYY-MM, by the visit's date) done and not done, their
 * ratings and quality grades, and the pay they earn. The pay is seed 002 §10's rule: each handled
 * case is paid by its quality grade (优、良、合格: 1 元 each in the seed) and a month is capped at
 * 300 元; the amounts and how a rating maps to a grade are in knowledge/visit-rules.yaml.
 */
export async function monthlyCounts(db: Database, roster: Roster, rules: VisitRules, month: string): Promise<AgentMonthlyCount[]> {
  const first = `${month}-01`;
  const last = addDays(addDays(first, 31).slice(0, 8) + '01', -1);
  const [agents, rows] = await Promise.all([
    roster.list(),
    db
      .selectFrom('visits')
      .select(['agent_id', 'status', 'rating_grade'])
      .where('date', '>=', first)
      .where('date', '<=', last)
      .where('status', 'in', ['done', 'not_done'])
      .execute(),
  ]);
  const counts = new Map<string, AgentMonthlyCount>();
  const entry = (agentId: string): AgentMonthlyCount => {
    let found = counts.get(agentId);
    if (!found) {
      const agent = agents.find((a) => a.id === agentId);
      found = {
        agentId,
        name: agent?.name ?? '',
        village: agent?.village ?? '',
        month,
        handled: 0,
        notDone: 0,
        ratings: { 满意: 0, 基本满意: 0, 不满意: 0, 未评价: 0 },
        grades: { 优: 0, 良: 0, 合格: 0 },
        payYuan: 0,
      };
      counts.set(agentId, found);
    }
    return found;
  };
  for (const agent of agents) entry(agent.id);
  for (const row of rows) {
    const count = entry(row.agent_id);
    if (row.status !== 'done') {
      count.notDone += 1;
      continue;
    }
    count.handled += 1;
    const rating = RATINGS.includes(row.rating_grade as Rating) ? (row.rating_grade as Rating) : undefined;
    count.ratings[rating ?? '未评价'] += 1;
    count.grades[rating ? rules.pay.grade_of_rating[rating] : rules.pay.unrated_grade] += 1;
  }
  for (const count of counts.values()) {
    const earned = (Object.keys(count.grades) as QualityGrade[]).reduce((sum, grade) => sum + count.grades[grade] * rules.pay.per_case_yuan[grade], 0);
    count.payYuan = Math.min(rules.pay.monthly_cap_yuan, Math.round(earned * 100) / 100);
  }
  return [...counts.values()];
}
