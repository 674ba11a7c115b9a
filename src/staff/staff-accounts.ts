import type { Selectable } from 'kysely';
import type { Database, Tables } from '../store/database.ts';
import { audit } from './audit-log.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import type { Scope, StaffRole } from './scope.ts';

/** Five wrong passwords in a row lock the account for 15 minutes (CONTRACT.md). */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

/** A staff account as the console uses it (never with its hash). */
export interface StaffAccount {
  username: string;
  role: StaffRole;
  village: string | null;
  agentId: string | null;
  displayName: string;
  active: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

/** What `npm run staff -- add` sets. */
export interface AccountInput {
  username: string;
  role: StaffRole;
  village?: string | undefined;
  agentId?: string | undefined;
  displayName?: string | undefined;
  password: string;
}

/** The answer to a login attempt. */
export type LoginResult =
  | { ok: true; account: StaffAccount }
  | { ok: false; reason: 'wrong' | 'locked' | 'disabled'; lockedUntil?: string };

function accountFromRow(row: Selectable<Tables['staff_accounts']>): StaffAccount {
  return {
    username: row.username,
    role: row.role as StaffRole,
    village: row.village,
    agentId: row.agent_id,
    displayName: row.display_name,
    active: row.active === 1,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
  };
}

/** What the audit log keeps of an account: everything but the hash. */
function snapshot(account: StaffAccount | undefined) {
  return account ? { role: account.role, village: account.village, agentId: account.agentId, displayName: account.displayName, active: account.active } : null;
}

/** The scope an account sees (src/staff/scope.ts). */
export function scopeOf(account: StaffAccount): Scope {
  return account.role === 'village' ? { role: 'village', village: account.village ?? '', agentId: account.agentId } : { role: account.role };
}

/** A username: letters, digits, dot, dash, underscore, 2 to 60 characters. */
export const USERNAME = /^[A-Za-z0-9._-]{2,60}$/;

/**
 * Staff accounts: created and changed by `npm run staff`, checked at login (argon2id), locked
 * after five wrong passwords. Every change is audited in the same transaction.
 */
export class StaffAccounts {
  constructor(private readonly db: Database) {}

  async get(username: string): Promise<StaffAccount | undefined> {
    const row = await this.db.selectFrom('staff_accounts').selectAll().where('username', '=', username).executeTakeFirst();
    return row ? accountFromRow(row) : undefined;
  }

  async list(): Promise<StaffAccount[]> {
    return (await this.db.selectFrom('staff_accounts').selectAll().orderBy('role').orderBy('username').execute()).map(accountFromRow);
  }

  /** Creates the account, or updates it (role, village, password; active again). */
  async add(input: AccountInput, actor: string, now: Date): Promise<{ account: StaffAccount; created: boolean }> {
    if (!USERNAME.test(input.username)) throw new Error('用户名只能用字母、数字、点、横线和下划线，2到60位');
    if (input.role === 'village' && !input.village) throw new Error('--village is required for the village role');
    const hash = await hashPassword(input.password);
    const at = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('staff_accounts').selectAll().where('username', '=', input.username).executeTakeFirst();
      const values = {
        role: input.role,
        village: input.role === 'village' ? input.village! : (input.village ?? null),
        agent_id: input.agentId ?? null,
        display_name: input.displayName ?? before?.display_name ?? input.username,
        password_hash: hash,
        active: 1,
        failed_count: 0,
        locked_until: null,
        updated_at: at,
      };
      if (before) await trx.updateTable('staff_accounts').set(values).where('username', '=', input.username).execute();
      else await trx.insertInto('staff_accounts').values({ username: input.username, created_at: at, ...values }).execute();
      // New rights or a new password: every session of the old ones ends.
      if (before) await trx.deleteFrom('staff_sessions').where('username', '=', input.username).execute();
      const row = (await trx.selectFrom('staff_accounts').selectAll().where('username', '=', input.username).executeTakeFirstOrThrow())!;
      const account = accountFromRow(row);
      await audit(trx, { actor, action: before ? 'account_update' : 'account_add', target: `staff:${input.username}`, before: snapshot(before && accountFromRow(before)), after: snapshot(account) }, now);
      return { account, created: !before };
    });
  }

  /** Disables the account; its sessions end at once. Returns false for an unknown username. */
  async disable(username: string, actor: string, now: Date): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('staff_accounts').selectAll().where('username', '=', username).executeTakeFirst();
      if (!before) return false;
      await trx.updateTable('staff_accounts').set({ active: 0, updated_at: now.toISOString() }).where('username', '=', username).execute();
      await trx.deleteFrom('staff_sessions').where('username', '=', username).execute();
      await audit(trx, { actor, action: 'account_disable', target: `staff:${username}`, before: { active: before.active === 1 }, after: { active: false } }, now);
      return true;
    });
  }

  /** Sets a new password, unlocks and re-enables the account, and ends its sessions. */
  async reset(username: string, password: string, actor: string, now: Date): Promise<boolean> {
    const hash = await hashPassword(password);
    return this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('staff_accounts').selectAll().where('username', '=', username).executeTakeFirst();
      if (!before) return false;
      await trx
        .updateTable('staff_accounts')
        .set({ password_hash: hash, failed_count: 0, locked_until: null, active: 1, updated_at: now.toISOString() })
        .where('username', '=', username)
        .execute();
      await trx.deleteFrom('staff_sessions').where('username', '=', username).execute();
      await audit(trx, { actor, action: 'account_reset', target: `staff:${username}`, before: { active: before.active === 1, locked: before.locked_until !== null }, after: { active: true, locked: false } }, now);
      return true;
    });
  }

  /**
   * Checks a password. An unknown username costs the same as a known one (a decoy hash) and
   * answers the same; a locked account answers `locked` whatever the password; the fifth wrong
   * password in a row locks it for 15 minutes. Every attempt is audited.
   */
  async login(username: string, password: string, ip: string, now: Date): Promise<LoginResult> {
    const row = await this.db.selectFrom('staff_accounts').selectAll().where('username', '=', username).executeTakeFirst();
    const target = `staff:${username.slice(0, 60)}`;
    if (!row) {
      await verifyPassword(password, await decoyHash());
      await audit(this.db, { actor: username.slice(0, 60) || '-', action: 'login_failed', target, after: { reason: 'unknown_user' }, ip }, now);
      return { ok: false, reason: 'wrong' };
    }
    if (row.locked_until && row.locked_until > now.toISOString()) {
      // The same cost as a check, so a lock cannot be told from a wrong password by the time taken.
      await verifyPassword(password, await decoyHash());
      await audit(this.db, { actor: username, action: 'login_failed', target, after: { reason: 'locked' }, ip }, now);
      return { ok: false, reason: 'locked', lockedUntil: row.locked_until };
    }
    const matches = await verifyPassword(password, row.password_hash);
    if (matches && row.active !== 1) {
      await audit(this.db, { actor: username, action: 'login_failed', target, after: { reason: 'disabled' }, ip }, now);
      return { ok: false, reason: 'disabled' };
    }
    if (!matches) {
      return this.db.transaction().execute(async (trx): Promise<LoginResult> => {
        const updated = await trx
          .updateTable('staff_accounts')
          .set((eb) => ({ failed_count: eb('failed_count', '+', 1) }))
          .where('username', '=', username)
          .returning('failed_count')
          .executeTakeFirstOrThrow();
        await audit(trx, { actor: username, action: 'login_failed', target, after: { reason: 'wrong_password', failed: updated.failed_count }, ip }, now);
        if (updated.failed_count < MAX_FAILED_LOGINS) return { ok: false, reason: 'wrong' };
        const lockedUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString();
        await trx.updateTable('staff_accounts').set({ failed_count: 0, locked_until: lockedUntil }).where('username', '=', username).execute();
        await audit(trx, { actor: username, action: 'lock', target, after: { lockedUntil }, ip }, now);
        return { ok: false, reason: 'locked', lockedUntil };
      });
    }
    await this.db.updateTable('staff_accounts').set({ failed_count: 0, locked_until: null }).where('username', '=', username).execute();
    await audit(this.db, { actor: username, action: 'login', target, ip }, now);
    return { ok: true, account: accountFromRow({ ...row, failed_count: 0, locked_until: null }) };
  }
}
