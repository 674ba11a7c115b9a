import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { maskPersonalNumbers } from '../personal-numbers.ts';
import { HANDOFF_REFUSALS, readsInFull } from '../server/handoff-routes.ts';
import type { HandoffStatus } from './handoffs.ts';
import { CHANNEL_NAMES, duration, render, shanghaiTime, who, type PageDependencies } from './page-kit.ts';
import { signatureOf } from './staff-signature.ts';

const STATUS_NAMES: Record<HandoffStatus, string> = { waiting: '等待接手', claimed: '处理中', closed: '已结束' };

/** The common answers, one click each. */
export const CANNED_REPLIES = [
  '您好，我是工作人员，请问有什么可以帮您？',
  '您说的情况我记下了，核实后尽快回复您。',
  '这件事可以让村代办员上门帮您办，我帮您预约一下。',
  '办这件事要带身份证和户口本原件，其他材料我们帮您查。',
  '急事请直接拨打12345热线，24小时有人接听。',
];

/** The longest reply (characters). */
const REPLY_LIMIT = 2000;

/** 人工服务: the inbox, a handoff's conversation (polled by htmx), claim, reply, release, close. */
export function handoffPages(app: FastifyInstance, deps: PageDependencies): void {
  const { page } = deps;

  app.get('/staff/handoffs', { preHandler: page }, async (request, reply) => {
    const principal = who(request);
    const handoffs = await deps.handoffs.list(principal.scope, { limit: 200 });
    const waits = handoffs.map((h) => h.waitSeconds).filter((s): s is number => s !== null);
    return render(request, reply, 'handoffs', {
      title: '人工服务',
      nav: 'handoffs',
      handoffs: handoffs.map((h) => ({
        ...h,
        channel: CHANNEL_NAMES[h.channel] ?? h.channel,
        createdAt: shanghaiTime(h.createdAt),
        lastText: readsInFull(principal, h) ? h.lastText : maskPersonalNumbers(h.lastText),
        statusName: STATUS_NAMES[h.status],
        wait: h.waitSeconds === null ? (h.status === 'closed' ? '未回复' : '') : duration(h.waitSeconds),
      })),
      averageWait: waits.length ? duration(Math.round(waits.reduce((a, b) => a + b, 0) / waits.length)) : '',
    });
  });

  async function messagesOf(principal: ReturnType<typeof who>, handoff: { id: string; claimedBy: string | null }) {
    return (await deps.handoffs.messages(handoff.id, readsInFull(principal, handoff))).map((m) => ({ ...m, time: shanghaiTime(m.at).slice(11) }));
  }

  async function handoffPage(request: FastifyRequest, reply: FastifyReply, id: string, extra: { error?: string; status?: number; draft?: string } = {}) {
    const principal = who(request);
    const handoff = await deps.handoffs.get(id, principal.scope);
    if (!handoff) return render(request, reply, 'message', { title: '没有找到这个人工服务', back: '/staff/handoffs' }, 404);
    return render(
      request,
      reply,
      'handoff',
      {
        title: `人工服务 ${handoff.id}`,
        nav: 'handoffs',
        handoff: { ...handoff, channel: CHANNEL_NAMES[handoff.channel] ?? handoff.channel },
        statusName: STATUS_NAMES[handoff.status],
        createdAt: shanghaiTime(handoff.createdAt),
        wait: duration(handoff.waitSeconds),
        messages: await messagesOf(principal, handoff),
        mine: handoff.claimedBy === principal.actor,
        signature: signatureOf(principal, deps.knowledge.current.base),
        canned: CANNED_REPLIES,
        draft: extra.draft,
        error: extra.error,
      },
      extra.status ?? 200,
    );
  }

  app.get<{ Params: { id: string } }>('/staff/handoffs/:id', { preHandler: page }, async (request, reply) => handoffPage(request, reply, request.params.id));

  app.get<{ Params: { id: string } }>('/staff/handoffs/:id/messages', { preHandler: page }, async (request, reply) => {
    const principal = who(request);
    const handoff = await deps.handoffs.get(request.params.id, principal.scope);
    if (!handoff) return reply.code(404).send('');
    return reply.header('cache-control', 'no-store').view('handoff-messages', { messages: await messagesOf(principal, handoff) });
  });

  const actorOf = (request: FastifyRequest) => {
    const principal = who(request);
    return { principal, actor: { username: principal.actor, displayName: principal.displayName, ip: principal.ip } };
  };

  app.post<{ Params: { id: string } }>('/staff/handoffs/:id/claim', { preHandler: page }, async (request, reply) => {
    const { principal, actor } = actorOf(request);
    const result = await deps.handoffs.claim(request.params.id, principal.scope, actor, deps.now());
    if (typeof result === 'string') return handoffPage(request, reply, request.params.id, { error: HANDOFF_REFUSALS[result].message, status: HANDOFF_REFUSALS[result].status });
    return reply.redirect(`/staff/handoffs/${result.id}?ok=claimed`, 303);
  });

  app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>('/staff/handoffs/:id/reply', { preHandler: page }, async (request, reply) => {
    const { principal, actor } = actorOf(request);
    const text = (request.body?.text ?? '').trim();
    if (!text) return handoffPage(request, reply, request.params.id, { error: '回复不能是空的。', status: 400 });
    if ([...text].length > REPLY_LIMIT) return handoffPage(request, reply, request.params.id, { error: `回复最多${REPLY_LIMIT}字，现在有${[...text].length}字，请分几次发。`, status: 400, draft: text });
    const result = await deps.handoffs.reply(request.params.id, principal.scope, actor, text, signatureOf(principal, deps.knowledge.current.base), deps.now());
    if (typeof result === 'string') return handoffPage(request, reply, request.params.id, { error: HANDOFF_REFUSALS[result].message, status: HANDOFF_REFUSALS[result].status, draft: text });
    return reply.redirect(`/staff/handoffs/${result.id}?ok=sent`, 303);
  });

  for (const how of ['release', 'close'] as const) {
    app.post<{ Params: { id: string } }>(`/staff/handoffs/:id/${how}`, { preHandler: page }, async (request, reply) => {
      const { principal, actor } = actorOf(request);
      const result = await deps.handoffs.finish(request.params.id, principal.scope, actor, how, deps.now());
      if (typeof result === 'string') return handoffPage(request, reply, request.params.id, { error: HANDOFF_REFUSALS[result].message, status: HANDOFF_REFUSALS[result].status });
      return reply.redirect(how === 'close' ? `/staff/handoffs?ok=closed` : `/staff/handoffs/${result.id}?ok=released`, 303);
    });
  }
}
