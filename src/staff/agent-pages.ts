import type { FastifyInstance } from 'fastify';
import { shanghaiDate, addDays } from '../visits/calendar.ts';
import { render, who, type PageDependencies } from './page-kit.ts';
import { atLeastTown, villageVisible } from './scope.ts';
import { statistics } from './statistics.ts';
import { targetChartSvg } from './stats-chart.ts';

/** 代办员 and 统计: the roster with A/B partners, chat links, this month's cases, ratings and pay, leave days. */
export function agentPages(app: FastifyInstance, deps: PageDependencies): void {
  const { page } = deps;

  app.get('/staff/agents', { preHandler: page }, async (request, reply) => {
    const principal = who(request);
    const today = shanghaiDate(deps.now());
    const month = today.slice(0, 7);
    const [agents, counts, leave] = await Promise.all([
      deps.visits.roster.list(),
      deps.visits.monthlyCounts(month),
      deps.visits.roster.leaveBetween(addDays(today, -31), addDays(today, 62)),
    ]);
    const rows = agents
      .filter((a) => villageVisible(principal.scope, a.village))
      .map((a) => {
        const count = counts.find((c) => c.agentId === a.id);
        return {
          id: a.id,
          name: a.name,
          village: a.village,
          active: a.active,
          partnerName: agents.find((p) => p.id === a.partner)?.name ?? '',
          capacity: a.halfDayCapacity,
          linked: a.link !== null,
          handled: count?.handled ?? 0,
          ratings: count ? `${count.ratings.满意}/${count.ratings.基本满意}/${count.ratings.不满意}` : '0/0/0',
          pay: count?.payYuan ?? 0,
          leave: [...leave].filter((k) => k.startsWith(`${a.id} `)).map((k) => k.slice(a.id.length + 1)).filter((d) => d >= today).sort(),
        };
      });
    return render(request, reply, 'agents', { title: '代办员', nav: 'agents', agents: rows, month, cap: deps.rules.pay.monthly_cap_yuan, canLeave: atLeastTown(principal.scope) });
  });

  app.get<{ Querystring: { month?: string } }>('/staff/stats', { preHandler: page }, async (request, reply) => {
    const principal = who(request);
    const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(request.query.month ?? '') ? request.query.month! : shanghaiDate(deps.now()).slice(0, 7);
    const figures = await statistics(deps.db, deps.knowledge.current.base, principal.scope, month);
    return render(request, reply, 'stats', { title: '统计', nav: 'stats', ...figures, year: month.slice(0, 4), chart: await targetChartSvg(figures.villages) });
  });

  app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>('/staff/agents/:id/leave', { preHandler: page }, async (request, reply) => {
    const result = await deps.actions.leave(who(request), request.params.id, [request.body?.date ?? ''], deps.now());
    if (!result.ok) return render(request, reply, 'message', { title: result.message, back: '/staff/agents' }, result.status);
    return reply.redirect('/staff/agents?ok=leave', 303);
  });
}
