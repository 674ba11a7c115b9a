import fastifyCookie from '@fastify/cookie';
import { loggableUrl } from '../logger.ts';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { Engine } from '../engine/engine.ts';
import { AppError, ErrorCodes } from '../errors.ts';
import type { KnowledgeService } from '../knowledge/knowledge-service.ts';
import type { Nlu } from '../nlu/nlu.ts';
import type { UnansweredRepository } from '../store/unanswered-repository.ts';
import { auditRoutes } from './audit-routes.ts';
import { handoffRoutes } from './handoff-routes.ts';
import type { Database } from '../store/database.ts';
import type { Handoffs } from '../staff/handoffs.ts';
import { StaffAccounts } from '../staff/staff-accounts.ts';
import { StaffActions } from '../staff/staff-actions.ts';
import { principalOf, SESSION_COOKIE, staffAuth } from '../staff/staff-auth.ts';
import { audit } from '../staff/audit-log.ts';
import { staffPages } from '../staff/staff-pages.ts';
import { StaffSessions } from '../staff/staff-sessions.ts';
import type { VisitRules } from '../visits/visit-rules.ts';
import { type AddressLimitOptions, registerAddressLimit } from './address-limit.ts';
import { Readiness } from './readiness.ts';
import { validatorCompiler } from './validators.ts';
import { visitRoutes } from './visit-routes.ts';
import { hotlineRoutes } from './hotline-routes.ts';
import type { AppealClassifier } from '../hotline/classifier.ts';
import type { TicketService } from '../hotline/ticket-service.ts';
import type { HotlineOutboxStore } from '../hotline/outbox-store.ts';
import type { Roster } from '../visits/roster.ts';
import type { VisitAdminService } from '../visits/types.ts';

const APP_ERROR_STATUS: Partial<Record<string, number>> = {
  [ErrorCodes.BAD_REQUEST]: 400,
  [ErrorCodes.UNAUTHORIZED]: 401,
  [ErrorCodes.NOT_FOUND]: 404,
};

/** What the HTTP app serves from. */
export interface AppDependencies {
  engine: Engine;
  nlu: Nlu;
  knowledge: KnowledgeService;
  unanswered: UnansweredRepository;
  adminToken: string | undefined;
  /** REQUEST_TIMEOUT_MS and CONNECTION_TIMEOUT_MS (default 30 s and 60 s). */
  timeouts?: { requestMs: number; connectionMs: number };
  /** TRUST_PROXY: whom to believe about a client's address. */
  trustProxy?: boolean | number | string;
  /** The per-address limit of the public routes (ADDRESS_LIMIT_PER_MINUTE, shared through Redis when set). */
  addressLimit: Omit<AddressLimitOptions, 'trustedKeys' | 'staffSession'> & { webApiKey: string | undefined };
  /** Signs the web channel's identity cookie (`reply.setCookie(…, { signed: true })`). */
  cookieSecret: string;
  visits: VisitAdminService & { roster: Roster };
  tickets: TicketService;
  classifier: AppealClassifier;
  hotlineOutbox: HotlineOutboxStore;
  hotlineSecret: string | undefined;
  now: () => Date;
  logger: Logger;
  /** Channel plugins (the web channel, webhooks), registered by `main`. */
  channels: FastifyPluginAsync[];
  /** The staff console: accounts, sessions and audit live in `db`. */
  staff: {
    db: Database;
    handoffs: Handoffs;
    rules: VisitRules;
    idleMinutes: number;
    loginLimitPerMinute: number;
    rehandleWorkingDays: number;
  };
}

function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/**
 * The fastify app: health, knowledge search, NLU parse, the admin API, and whatever channel
 * plugins `main` hands in. Bad requests get a 4xx with a stable code, never a 500.
 */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const { requestMs, connectionMs } = deps.timeouts ?? { requestMs: 30_000, connectionMs: 60_000 };
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 1_048_576,
    // A number of proxies in front: believe that many hops of X-Forwarded-For.
    trustProxy: typeof deps.trustProxy === 'number' ? trustHops(deps.trustProxy) : (deps.trustProxy ?? false),
    // Slow or silent clients do not hold connections open: the whole request within requestMs
    // (its headers within 10 s), no silence longer than connectionMs, an idle keep-alive 5 s.
    requestTimeout: requestMs,
    connectionTimeout: connectionMs,
    keepAliveTimeout: 5000,
    http: { requestTimeout: requestMs, headersTimeout: Math.min(10_000, requestMs), connectionsCheckingInterval: Math.min(1000, Math.floor(requestMs / 4)) },
  });
  app.setValidatorCompiler(validatorCompiler);
  await app.register(fastifyCookie, { secret: deps.cookieSecret });
  const sessions = new StaffSessions(deps.staff.db, deps.staff.idleMinutes);
  const { webApiKey, ...addressLimit } = deps.addressLimit;
  await registerAddressLimit(app, {
    ...addressLimit,
    trustedKeys: [webApiKey, deps.adminToken],
    staffSession: (request) => sessions.isLive(request.cookies[SESSION_COOKIE], deps.now()),
  });
  const auth = staffAuth({ adminToken: deps.adminToken, sessions, now: deps.now });
  // Every /api/v1/admin/* route: ADMIN_TOKEN or a staff session, scoped by role (src/staff/scope.ts).
  const admin = auth.api;
  const actions = new StaffActions({ db: deps.staff.db, visits: deps.visits });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string; validation?: unknown }, request, reply) => {
    const status = error instanceof AppError ? (APP_ERROR_STATUS[error.code] ?? 500) : (error.statusCode ?? 500);
    if (status < 500) {
      const code = error.validation ? 'CUNBAN_BAD_REQUEST' : (error.code ?? 'CUNBAN_BAD_REQUEST');
      return reply.code(status).send(errorBody(code, error.message));
    }
    request.log.error({ err: error, route: request.routeOptions.url, url: loggableUrl(request.url) }, 'request failed');
    const userText = error instanceof AppError ? error.userText : 'internal error';
    return reply.code(500).send(errorBody('CUNBAN_INTERNAL', userText));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('CUNBAN_NOT_FOUND', `${request.method} ${request.url} does not exist`)),
  );

  // Liveness: the process answers (the knowledge index was built and the database opened before it listens).
  // Probes are not counted against the address limit: a load balancer asks every few seconds.
  app.get('/healthz', { config: { addressLimit: false } }, async () => ({ status: 'ok' }));
  // Readiness: it can do its work now, a real database write included (CONTRACT.md).
  const readiness = new Readiness({ db: deps.staff.db, knowledge: deps.knowledge, logger: deps.logger });
  app.get('/readyz', { config: { addressLimit: false } }, async (_request, reply) => {
    const state = await readiness.check();
    if (state.ready) return { status: 'ready' };
    return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable', reason: state.reason });
  });

  app.get<{ Querystring: { q: string; limit: number } }>(
    '/api/v1/knowledge/search',
    {
      schema: {
        querystring: {
          type: 'object',
          required: ['q'],
          properties: { q: { type: 'string', minLength: 1, maxLength: 4000 }, limit: { type: 'integer', minimum: 1, maximum: 50, default: 5 } },
        },
      },
    },
    async (request) => {
      const { hits } = deps.knowledge.current.retriever.retrieve(request.query.q, request.query.limit);
      return {
        hits: hits.slice(0, request.query.limit).map((hit) => ({
          id: hit.item.id,
          name: hit.item.name,
          department: hit.item.department,
          score: Math.round(hit.score * 1000) / 1000,
        })),
      };
    },
  );

  app.post<{ Body: { text: string } }>(
    '/api/v1/nlu/parse',
    {
      schema: {
        body: {
          type: 'object',
          required: ['text'],
          properties: { text: { type: 'string', maxLength: 4000 } },
        },
      },
    },
    async (request) => {
      const { intent, entities } = deps.nlu.parse(request.body.text);
      return { intent: { name: intent.name, confidence: intent.confidence }, entities };
    },
  );

  app.post('/api/v1/admin/knowledge/reload', { preHandler: [admin, auth.county] }, async (request, reply) => {
    try {
      const snapshot = await deps.knowledge.reload();
      const principal = principalOf(request);
      await audit(deps.staff.db, { actor: principal.actor, action: 'knowledge_reload', target: 'knowledge', after: { items: snapshot.base.items.length }, ip: principal.ip }, deps.now());
      return { items: snapshot.base.items.length, loadedAt: snapshot.loadedAt.toISOString() };
    } catch (error) {
      if (error instanceof AppError) return reply.code(422).send(errorBody(error.code, error.message));
      throw error;
    }
  });

  app.get<{ Querystring: { limit: number } }>(
    '/api/v1/admin/unanswered',
    {
      preHandler: [admin, auth.town],
      schema: { querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } } } },
    },
    async (request) => ({ questions: await deps.unanswered.list(request.query.limit) }),
  );

  await app.register(visitRoutes({ visits: deps.visits, actions, admin, db: deps.staff.db, now: deps.now }));
  await app.register(hotlineRoutes({ tickets: deps.tickets, classifier: deps.classifier, outbox: deps.hotlineOutbox, secret: deps.hotlineSecret, admin, db: deps.staff.db, now: deps.now }));
  await app.register(handoffRoutes({ handoffs: deps.staff.handoffs, knowledge: deps.knowledge, admin, now: deps.now }));
  await app.register(auditRoutes({ db: deps.staff.db, admin, county: auth.county }));
  await app.register(
    staffPages({
      db: deps.staff.db,
      accounts: new StaffAccounts(deps.staff.db),
      sessions,
      actions,
      visits: deps.visits,
      tickets: deps.tickets,
      hotlineOutbox: deps.hotlineOutbox,
      handoffs: deps.staff.handoffs,
      knowledge: deps.knowledge,
      unanswered: deps.unanswered,
      rules: deps.staff.rules,
      now: deps.now,
      loginLimitPerMinute: deps.staff.loginLimitPerMinute,
      rehandleWorkingDays: deps.staff.rehandleWorkingDays,
      page: auth.page,
    }),
  );
  for (const channel of deps.channels) await app.register(channel);
  return app;
}

/** fastify's trustProxy for `hops` proxies in front: the nearest `hops` addresses are believed. */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}
