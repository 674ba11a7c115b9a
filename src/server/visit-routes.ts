import type { FastifyPluginAsync, preHandlerHookHandler } from 'fastify';
import type { ChannelName } from '../message.ts';
import { shanghaiToday } from '../nlu/dates.ts';
import type { Roster } from '../visits/roster.ts';
import { CASE_KINDS, type CaseKind, type Visit, type VisitAdminService, type VisitStatus } from '../visits/types.ts';
import { maskPhone, principalOf, seesNumbers, type Principal } from '../staff/staff-auth.ts';
import type { StaffActions } from '../staff/staff-actions.ts';
import { atLeastTown, villageVisible } from '../staff/scope.ts';
import { audit } from '../staff/audit-log.ts';
import type { Database } from '../store/database.ts';

/** What the staff visit API needs. */
export interface VisitRoutesDependencies {
  visits: VisitAdminService & { roster: Roster };
  actions: StaffActions;
  admin: preHandlerHookHandler;
  db: Database;
  now: () => Date;
}

const FORBIDDEN = { error: { code: 'CUNBAN_FORBIDDEN', message: 'the town or county role is required' } };

const HALF_START = { am: '08:30:00', pm: '13:30:00' } as const;

/** The visit as CONTRACT.md lists it, plus the fields staff need to act on it; the phone masked for roles that do not need it. */
function visitJson(visit: Visit, principal?: Principal) {
  const full = !principal || seesNumbers(principal, visit);
  return {
    id: visit.id,
    status: visit.status,
    residentName: visit.residentName,
    phone: full ? visit.phone : maskPhone(visit.phone),
    phoneMasked: !full,
    village: visit.village,
    address: visit.address,
    itemId: visit.itemId,
    itemName: visit.itemName,
    scheduledFor: `${visit.slot.date}T${HALF_START[visit.slot.half]}+08:00`,
    halfDay: visit.slot.half,
    agentId: visit.agentId,
    reasons: visit.reasons,
    age: visit.age,
    relation: visit.relation,
    outcome: visit.outcome,
    rating: visit.rating,
    followUpBy: visit.followUpBy,
    createdAt: visit.createdAt,
  };
}

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const VISIT_ID = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[Vv]\\d{6}$' } } } as const;

/**
 * The staff API for home visits (bearer ADMIN_TOKEN): the list (CONTRACT.md), agents and their
 * load, reassignment, outcomes, leave, chat links and the monthly counts behind per-case pay.
 */
export function visitRoutes({ visits, actions, admin, db, now }: VisitRoutesDependencies): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { status?: VisitStatus; village?: string; agentId?: string; from?: string; to?: string; followUp?: boolean; limit?: number } }>(
      '/api/v1/admin/visits',
      {
        preHandler: admin,
        schema: {
          querystring: {
            type: 'object',
            properties: {
              status: { type: 'string', enum: ['booked', 'cancelled', 'done', 'not_done'] },
              village: { type: 'string', maxLength: 40 },
              agentId: { type: 'string', maxLength: 60 },
              from: DATE,
              to: DATE,
              followUp: { type: 'boolean' },
              limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
            },
          },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        return { visits: (await visits.listAll({ ...request.query, scope: principal.scope })).map((v) => visitJson(v, principal)) };
      },
    );

    app.get<{ Querystring: { from?: string; to?: string } }>(
      '/api/v1/admin/agents',
      { preHandler: admin, schema: { querystring: { type: 'object', properties: { from: DATE, to: DATE } } } },
      async (request) => {
        const today = shanghaiToday(now());
        const from = request.query.from ?? today;
        const to = request.query.to ?? new Date(Date.parse(`${from}T00:00:00Z`) + 13 * 86_400_000).toISOString().slice(0, 10);
        const scope = principalOf(request).scope;
        return { from, to, agents: (await visits.agentLoad(from, to)).filter((a) => villageVisible(scope, a.village)) };
      },
    );

    app.post<{ Params: { id: string }; Body: { agentId: string } }>(
      '/api/v1/admin/visits/:id/reassign',
      {
        preHandler: admin,
        schema: {
          params: VISIT_ID,
          body: { type: 'object', required: ['agentId'], additionalProperties: false, properties: { agentId: { type: 'string', minLength: 1, maxLength: 60 } } },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const result = await actions.reassign(principal, request.params.id, request.body.agentId, now());
        if (!result.ok) return reply.code(result.status).send({ error: { code: result.code, message: result.message } });
        return { visit: visitJson(result.visit, principal), agentName: result.agentName };
      },
    );

    app.post<{ Params: { id: string }; Body: { done: boolean; caseKind?: CaseKind; note?: string } }>(
      '/api/v1/admin/visits/:id/outcome',
      {
        preHandler: admin,
        schema: {
          params: VISIT_ID,
          body: {
            type: 'object',
            required: ['done'],
            additionalProperties: false,
            properties: {
              done: { type: 'boolean' },
              caseKind: { type: 'string', enum: [...CASE_KINDS] },
              note: { type: 'string', maxLength: 1000 },
            },
          },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const { done, caseKind, note } = request.body;
        // A visit of another village is not found (404), never "forbidden": ids are not probed.
        const result = await actions.outcome(principal, request.params.id, { done, caseKind, note, kindRequired: false }, now());
        // A visit past booking is a 400 with the service's words, as before this console.
        if (!result.ok) return reply.code(result.status === 409 ? 400 : result.status).send({ error: { code: result.code, message: result.message } });
        return { visit: visitJson(result.visit, principal) };
      },
    );

    app.put<{ Params: { id: string }; Body: { channel: ChannelName; chat: string; user: string } }>(
      '/api/v1/admin/agents/:id/link',
      {
        preHandler: admin,
        schema: {
          params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 60 } } },
          body: {
            type: 'object',
            required: ['channel', 'chat', 'user'],
            additionalProperties: false,
            properties: {
              channel: { type: 'string', enum: ['web', 'console', 'wechat', 'telegram'] },
              chat: { type: 'string', minLength: 1, maxLength: 200 },
              user: { type: 'string', minLength: 1, maxLength: 200 },
            },
          },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        if (!atLeastTown(principal.scope)) return reply.code(403).send(FORBIDDEN);
        const before = await visits.roster.get(request.params.id);
        const linked = await visits.roster.linkChat(request.params.id, request.body, now());
        if (!linked) return reply.code(404).send({ error: { code: 'CUNBAN_NOT_FOUND', message: `agent ${request.params.id} does not exist` } });
        await audit(db, { actor: principal.actor, action: 'agent_link', target: `agent:${request.params.id}`, before: before?.link ?? null, after: request.body, ip: principal.ip }, now());
        return { agentId: request.params.id, link: request.body };
      },
    );

    app.post<{ Params: { id: string }; Body: { dates: string[] } }>(
      '/api/v1/admin/agents/:id/leave',
      {
        preHandler: admin,
        schema: {
          params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 60 } } },
          body: { type: 'object', required: ['dates'], additionalProperties: false, properties: { dates: { type: 'array', minItems: 1, maxItems: 60, items: DATE } } },
        },
      },
      async (request, reply) => {
        const result = await actions.leave(principalOf(request), request.params.id, request.body.dates, now());
        if (!result.ok) {
          const message = result.status === 404 ? `agent ${request.params.id} does not exist` : result.message;
          return reply.code(result.status).send({ error: { code: result.code, message } });
        }
        return { agentId: request.params.id, leave: request.body.dates };
      },
    );

    app.get<{ Querystring: { month: string } }>(
      '/api/v1/admin/visits/monthly',
      {
        preHandler: admin,
        schema: { querystring: { type: 'object', required: ['month'], properties: { month: { type: 'string', pattern: '^\\d{4}-\\d{2}$' } } } },
      },
      async (request) => {
        const scope = principalOf(request).scope;
        return { month: request.query.month, agents: (await visits.monthlyCounts(request.query.month)).filter((a) => villageVisible(scope, a.village)) };
      },
    );
  };
}
