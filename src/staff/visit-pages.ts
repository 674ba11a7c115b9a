import type { FastifyInstance } from 'fastify';
import { audit } from './audit-log.ts';
import { CASE_KINDS, type Visit, type VisitStatus } from '../visits/types.ts';
import { addDays, shanghaiDate } from '../visits/calendar.ts';
import { maskPhone, seesNumbers, type Principal } from './staff-auth.ts';
import { atLeastTown, villageVisible } from './scope.ts';
import { render, shanghaiTime, who, type PageDependencies } from './page-kit.ts';
import { FOLLOW_UP_LIMIT, followUpMessage, followUpsOf, recordFollowUp } from './rating-follow-ups.ts';
import { signatureOf } from './staff-signature.ts';

export const VISIT_STATUS_NAMES: Record<VisitStatus, string> = { booked: '待上门', done: '已办结', not_done: '未办成', cancelled: '已取消' };
const HALF_NAMES = { am: '上午', pm: '下午' } as const;

/** A visit as a table row shows it to this caller. */
export async function visitRows(deps: PageDependencies, principal: Principal, visits: Visit[]) {
  const agents = await deps.visits.roster.list();
  return visits.map((v) => ({
    id: v.id,
    when: `${v.slot.date} ${HALF_NAMES[v.slot.half]}`,
    village: v.village,
    residentName: v.residentName,
    phone: seesNumbers(principal, v) ? v.phone : maskPhone(v.phone),
    itemName: v.itemName,
    agentName: agents.find((a) => a.id === v.agentId)?.name ?? v.agentId,
    status: v.status,
    statusName: VISIT_STATUS_NAMES[v.status],
  }));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 上门预约: the list with filters, a visit's page, and its changes (outcome, no-show, reassign, reschedule, reveal). */
export function visitPages(app: FastifyInstance, deps: PageDependencies): void {
  const { page } = deps;

  app.get<{ Querystring: Record<string, string | undefined> }>('/staff/visits', { preHandler: page }, async (request, reply) => {
    const principal = who(request);
    const q = request.query;
    const filter = {
      village: q.village || undefined,
      agentId: q.agentId || undefined,
      from: q.from && DATE.test(q.from) ? q.from : undefined,
      to: q.to && DATE.test(q.to) ? q.to : undefined,
      status: q.status && q.status in VISIT_STATUS_NAMES ? (q.status as VisitStatus) : undefined,
      followUp: q.followUp === '1' ? true : undefined,
    };
    const visits = await deps.visits.listAll({ ...filter, scope: principal.scope, limit: 500 });
    const villages = deps.knowledge.current.base.villages.map((v) => v.name).filter((name) => villageVisible(principal.scope, name));
    const agents = (await deps.visits.roster.list()).filter((a) => villageVisible(principal.scope, a.village));
    return render(request, reply, 'visits', {
      title: '上门预约',
      nav: 'visits',
      filter,
      villages,
      agents,
      statuses: Object.entries(VISIT_STATUS_NAMES),
      visits: await visitRows(deps, principal, visits),
    });
  });

  /** A visit's page; `extra` carries an error and what the form held, or a revealed phone. */
  async function visitPage(request: Parameters<typeof render>[0], reply: Parameters<typeof render>[1], id: string, extra: { error?: string; status?: number; form?: Record<string, string>; reveal?: boolean } = {}) {
    const principal = who(request);
    const visit = await deps.actions.visit(principal, id);
    if (!visit) return render(request, reply, 'message', { title: '没有找到这个预约', back: '/staff/visits' }, 404);
    const agents = await deps.visits.roster.list();
    const item = deps.knowledge.current.base.items.find((i) => i.id === visit.itemId);
    const full = extra.reveal || seesNumbers(principal, visit);
    return render(
      request,
      reply,
      'visit',
      {
        title: `预约 ${visit.id}`,
        nav: 'visits',
        visit,
        statusName: VISIT_STATUS_NAMES[visit.status],
        when: `${visit.slot.date} ${HALF_NAMES[visit.slot.half]}`,
        agentName: agents.find((a) => a.id === visit.agentId)?.name ?? visit.agentId,
        phone: full ? visit.phone : maskPhone(visit.phone),
        phoneMasked: !full,
        materials: (item?.materials ?? []).map((m) => `${m.name}（${m.form}${m.copies > 1 ? ` ${m.copies}份` : ''}）${m.exempt ? '：可免提交，部门自行核查' : ''}`),
        caseKinds: CASE_KINDS,
        canReassign: atLeastTown(principal.scope),
        freeAgents: visit.status === 'booked' && atLeastTown(principal.scope) ? await deps.actions.freeAgents(visit) : [],
        followUps: (await followUpsOf(deps.db, `visit:${visit.id}`)).map((f) => ({ ...f, at: shanghaiTime(f.at) })),
        canFollowUp: atLeastTown(principal.scope),
        form: extra.form ?? {},
        error: extra.error,
      },
      extra.status ?? 200,
    );
  }

  app.get<{ Params: { id: string } }>('/staff/visits/:id', { preHandler: page }, async (request, reply) => visitPage(request, reply, request.params.id));

  app.post<{ Params: { id: string } }>('/staff/visits/:id/reveal', { preHandler: page }, async (request, reply) => {
    const principal = who(request);
    const visit = await deps.actions.visit(principal, request.params.id);
    if (!visit) return render(request, reply, 'message', { title: '没有找到这个预约', back: '/staff/visits' }, 404);
    await audit(deps.db, { actor: principal.actor, action: 'reveal', target: `visit:${visit.id}`, after: { field: 'phone' }, ip: principal.ip }, deps.now());
    return visitPage(request, reply, visit.id, { reveal: true });
  });

  app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>('/staff/visits/:id/outcome', { preHandler: page }, async (request, reply) => {
    const body = request.body ?? {};
    const form = { caseKind: body.caseKind ?? '', note: body.note ?? '' };
    const done = body.done === '1';
    const result = await deps.actions.outcome(who(request), request.params.id, { done, caseKind: done ? form.caseKind : form.caseKind || undefined, note: form.note }, deps.now());
    if (!result.ok) return visitPage(request, reply, request.params.id, { error: result.message, status: result.status, form });
    return reply.redirect(`/staff/visits/${result.visit.id}?ok=outcome`, 303);
  });

  app.post<{ Params: { id: string } }>('/staff/visits/:id/no-show', { preHandler: page }, async (request, reply) => {
    const result = await deps.actions.outcome(who(request), request.params.id, { done: false, note: '上门时居民不在家（爽约）' }, deps.now());
    if (!result.ok) return visitPage(request, reply, request.params.id, { error: result.message, status: result.status });
    return reply.redirect(`/staff/visits/${result.visit.id}?ok=outcome`, 303);
  });

  app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>('/staff/visits/:id/follow-up', { preHandler: page }, async (request, reply) => {
    const principal = who(request);
    const form = { visitNote: (request.body?.visitNote ?? '').trim(), fixNote: (request.body?.fixNote ?? '').trim() };
    const visit = await deps.actions.visit(principal, request.params.id);
    if (!visit) return render(request, reply, 'message', { title: '没有找到这个预约', back: '/staff/visits' }, 404);
    if (!atLeastTown(principal.scope)) return visitPage(request, reply, visit.id, { error: '差评回访由镇便民服务中心记录。', status: 403, form });
    if (visit.rating?.grade !== '不满意') return visitPage(request, reply, visit.id, { error: '只有不满意的评价需要回访。', status: 409, form });
    if (!form.visitNote) return visitPage(request, reply, visit.id, { error: '请写回访情况。', status: 400, form });
    if ([...form.visitNote].length > FOLLOW_UP_LIMIT || [...form.fixNote].length > FOLLOW_UP_LIMIT) return visitPage(request, reply, visit.id, { error: `回访情况和整改措施各最多${FOLLOW_UP_LIMIT}字。`, status: 400, form });
    const tell = request.body?.tell === '1' ? visit.contact : null;
    const message = followUpMessage(`上门代办 ${visit.id}（${visit.itemName}）`, form.fixNote, signatureOf(principal, deps.knowledge.current.base));
    await recordFollowUp(deps.db, { target: `visit:${visit.id}`, ...form, tell, message, actor: principal.actor, ip: principal.ip }, deps.now());
    return reply.redirect(`/staff/visits/${visit.id}?ok=followup`, 303);
  });

  app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>('/staff/visits/:id/reassign', { preHandler: page }, async (request, reply) => {
    const result = await deps.actions.reassign(who(request), request.params.id, request.body?.agentId ?? '', deps.now());
    if (!result.ok) return visitPage(request, reply, request.params.id, { error: result.message, status: result.status });
    return reply.redirect(`/staff/visits/${result.visit.id}?ok=reassigned`, 303);
  });

  app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>('/staff/visits/:id/reschedule', { preHandler: page }, async (request, reply) => {
    const result = await deps.actions.reschedule(who(request), request.params.id, request.body?.date ?? '', request.body?.half ?? '', deps.now());
    if (!result.ok) return visitPage(request, reply, request.params.id, { error: result.message, status: result.status });
    return reply.redirect(`/staff/visits/${result.visit.id}?ok=rescheduled`, 303);
  });
}

/** Today and tomorrow in Asia/Shanghai, for the dashboard. */
export function todayAndTomorrow(now: Date): [string, string] {
  const today = shanghaiDate(now);
  return [today, addDays(today, 1)];
}
