import type { FastifyPluginAsync, preHandlerHookHandler } from 'fastify';
import type { KnowledgeService } from '../knowledge/knowledge-service.ts';
import { maskPersonalNumbers } from '../personal-numbers.ts';
import type { Handoff, HandoffRefusal, Handoffs, HandoffStatus } from '../staff/handoffs.ts';
import { principalOf, type Principal } from '../staff/staff-auth.ts';
import { signatureOf } from '../staff/staff-signature.ts';

/** What the handoff API needs. */
export interface HandoffRoutesDependencies {
  handoffs: Handoffs;
  knowledge: KnowledgeService;
  admin: preHandlerHookHandler;
  now: () => Date;
}

/** Whether the caller reads the resident's words unmasked: machines, the town, and whoever holds the handoff. */
export function readsInFull(principal: Principal, handoff: Pick<Handoff, 'claimedBy'>): boolean {
  return !principal.account || principal.scope.role === 'town' || handoff.claimedBy === principal.actor;
}

/** The handoff as CONTRACT.md lists it, plus who holds it and the wait to the first reply. */
export function handoffJson(handoff: Handoff, principal: Principal) {
  return {
    id: handoff.id,
    status: handoff.status,
    channel: handoff.channel,
    village: handoff.village,
    lastText: readsInFull(principal, handoff) ? handoff.lastText : maskPersonalNumbers(handoff.lastText),
    createdAt: handoff.createdAt,
    claimedBy: handoff.claimedBy,
    claimedAt: handoff.claimedAt,
    firstReplyAt: handoff.firstReplyAt,
    waitSeconds: handoff.waitSeconds,
    closedAt: handoff.closedAt,
  };
}

/** HTTP status and words for a refused handoff action. */
export const HANDOFF_REFUSALS: Record<HandoffRefusal, { status: number; message: string }> = {
  not_found: { status: 404, message: '没有这个人工服务。' },
  taken: { status: 409, message: '已经有别的工作人员接手了。' },
  closed: { status: 409, message: '这个人工服务已经结束，消息没有发出。' },
  not_holder: { status: 409, message: '只有接手的工作人员能回复，请先接手。' },
};

const ID = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[Hh]\\d{6}$' } } } as const;

/**
 * `/api/v1/admin/handoffs` (CONTRACT.md): the inbox of residents who asked for a person, a reply
 * sent to the resident's own chat through the bot, close (and release) handing the conversation
 * back to the bot; claim and the conversation besides. Scoped by role like everything else.
 */
export function handoffRoutes({ handoffs, knowledge, admin, now }: HandoffRoutesDependencies): FastifyPluginAsync {
  return async (app) => {
    const refused = (reply: { code(n: number): { send(b: unknown): unknown } }, refusal: HandoffRefusal) =>
      reply.code(HANDOFF_REFUSALS[refusal].status).send({ error: { code: `CUNBAN_HANDOFF_${refusal.toUpperCase()}`, message: HANDOFF_REFUSALS[refusal].message } });

    app.get<{ Querystring: { status?: HandoffStatus; limit?: number } }>(
      '/api/v1/admin/handoffs',
      {
        preHandler: admin,
        schema: {
          querystring: {
            type: 'object',
            properties: { status: { type: 'string', enum: ['waiting', 'claimed', 'closed'] }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 } },
          },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        return { handoffs: (await handoffs.list(principal.scope, request.query)).map((h) => handoffJson(h, principal)) };
      },
    );

    app.get<{ Params: { id: string } }>('/api/v1/admin/handoffs/:id', { preHandler: admin, schema: { params: ID } }, async (request, reply) => {
      const principal = principalOf(request);
      const handoff = await handoffs.get(request.params.id, principal.scope);
      if (!handoff) return refused(reply, 'not_found');
      return { handoff: handoffJson(handoff, principal), messages: await handoffs.messages(handoff.id, readsInFull(principal, handoff)) };
    });

    app.post<{ Params: { id: string } }>('/api/v1/admin/handoffs/:id/claim', { preHandler: admin, schema: { params: ID } }, async (request, reply) => {
      const principal = principalOf(request);
      const result = await handoffs.claim(request.params.id, principal.scope, { username: principal.actor, displayName: principal.displayName, ip: principal.ip }, now());
      if (typeof result === 'string') return refused(reply, result);
      return { handoff: handoffJson(result, principal) };
    });

    app.post<{ Params: { id: string }; Body: { text: string } }>(
      '/api/v1/admin/handoffs/:id/reply',
      {
        preHandler: admin,
        schema: {
          params: ID,
          body: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', minLength: 1, maxLength: 2000, pattern: '\\S' } } },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const actor = { username: principal.actor, displayName: principal.displayName, ip: principal.ip };
        const result = await handoffs.reply(request.params.id, principal.scope, actor, request.body.text.trim(), signatureOf(principal, knowledge.current.base), now());
        if (typeof result === 'string') return refused(reply, result);
        return { handoff: handoffJson(result, principal) };
      },
    );

    for (const how of ['close', 'release'] as const) {
      app.post<{ Params: { id: string } }>(`/api/v1/admin/handoffs/:id/${how}`, { preHandler: admin, schema: { params: ID } }, async (request, reply) => {
        const principal = principalOf(request);
        const actor = { username: principal.actor, displayName: principal.displayName, ip: principal.ip };
        const result = await handoffs.finish(request.params.id, principal.scope, actor, how, now(), principal.account === null);
        if (typeof result === 'string') return refused(reply, result);
        return { handoff: handoffJson(result, principal) };
      });
    }
  };
}
