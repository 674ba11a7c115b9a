import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, Tables } from '../store/database.ts';
import { nextCounterValue } from '../store/counters.ts';

/** One audited event: who did what to what, when, with the state before and after. */
export interface AuditEvent {
  at: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  ip: string | null;
}

/** What is written: the event without its time (the caller's clock gives it). */
export type AuditEntry = Omit<AuditEvent, 'at' | 'ip' | 'before' | 'after'> & { before?: unknown; after?: unknown; ip?: string | null };

/** Action names as the county reads them on the audit page. */
export const ACTION_NAMES: Record<string, string> = {
  login: '登录',
  login_failed: '登录失败',
  lock: '账号锁定',
  logout: '退出',
  account_add: '新建账号',
  account_update: '修改账号',
  account_disable: '停用账号',
  account_reset: '重置密码',
  visit_reassign: '改派',
  visit_reschedule: '改时间',
  visit_outcome: '记录结果',
  agent_leave: '请假',
  reveal: '查看完整号码',
  dead_letter_retry: '重发工单',
  handoff_claim: '接手人工服务',
  handoff_reply: '回复居民',
  handoff_release: '放回队列',
  handoff_close: '结束人工服务',
  follow_up: '差评回访',
  agent_link: '绑定代办员聊天',
  knowledge_reload: '重新加载知识库',
};

/**
 * The audit log (kept: nothing deletes from it, so at least the 180 days the county needs). Pass
 * the transaction of the change it records, so a change is never stored without its entry.
 */
export async function audit(db: Kysely<Tables> | Transaction<Tables>, entry: AuditEntry, now: Date): Promise<void> {
  await db
    .insertInto('staff_audit')
    .values({
      id: randomUUID(),
      seq: await nextCounterValue(db, 'audit'),
      at: now.toISOString(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      ip: entry.ip ?? null,
    })
    .execute();
}

/** The newest events first. */
export async function recentAudit(db: Database, limit: number): Promise<AuditEvent[]> {
  const rows = await db.selectFrom('staff_audit').selectAll().orderBy('seq', 'desc').limit(limit).execute();
  return rows.map((row) => ({
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    before: row.before === null ? null : JSON.parse(row.before),
    after: row.after === null ? null : JSON.parse(row.after),
    ip: row.ip,
  }));
}
