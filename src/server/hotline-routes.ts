import type { FastifyPluginAsync, preHandlerHookHandler } from 'fastify';
import type { AppealClassifier } from '../hotline/classifier.ts';
import { verifySignature } from '../hotline/signature.ts';
import type { HotlineOutboxStore } from '../hotline/outbox-store.ts';
import type { TicketService } from '../hotline/ticket-service.ts';
import { HOTLINE_STATUSES, type HotlineEvent, type Ticket, type TicketStatus } from '../hotline/ticket-types.ts';
import { audit } from '../staff/audit-log.ts';
import { atLeastTown } from '../staff/scope.ts';
import { principalOf } from '../staff/staff-auth.ts';
import type { Database } from '../store/database.ts';

/** What the hotline API needs. */
export interface HotlineRoutesDependencies {
  tickets: TicketService;
  classifier: AppealClassifier;
  outbox: HotlineOutboxStore;
  secret: string | undefined;
  admin: preHandlerHookHandler;
  db: Database;
  now: () => Date;
}

function complaintJson(ticket: Ticket) {
  return {
    id: ticket.id,
    status: ticket.status,
    category: ticket.category,
    subcategory: ticket.subcategory,
    type: ticket.type,
    content: ticket.content,
    village: ticket.village,
    location: ticket.location,
    createdAt: ticket.createdAt,
    hotlineStatus: ticket.hotlineStatus,
    ticketNo: ticket.ticketNo,
    urgent: ticket.urgent,
    anonymous: ticket.contact === null,
    attachments: ticket.attachments.length,
    rating: ticket.rating,
    followUpBy: ticket.followUpBy,
  };
}

function error(code: string, message: string) {
  return { error: { code, message } };
}

/** Checks an event body's shape; returns the event or what is wrong. */
function parseEvent(raw: string): HotlineEvent | string {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return 'body is not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body must be an object';
  const { id, ticketNo, status, message } = body as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || id.length > 60) return 'id: must be a non-empty string';
  if (typeof status !== 'string' || !(HOTLINE_STATUSES as readonly string[]).includes(status)) return `status: must be one of ${HOTLINE_STATUSES.join(', ')}`;
  if (ticketNo !== undefined && (typeof ticketNo !== 'string' || ticketNo.length > 100)) return 'ticketNo: must be a string';
  if (message !== undefined && (typeof message !== 'string' || message.length > 4000)) return 'message: must be a string of at most 4000 characters';
  return { id, status: status as HotlineEvent['status'], ...(ticketNo ? { ticketNo } : {}), ...(message ? { message } : {}) };
}

/**
 * The 12345 surfaces of CONTRACT.md: classification, the signed status events from the hotline
 * (checked over the raw body before anything is parsed or changed), and the staff complaint list.
 */
export function hotlineRoutes({ tickets, classifier, outbox, secret, admin, db, now }: HotlineRoutesDependencies): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/admin/hotline/dead-letters', { preHandler: admin }, async (request, reply) => {
      if (!atLeastTown(principalOf(request).scope)) return reply.code(403).send(error('CUNBAN_FORBIDDEN', 'the town or county role is required'));
      return {
      deadLetters: (await outbox.deadLetters()).map((entry) => ({
        id: entry.id,
        ticketId: entry.ticketId,
        attempts: entry.attempts,
        lastStatusCode: entry.lastStatusCode,
        lastError: entry.lastError,
        createdAt: entry.createdAt,
      })),
      };
    });

    app.post<{ Params: { id: string } }>(
      '/api/v1/admin/hotline/dead-letters/:id/retry',
      { preHandler: admin, schema: { params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 60 } } } } },
      async (request, reply) => {
        const principal = principalOf(request);
        if (!atLeastTown(principal.scope)) return reply.code(403).send(error('CUNBAN_FORBIDDEN', 'the town or county role is required'));
        if (!(await outbox.retryDead(request.params.id, now()))) {
          return reply.code(404).send(error('CUNBAN_NOT_FOUND', `no dead letter ${request.params.id}`));
        }
        await audit(db, { actor: principal.actor, action: 'dead_letter_retry', target: `outbox:${request.params.id}`, before: { status: 'dead' }, after: { status: 'pending' }, ip: principal.ip }, now());
        return { id: request.params.id, status: 'pending' };
      },
    );

    app.get('/api/v1/admin/hotline/status', { preHandler: admin }, async () => ({ pending: await outbox.pendingCount() }));

    app.post<{ Body: { text: string } }>(
      '/api/v1/hotline/classify',
      {
        schema: {
          body: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1, maxLength: 4000 } } },
        },
      },
      async (request) => {
        const { type, category, subcategory } = await classifier.classify(request.body.text);
        return { type, category, subcategory };
      },
    );

    app.get<{ Querystring: { status?: TicketStatus; overdue?: boolean; limit?: number } }>(
      '/api/v1/admin/complaints',
      {
        preHandler: admin,
        schema: {
          querystring: {
            type: 'object',
            properties: {
              status: { type: 'string', enum: ['queued', 'forwarded', 'accepted', 'dispatched', 'replied', 'closed', 'rejected', 'reopened'] },
              overdue: { type: 'boolean' },
              limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
            },
          },
        },
      },
      async (request) => ({ complaints: (await tickets.listAll({ ...request.query, scope: principalOf(request).scope }, now())).map(complaintJson) }),
    );

    // The events route reads its body as text: the signature is over the exact bytes sent.
    await app.register(async (events) => {
      events.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 65_536 }, (_request, body, done) => done(null, body));
      // 12345 posts every status change from its own address; the signature proves it.
      events.post('/api/v1/hotline/events', { config: { addressLimit: false } }, async (request, reply) => {
        const raw = typeof request.body === 'string' ? request.body : '';
        const signature = request.headers['x-signature'];
        if (!secret || typeof signature !== 'string' || !verifySignature(raw, signature, secret)) {
          return reply.code(401).send(error('CUNBAN_BAD_SIGNATURE', 'X-Signature must be sha256=<HMAC-SHA256 of the raw body with HOTLINE_SECRET>'));
        }
        const event = parseEvent(raw);
        if (typeof event === 'string') return reply.code(400).send(error('CUNBAN_BAD_REQUEST', event));
        const result = await tickets.applyEvent(event, now());
        if (result.kind === 'unknown') return reply.code(404).send(error('CUNBAN_NOT_FOUND', `no ticket ${event.id}`));
        return { ok: true, ticketId: result.ticket.id, status: result.ticket.status, replayed: result.kind === 'replayed' };
      });
    });
  };
}
