import { timingSafeEqual } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false` on a route that callers prove themselves on (probes, signed webhooks). */
    addressLimit?: boolean;
  }
}

export interface AddressLimitOptions {
  /** Requests one address may make a minute (ADDRESS_LIMIT_PER_MINUTE); 0 turns the limit off. */
  perMinute: number;
  /** Shared by every instance through Redis (REDIS_URL), otherwise counted per process. */
  redis?: Redis;
  /** The Redis key prefix of this deployment (as the other shared state's). */
  prefix?: string;
  /** Bearer keys whose holders are trusted machines behind one address (WEB_API_KEY, ADMIN_TOKEN). */
  trustedKeys: (string | undefined)[];
  /** Whether the request carries a live staff session (its cookie resolved, not merely present). */
  staffSession: (request: FastifyRequest) => Promise<boolean>;
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The per-address request limit (`@fastify/rate-limit`) on top of the per-user message limit:
 * new web identities, searches and classifications from one address are bounded, so nobody can
 * grow the session table by inventing users. Not counted: a county gateway or admin script
 * holding its key (it speaks for many residents from one address), a staff member on the staff
 * pages and the admin API whose cookie resolves to a live session of an active account (an
 * office's staff share one address; a made-up cookie counts like none), and routes marked
 * `addressLimit: false`. A route may set its own, stricter
 * `config.rateLimit` (the staff login does). Over the limit: 429 with Retry-After.
 */
export async function registerAddressLimit(app: FastifyInstance, options: AddressLimitOptions): Promise<void> {
  const keys = options.trustedKeys.filter((k): k is string => Boolean(k)).map((k) => `Bearer ${k}`);
  const trusted = async (request: FastifyRequest) => {
    if (request.routeOptions.config.addressLimit === false) return true;
    const authorization = request.headers.authorization;
    if (authorization && keys.some((key) => sameText(authorization, key))) return true;
    // Staff are spared on their own pages and API only: on the residents' routes a staff cookie buys nothing.
    return (request.url.startsWith('/api/v1/admin/') || request.url.startsWith('/staff/')) && options.staffSession(request);
  };
  await app.register(rateLimit, {
    global: options.perMinute > 0,
    max: options.perMinute,
    timeWindow: 60_000,
    allowList: (request) => trusted(request),
    ...(options.redis ? { redis: options.redis, nameSpace: `${options.prefix ?? 'cunban:'}address:` } : {}),
    // Thrown to the error handlers, which answer JSON on the API and a page on /staff/.
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`too many requests from this address: at most ${context.max} a minute, try again in ${context.after}`), { statusCode: 429, code: 'CUNBAN_RATE_LIMITED' }),
  });
}
