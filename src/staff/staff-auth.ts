import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffAccount } from './staff-accounts.ts';
import { scopeOf } from './staff-accounts.ts';
import type { StaffSessions } from './staff-sessions.ts';
import { WHOLE_COUNTY, type Scope } from './scope.ts';

/** The staff session cookie: HTTP-only, SameSite=Strict, Secure over HTTPS. */
export const SESSION_COOKIE = 'cunban_staff';

/** Who is calling: a member of staff (by her session) or a machine (by ADMIN_TOKEN). */
export interface Principal {
  /** The username, or `admin-token` for a machine: the audit log's actor. */
  actor: string;
  displayName: string;
  scope: Scope;
  account: StaffAccount | null;
  sessionId: string | null;
  csrf: string | null;
  ip: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The principal a pre-handler has put on the request (a route behind one never lacks it). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route without a staff pre-handler');
  return request.principal;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Whether the caller sees a resident's phone and ID numbers in full: machines and the town (which
 * calls residents about their bookings) do; a village agent only for the residents assigned to her;
 * the county, which oversees rather than serves, sees them masked. Anyone may reveal one, audited.
 */
export function seesNumbers(principal: Principal, record: { agentId?: string | null }): boolean {
  if (!principal.account) return true;
  if (principal.scope.role === 'town') return true;
  if (principal.scope.role === 'village') return record.agentId != null && record.agentId === principal.scope.agentId;
  return false;
}

/** A phone as a masked role sees it: 138****34. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-2)}` : '****';
}

/** What the pre-handlers need. */
export interface StaffAuthDependencies {
  adminToken: string | undefined;
  sessions: StaffSessions;
  now: () => Date;
}

/**
 * The two doors: `api` for `/api/v1/admin/*` (bearer ADMIN_TOKEN, or the staff session cookie
 * with the session's CSRF token in `X-CSRF-Token` on every change) and `page` for `/staff/*`
 * (the cookie; a form must carry the session's `_csrf`; without a session: to the login page).
 * Both put the caller's `Principal`, with its role scope, on the request.
 */
export function staffAuth({ adminToken, sessions, now }: StaffAuthDependencies) {
  const expected = adminToken ? `Bearer ${adminToken}` : undefined;

  async function fromCookie(request: FastifyRequest): Promise<Principal | undefined> {
    const session = await sessions.resume(request.cookies[SESSION_COOKIE], now());
    if (!session) return undefined;
    return {
      actor: session.account.username,
      displayName: session.account.displayName,
      scope: scopeOf(session.account),
      account: session.account,
      sessionId: session.id,
      csrf: session.csrf,
      ip: request.ip,
    };
  }

  const api = async (request: FastifyRequest, reply: FastifyReply) => {
    const given = request.headers.authorization;
    if (given !== undefined && expected && sameText(given, expected)) {
      request.principal = { actor: 'admin-token', displayName: '系统', scope: WHOLE_COUNTY, account: null, sessionId: null, csrf: null, ip: request.ip };
      return;
    }
    const principal = given === undefined ? await fromCookie(request) : undefined;
    if (!principal) {
      const message = expected ? 'a valid bearer ADMIN_TOKEN or a staff session is required' : 'ADMIN_TOKEN is not configured; the admin API is closed';
      return reply.code(401).send({ error: { code: 'CUNBAN_UNAUTHORIZED', message } });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const token = request.headers['x-csrf-token'];
      if (typeof token !== 'string' || !sameText(token, principal.csrf!)) {
        return reply.code(403).send({ error: { code: 'CUNBAN_CSRF', message: 'X-CSRF-Token must be the staff session’s CSRF token' } });
      }
    }
    request.principal = principal;
  };

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = await fromCookie(request);
    if (!principal) {
      if (request.headers['hx-request']) return reply.code(401).header('HX-Redirect', '/staff/login').send('');
      return reply.redirect('/staff/login?expired=1');
    }
    if (request.method === 'POST') {
      const token = (request.body as Record<string, unknown> | undefined)?._csrf;
      if (typeof token !== 'string' || !sameText(token, principal.csrf!)) {
        return reply.code(403).type('text/html; charset=utf-8').send(forbiddenPage('页面已过期或来源不明，操作没有执行。请回到上一页刷新后再试。'));
      }
    }
    request.principal = principal;
  };

  /** After `api`: the county role (or a machine) only. */
  const county = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.principal && request.principal.scope.role !== 'county') {
      return reply.code(403).send({ error: { code: 'CUNBAN_FORBIDDEN', message: 'the county role is required' } });
    }
  };

  /** After `api`: the town or the county (or a machine). */
  const town = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.principal && request.principal.scope.role === 'village') {
      return reply.code(403).send({ error: { code: 'CUNBAN_FORBIDDEN', message: 'the town or county role is required' } });
    }
  };

  return { api, page, county, town };
}

/** A plain page for a refused form (no layout: it must render without a session). */
export function forbiddenPage(message: string, back: { href: string; label: string } = { href: '/staff/', label: '回到工作台' }): string {
  const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>操作未执行</title><body style="font-family:sans-serif;padding:2em"><h1>操作未执行</h1><p class="error">${escaped}</p><p><a href="${back.href}">${back.label}</a></p></body></html>`;
}
