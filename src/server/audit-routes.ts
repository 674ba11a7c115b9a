import type { FastifyPluginAsync, preHandlerHookHandler } from 'fastify';
import { recentAudit } from '../staff/audit-log.ts';
import type { Database } from '../store/database.ts';

/** `GET /api/v1/admin/audit?limit=` (CONTRACT.md): the county role or ADMIN_TOKEN; newest first. */
export function auditRoutes({ db, admin, county }: { db: Database; admin: preHandlerHookHandler; county: preHandlerHookHandler }): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { limit: number } }>(
      '/api/v1/admin/audit',
      {
        preHandler: [admin, county],
        schema: { querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 5000, default: 200 } } } },
      },
      async (request) => ({ events: await recentAudit(db, request.query.limit) }),
    );
  };
}
