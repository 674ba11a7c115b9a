import { beforeAll, describe, expect, it } from 'vitest';
import { available, candidates, freeSlotsFrom, type AssignmentContext } from '../../src/visits/assignment.ts';
import { leaveKey } from '../../src/visits/roster.ts';
import type { KnowledgeBase } from '../../src/knowledge/loader.ts';
import type { AgentRecord, Slot } from '../../src/visits/types.ts';
import type { VisitRules } from '../../src/visits/visit-rules.ts';
import { at, loadFixtures } from './visit-test-db.ts';

let base: KnowledgeBase;
let rules: VisitRules;
let agents: AgentRecord[];

beforeAll(async () => {
  ({ base, rules } = await loadFixtures());
  agents = base.agents.map((a, position) => ({
    id: a.id,
    name: a.name,
    village: a.village,
    partner: a.partner ?? null,
    departments: a.departments,
    halfDayCapacity: a.half_day_capacity,
    position,
    active: true,
    link: null,
  }));
});

function context(leave: string[] = [], booked: Record<string, number> = {}): AssignmentContext {
  return { rules, villages: base.villages, agents, leave: new Set(leave), booked: (id, slot) => booked[`${id} ${slot.date} ${slot.half}`] ?? 0 };
}
const village = (name: string) => base.villages.find((v) => v.name === name)!;
const item = (id: string) => base.items.find((i) => i.id === id)!;
const WED: Slot = { date: '2026-10-14', half: 'am' };

describe('assignment by 就近、就熟', () => {
  it('orders her village’s agent, its A/B partner, then the demonstration station that serves her village', () => {
    const order = candidates(context(), village('中湖村'), item('gaoling-jintie'), WED);
    expect(order.map((c) => [c.agent.id, c.step])).toEqual([
      ['zhonghu-a', 'own'],
      ['linzhai-a', 'partner'],
      ['lingkou-a', 'station'],
      ['lingkou-b', 'station'],
    ]);
  });

  it('counts both agents of a demonstration village as her own', () => {
    const order = candidates(context(), village('岭口村'), item('dibao'), WED);
    expect(order.map((c) => [c.agent.id, c.step])).toEqual([
      ['lingkou-a', 'own'],
      ['lingkou-b', 'own'],
    ]);
  });

  it('leaves out agents on leave, off duty that day, or full that half-day', () => {
    expect(candidates(context([leaveKey('zhonghu-a', WED.date)]), village('中湖村'), item('dibao'), WED)[0]?.agent.id).toBe('linzhai-a');
    expect(candidates(context(), village('中湖村'), item('dibao'), { date: '2026-10-13', half: 'am' })[0]?.agent.id).toBe('linzhai-a');
    const full = context([], { 'zhonghu-a 2026-10-14 am': 3, 'linzhai-a 2026-10-14 am': 3 });
    expect(available(full, village('中湖村'), item('dibao'), WED)[0]?.agent.id).toBe('lingkou-a');
  });

  it('finds no one on a holiday, and no one for an item agents do not take home', () => {
    expect(candidates(context(), village('中湖村'), item('dibao'), { date: '2026-10-01', half: 'am' })).toEqual([]);
    const notProxy = base.items.find((i) => !i.proxy)!;
    expect(candidates(context(), village('中湖村'), notProxy, WED)).toEqual([]);
  });

  it('offers the next free half-days with who would come, skipping full ones and closed days', () => {
    const ctx = context([], { 'zhonghu-a 2026-10-14 pm': 3, 'linzhai-a 2026-10-14 pm': 3, 'lingkou-a 2026-10-14 pm': 3, 'lingkou-b 2026-10-14 pm': 4 });
    const offers = freeSlotsFrom(ctx, village('中湖村'), item('dibao'), { date: '2026-10-14', half: 'pm' }, at('2026-10-12 09:00'), 3);
    expect(offers.map((o) => `${o.slot.date} ${o.slot.half} ${o.agentId}`)).toEqual([
      '2026-10-15 am linzhai-a',
      '2026-10-15 pm linzhai-a',
      '2026-10-16 am zhonghu-a',
    ]);
  });
});
