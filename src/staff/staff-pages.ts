import { randomBytes, timingSafeEqual } from 'node:crypto';
import { loggableUrl } from '../logger.ts';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyFormbody from '@fastify/formbody';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ACTION_NAMES, audit, recentAudit } from './audit-log.ts';
import { agentPages } from './agent-pages.ts';
import { complaintPages } from './complaint-pages.ts';
import { handoffPages } from './handoff-pages.ts';
import { render, shanghaiTime, who, type PageDependencies } from './page-kit.ts';
import { ROLE_NAMES } from './scope.ts';
import { SESSION_COOKIE, forbiddenPage } from './staff-auth.ts';
import { todayAndTomorrow, visitPages, visitRows } from './visit-pages.ts';

const VIEWS = path.join(import.meta.dirname, 'views');
const LOGIN_CSRF_COOKIE = 'cunban_login_csrf';
/** htmx from node_modules (no CDN: county machines sit on the government intranet). */
const HTMX = readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'));
const CSS = readFileSync(path.join(import.meta.dirname, 'assets', 'staff.css'));

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The staff console under `/staff/` (CONTRACT.md): login, 工作台, 上门预约, 诉求工单, 人工服务,
 * 代办员 and, for the county, the audit log. Server-rendered with @fastify/view and eta (escaped
 * by default), htmx from node_modules, Chinese throughout.
 */
export function staffPages(deps: PageDependencies & { rehandleWorkingDays: number }): FastifyPluginAsync {
  return async (app) => {
    await app.register(fastifyView, { engine: { eta: new Eta({ autoEscape: true }) }, templates: VIEWS });
    // Forms are read on the staff pages only: the JSON API keeps answering 415 to anything else.
    await app.register(fastifyFormbody);
    // Pages answer errors with a page, not JSON.
    app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
      const status = error.statusCode ?? 500;
      if (status >= 500) request.log.error({ err: error, route: request.routeOptions.url, url: loggableUrl(request.url) }, 'staff page failed');
      const message = status === 429 ? '登录尝试太频繁，请一分钟后再试。' : status < 500 ? '请求有误，操作没有执行。' : '系统出了点问题，操作没有执行，请稍后再试。';
      return reply.code(status).type('text/html; charset=utf-8').send(forbiddenPage(message, status === 429 ? { href: '/staff/login', label: '回到登录页' } : undefined));
    });

    app.get('/staff/assets/htmx.min.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(HTMX));
    app.get('/staff/assets/staff.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS));
    app.get('/staff', async (_request, reply) => reply.redirect('/staff/'));

    const loginPage = (reply: FastifyReply, data: Record<string, unknown>, status = 200) => {
      const token = randomBytes(24).toString('base64url');
      reply.setCookie(LOGIN_CSRF_COOKIE, token, { path: '/staff/login', httpOnly: true, sameSite: 'strict', secure: 'auto' });
      return reply.code(status).header('cache-control', 'no-store').view('login', { title: '工作人员登录', me: null, loginCsrf: token, ...data });
    };

    app.get<{ Querystring: { expired?: string } }>('/staff/login', async (request, reply) => {
      if (await deps.sessions.resume(request.cookies[SESSION_COOKIE], deps.now())) return reply.redirect('/staff/');
      return loginPage(reply, { expired: request.query.expired === '1' });
    });

    app.post<{ Body: Record<string, string | undefined> }>(
      '/staff/login',
      { config: { rateLimit: { max: deps.loginLimitPerMinute, timeWindow: 60_000 } } },
      async (request: FastifyRequest<{ Body: Record<string, string | undefined> }>, reply) => {
        const body = request.body ?? {};
        const username = String(body.username ?? '').trim().slice(0, 60);
        const password = String(body.password ?? '').slice(0, 200);
        const expected = request.cookies[LOGIN_CSRF_COOKIE];
        if (!expected || typeof body._csrf !== 'string' || !sameText(body._csrf, expected)) {
          return loginPage(reply, { error: '登录页已过期，请重新输入后登录。', username }, 403);
        }
        const result = await deps.accounts.login(username, password, request.ip, deps.now());
        if (!result.ok) {
          const error =
            result.reason === 'locked'
              ? `连续输错5次密码，账号已锁定，请在 ${shanghaiTime(result.lockedUntil).slice(11)} 以后再试，或找县级管理员重置。`
              : result.reason === 'disabled'
                ? '这个账号已停用，请联系县级管理员。'
                : '用户名或密码不对。';
          return loginPage(reply, { error, username }, 401);
        }
        const session = await deps.sessions.start(result.account, request.ip, deps.now());
        reply.clearCookie(LOGIN_CSRF_COOKIE, { path: '/staff/login' });
        reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'strict', secure: 'auto' });
        return reply.redirect('/staff/', 303);
      },
    );

    app.post('/staff/logout', { preHandler: deps.page }, async (request, reply) => {
      const principal = who(request);
      await deps.sessions.end(principal.sessionId!);
      await audit(deps.db, { actor: principal.actor, action: 'logout', target: `staff:${principal.actor}`, ip: principal.ip }, deps.now());
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/staff/login', 303);
    });

    app.get('/staff/', { preHandler: deps.page }, async (request, reply) => {
      const principal = who(request);
      const now = deps.now();
      const [today, tomorrow] = todayAndTomorrow(now);
      const visits = await deps.visits.listAll({ from: today, to: tomorrow, status: 'booked', scope: principal.scope });
      const handoffs = await deps.handoffs.list(principal.scope, { status: 'waiting' });
      const tickets = await deps.tickets.listAll({ scope: principal.scope, limit: 1000 }, now);
      const overdue = await deps.tickets.listAll({ overdue: true, scope: principal.scope, limit: 1000 }, now);
      const followUps = (await deps.visits.listAll({ followUp: true, scope: principal.scope })).length;
      const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
      const unanswered = principal.scope.role === 'village' ? null : (await deps.unanswered.list(500)).filter((q) => q.createdAt >= weekAgo).length;
      return render(request, reply, 'dashboard', {
        title: '工作台',
        nav: 'home',
        today,
        tomorrow,
        todayVisits: visits.filter((v) => v.slot.date === today).length,
        tomorrowVisits: visits.filter((v) => v.slot.date === tomorrow).length,
        waitingHandoffs: handoffs.length,
        openComplaints: tickets.filter((t) => !['closed', 'rejected'].includes(t.status)).length,
        overdueComplaints: overdue.length,
        unanswered,
        followUps,
        visits: await visitRows(deps, principal, visits),
      });
    });

    app.get('/staff/unanswered', { preHandler: deps.page }, async (request, reply) => {
      const principal = who(request);
      if (principal.scope.role === 'village') return render(request, reply, 'message', { title: '这一页由镇和县查看', back: '/staff/' }, 403);
      const weekAgo = new Date(deps.now().getTime() - 7 * 86_400_000).toISOString();
      const questions = (await deps.unanswered.list(500)).filter((q) => q.createdAt >= weekAgo).map((q) => ({ at: shanghaiTime(q.createdAt), question: q.question, bestItem: q.bestItem }));
      return render(request, reply, 'unanswered', { title: '本周没答上的问题', nav: 'home', questions });
    });

    app.get<{ Querystring: { limit?: string } }>('/staff/audit', { preHandler: deps.page }, async (request, reply) => {
      const principal = who(request);
      if (principal.scope.role !== 'county') return render(request, reply, 'message', { title: '审计日志只有县级管理员能看', back: '/staff/' }, 403);
      const limit = Math.min(Math.max(Number(request.query.limit) || 300, 1), 5000);
      const now = deps.now();
      const events = (await recentAudit(deps.db, limit)).map((e) => ({
        ...e,
        at: shanghaiTime(e.at),
        actionName: ACTION_NAMES[e.action] ?? e.action,
        before: e.before === null ? '' : JSON.stringify(e.before),
        after: e.after === null ? '' : JSON.stringify(e.after),
      }));
      const accounts = (await deps.accounts.list()).map((a) => ({ ...a, roleName: ROLE_NAMES[a.role], locked: a.lockedUntil !== null && a.lockedUntil > now.toISOString() }));
      return render(request, reply, 'audit', { title: '审计日志', nav: 'audit', events, limit, accounts });
    });

    visitPages(app, deps);
    complaintPages(app, deps);
    handoffPages(app, deps);
    agentPages(app, deps);
  };
}
