import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KnowledgeService } from '../knowledge/knowledge-service.ts';
import type { HotlineOutboxStore } from '../hotline/outbox-store.ts';
import type { TicketService } from '../hotline/ticket-service.ts';
import type { Database } from '../store/database.ts';
import type { UnansweredRepository } from '../store/unanswered-repository.ts';
import type { Roster } from '../visits/roster.ts';
import type { VisitAdminService } from '../visits/types.ts';
import type { VisitRules } from '../visits/visit-rules.ts';
import type { Handoffs } from './handoffs.ts';
import { ROLE_NAMES } from './scope.ts';
import type { StaffAccounts } from './staff-accounts.ts';
import type { StaffActions } from './staff-actions.ts';
import { principalOf } from './staff-auth.ts';
import type { StaffSessions } from './staff-sessions.ts';

/** Everything the staff pages read and change. */
export interface PageDependencies {
  db: Database;
  accounts: StaffAccounts;
  sessions: StaffSessions;
  actions: StaffActions;
  visits: VisitAdminService & { roster: Roster };
  tickets: TicketService;
  hotlineOutbox: HotlineOutboxStore;
  handoffs: Handoffs;
  knowledge: KnowledgeService;
  unanswered: UnansweredRepository;
  rules: VisitRules;
  now: () => Date;
  loginLimitPerMinute: number;
  /** The page pre-handler (session, CSRF on forms). */
  page: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

/** Messages shown after a change, by code (a redirect carries the code, never the user's words). */
export const DONE_MESSAGES: Record<string, string> = {
  reassigned: '已改派。',
  outcome: '结果已记录。',
  rescheduled: '时间已改好，已通知代办员。',
  leave: '请假已登记。',
  retried: '已重新排队发送。',
  claimed: '已接手。',
  sent: '已发送给居民。',
  released: '已放回队列，机器人先接着回复。',
  closed: '已结束，交回机器人。',
  revealed: '已显示完整号码（已留痕）。',
  followup: '回访已记录。',
};

/** Channel names as staff read them. */
export const CHANNEL_NAMES: Record<string, string> = { web: '网页', wechat: '微信', telegram: 'Telegram', console: '控制台' };

/** "2026-10-12 09:30" in Asia/Shanghai. */
export function shanghaiTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

/** "3分12秒", "2小时5分". */
export function duration(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return `${seconds}秒`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}分${seconds % 60 ? `${seconds % 60}秒` : ''}`;
  return `${Math.floor(seconds / 3600)}小时${Math.floor((seconds % 3600) / 60)}分`;
}

/** Renders a page with the layout's common data (who is signed in, the CSRF token, a done message). */
export function render(request: FastifyRequest, reply: FastifyReply, template: string, data: Record<string, unknown>, status = 200) {
  const principal = request.principal;
  const account = principal?.account;
  const okCode = (request.query as Record<string, unknown> | undefined)?.ok;
  const me = account ? { displayName: account.displayName, role: account.role, roleName: ROLE_NAMES[account.role], village: account.village } : null;
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .view(template, { me, csrf: principal?.csrf ?? '', ok: typeof okCode === 'string' ? DONE_MESSAGES[okCode] : undefined, ...data });
}

/** The principal of a page request (behind the page pre-handler). */
export const who = principalOf;
