import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A pre-handler that accepts `Authorization: Bearer <ADMIN_TOKEN>`. Without a configured token
 * the admin API is closed (401) rather than open.
 */
export function requireAdmin(token: string | undefined) {
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (!expected || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      const message = expected ? 'a valid bearer ADMIN_TOKEN is required' : 'ADMIN_TOKEN is not configured; the admin API is closed';
      return reply.code(401).send({ error: { code: 'CUNBAN_UNAUTHORIZED', message } });
    }
  };
}
