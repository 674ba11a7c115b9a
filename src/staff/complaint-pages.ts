import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Ticket, TicketStatus } from '../hotline/ticket-types.ts';
import { shanghaiDate, addDays } from '../visits/calendar.ts';
import { audit } from './audit-log.ts';
import { render, shanghaiTime, who, type PageDependencies } from './page-kit.ts';
import { atLeastTown } from './scope.ts';
import { maskPhone, seesNumbers } from './staff-auth.ts';
import { addWorkingDays, workingDaysLeft } from './working-days.ts';
import { FOLLOW_UP_LIMIT, followUpMessage, followUpsOf, recordFollowUp } from './rating-follow-ups.ts';
import { signatureOf } from './staff-signature.ts';

export const TICKET_STATUS_NAMES: Record<TicketStatus, string> = {
  queued: '待发送',
  forwarded: '已转12345',
  accepted: '已受理',
  dispatched: '已派单',
  replied: '已答复',
  closed: '已办结',
  rejected: '不予受理',
  reopened: '重办中',
};
const OPEN: TicketStatus[] = ['queued', 'forwarded', 'accepted', 'dispatched', 'replied', 'reopened'];

/**
 * A reopened ticket's deadline in working days: the stored follow-up date is 7 calendar days from
 * the 不满意 rating; the console counts `days` working days from that rating instead (holidays and
 * 调休 by chinese-days), the rule seed 003 states.
 */
export function rehandleDeadline(ticket: Ticket, days: number): string | null {
  if (!ticket.followUpBy) return null;
  return addWorkingDays(addDays(ticket.followUpBy, -7), days);
}

/** 诉求工单: the list (overdue first), a ticket's timeline, dead letters with retry. */
export function complaintPages(app: FastifyInstance, deps: PageDependencies & { rehandleWorkingDays: number }): void {
  const { page } = deps;

  app.get<{ Querystring: Record<string, string | undefined> }>('/staff/complaints', { preHandler: page }, async (request, reply) => {
    const principal = who(request);
    const q = request.query;
    const today = shanghaiDate(deps.now());
    const status = q.status && q.status in TICKET_STATUS_NAMES ? (q.status as TicketStatus) : undefined;
    let tickets = await deps.tickets.listAll({ ...(status ? { status } : {}), scope: principal.scope, limit: 500 }, deps.now());
    if (q.open) tickets = tickets.filter((t) => OPEN.includes(t.status));
    const rows = tickets.map((t) => {
      const deadline = t.status === 'reopened' ? rehandleDeadline(t, deps.rehandleWorkingDays) : null;
      const left = deadline ? workingDaysLeft(today, deadline) : null;
      return {
        id: t.id,
        createdAt: shanghaiTime(t.createdAt),
        village: t.village,
        category: t.category,
        content: t.content.length > 80 ? `${t.content.slice(0, 80)}…` : t.content,
        statusName: TICKET_STATUS_NAMES[t.status],
        deadline: deadline ? `${deadline}（${left! < 0 ? `超期${-left!}个工作日` : `剩${left}个工作日`}）` : '',
        overdue: left !== null && left < 0,
      };
    });
    const shown = q.overdue ? rows.filter((r) => r.overdue) : rows;
    shown.sort((a, b) => Number(b.overdue) - Number(a.overdue));
    const deadLetters = atLeastTown(principal.scope) ? await deps.hotlineOutbox.deadLetters() : null;
    return render(request, reply, 'complaints', { title: '诉求工单', nav: 'complaints', tickets: shown, deadLetters });
  });

  app.post<{ Params: { id: string } }>('/staff/complaints/dead-letters/:id/retry', { preHandler: page }, async (request, reply) => {
    const principal = who(request);
    if (!atLeastTown(principal.scope) || !(await deps.hotlineOutbox.retryDead(request.params.id, deps.now()))) {
      return render(request, reply, 'message', { title: '没有这条待重发的工单', back: '/staff/complaints' }, 404);
    }
    await audit(deps.db, { actor: principal.actor, action: 'dead_letter_retry', target: `outbox:${request.params.id}`, before: { status: 'dead' }, after: { status: 'pending' }, ip: principal.ip }, deps.now());
    return reply.redirect('/staff/complaints?ok=retried', 303);
  });

  app.get<{ Params: { id: string } }>('/staff/complaints/:id', { preHandler: page }, async (request, reply) => complaintPage(request, reply, request.params.id, false));

  app.post<{ Params: { id: string } }>('/staff/complaints/:id/reveal', { preHandler: page }, async (request, reply) => {
    const principal = who(request);
    const ticket = (await deps.tickets.listAll({ id: request.params.id, scope: principal.scope, limit: 1 }, deps.now()))[0];
    if (!ticket) return render(request, reply, 'message', { title: '没有找到这个工单', back: '/staff/complaints' }, 404);
    await audit(deps.db, { actor: principal.actor, action: 'reveal', target: `ticket:${ticket.id}`, after: { field: 'contact_phone' }, ip: principal.ip }, deps.now());
    return complaintPage(request, reply, ticket.id, true);
  });

  async function complaintPage(request: FastifyRequest, reply: FastifyReply, id: string, reveal: boolean) {
    const principal = who(request);
    const ticket = (await deps.tickets.listAll({ id, scope: principal.scope, limit: 1 }, deps.now()))[0];
    if (!ticket) return render(request, reply, 'message', { title: '没有找到这个工单', back: '/staff/complaints' }, 404);
    const [events, reporters, requests] = await Promise.all([
      deps.db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticket.id).execute(),
      deps.db.selectFrom('ticket_reporters').selectAll().where('ticket_id', '=', ticket.id).execute(),
      deps.db.selectFrom('hotline_outbox').selectAll().where('ticket_id', '=', ticket.id).execute(),
    ]);
    const timeline = [
      { at: ticket.createdAt, text: '居民提交' },
      ...requests.map((r) => ({
        at: r.delivered_at ?? r.created_at,
        text: `${r.id.includes('-u') ? '补充内容' : r.id.includes('-r') ? '不满意，申请重办' : '转12345'}：${r.status === 'delivered' ? '已送达' : r.status === 'dead' ? '被拒收，待重发' : '发送中'}`,
      })),
      ...events.map((e) => ({ at: e.received_at, text: `12345：${TICKET_STATUS_NAMES[e.status as TicketStatus] ?? e.status}${e.message ? `，${e.message}` : ''}` })),
      ...reporters.filter((r) => r.user_id !== ticket.reporter.user).map((r) => ({ at: r.created_at, text: '又有居民反映同一件事' })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    const deadline = ticket.status === 'reopened' ? rehandleDeadline(ticket, deps.rehandleWorkingDays) : null;
    const today = shanghaiDate(deps.now());
    const full = reveal || seesNumbers(principal, { agentId: null });
    const contact = ticket.contact ? `${ticket.contact.name} ${full ? ticket.contact.phone : maskPhone(ticket.contact.phone)}` : '匿名';
    return render(request, reply, 'complaint', {
      title: `工单 ${ticket.id}`,
      nav: 'complaints',
      ticket,
      statusName: TICKET_STATUS_NAMES[ticket.status],
      contact,
      contactMasked: ticket.contact !== null && !full,
      reporters: reporters.length,
      timeline: timeline.map((e) => ({ at: shanghaiTime(e.at), text: e.text })),
      deadline: deadline ? `${deadline}（${deps.rehandleWorkingDays}个工作日，剩${Math.max(0, workingDaysLeft(today, deadline))}个工作日）` : null,
      overdue: deadline !== null && deadline < today,
      followUps: (await followUpsOf(deps.db, `ticket:${ticket.id}`)).map((f) => ({ ...f, at: shanghaiTime(f.at) })),
      canFollowUp: atLeastTown(principal.scope),
      error: (request.query as { error?: string }).error === 'followup' ? '请写回访情况（各最多1000字）。' : undefined,
    });
  }

  app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>('/staff/complaints/:id/follow-up', { preHandler: page }, async (request, reply) => {
    const principal = who(request);
    const ticket = (await deps.tickets.listAll({ id: request.params.id, scope: principal.scope, limit: 1 }, deps.now()))[0];
    if (!ticket || !atLeastTown(principal.scope) || ticket.rating?.grade !== '不满意') return render(request, reply, 'message', { title: '这个工单不需要回访', back: '/staff/complaints' }, 404);
    const visitNote = (request.body?.visitNote ?? '').trim();
    const fixNote = (request.body?.fixNote ?? '').trim();
    if (!visitNote || [...visitNote].length > FOLLOW_UP_LIMIT || [...fixNote].length > FOLLOW_UP_LIMIT) return reply.redirect(`/staff/complaints/${ticket.id}?error=followup`, 303);
    const tell = request.body?.tell === '1' ? { channel: ticket.reporter.channel, chat: ticket.reporter.user, user: ticket.reporter.user } : null;
    const message = followUpMessage(`工单 ${ticket.id}`, fixNote, signatureOf(principal, deps.knowledge.current.base));
    await recordFollowUp(deps.db, { target: `ticket:${ticket.id}`, visitNote, fixNote, tell, message, actor: principal.actor, ip: principal.ip }, deps.now());
    return reply.redirect(`/staff/complaints/${ticket.id}?ok=followup`, 303);
  });
}
