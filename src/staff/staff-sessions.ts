import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../store/database.ts';
import type { StaffAccount } from './staff-accounts.ts';
import { StaffAccounts } from './staff-accounts.ts';

/** A signed-in member of staff, as a request sees her. */
export interface StaffSession {
  id: string;
  csrf: string;
  account: StaffAccount;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** A session ends after 12 hours whatever happens; idle sessions end sooner (STAFF_IDLE_MINUTES). */
const LONGEST_MS = 12 * 3_600_000;

/**
 * Server-side staff sessions in the database. The cookie carries a random token; the table keeps
 * only its SHA-256, the account and the session's CSRF token. Each request reloads the account,
 * so a disabled account is out at once; an idle session ends after `idleMinutes`.
 */
export class StaffSessions {
  private readonly accounts: StaffAccounts;

  constructor(
    private readonly db: Database,
    private readonly idleMinutes: number,
  ) {
    this.accounts = new StaffAccounts(db);
  }

  /** Starts a session: the token for the cookie. */
  async start(account: StaffAccount, ip: string, now: Date): Promise<{ token: string; csrf: string }> {
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const at = now.toISOString();
    await this.db.insertInto('staff_sessions').values({ id: digest(token), username: account.username, csrf, created_at: at, last_seen_at: at, ip }).execute();
    return { token, csrf };
  }

  /** The session of a cookie's token, touched; undefined when unknown, idle too long, or its account is disabled. */
  async resume(token: string | undefined, now: Date): Promise<StaffSession | undefined> {
    if (!token || token.length > 100) return undefined;
    const id = digest(token);
    const row = await this.db.selectFrom('staff_sessions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const account = await this.accounts.get(row.username);
    if (this.expired(row, now) || !account || !account.active) {
      await this.db.deleteFrom('staff_sessions').where('id', '=', id).execute();
      return undefined;
    }
    await this.db.updateTable('staff_sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
    return { id, csrf: row.csrf, account };
  }

  /** Whether `token` names a session `resume` would take: neither idle nor too old, of an active account (read only: nothing is renewed). */
  async isLive(token: string | undefined, now: Date): Promise<boolean> {
    if (!token || token.length > 100) return false;
    const row = await this.db.selectFrom('staff_sessions').select(['username', 'created_at', 'last_seen_at']).where('id', '=', digest(token)).executeTakeFirst();
    if (!row) return false;
    return !this.expired(row, now) && (await this.accounts.get(row.username))?.active === true;
  }

  /** Idle too long, or older than a session may grow. */
  private expired(row: { created_at: string; last_seen_at: string }, now: Date): boolean {
    return now.getTime() - Date.parse(row.last_seen_at) > this.idleMinutes * 60_000 || now.getTime() - Date.parse(row.created_at) > LONGEST_MS;
  }

  async end(id: string): Promise<void> {
    await this.db.deleteFrom('staff_sessions').where('id', '=', id).execute();
  }
}
