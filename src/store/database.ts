import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { type Generated, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { AppError, ErrorCodes } from '../errors.ts';
import { reasonOf } from './data-dir.ts';
import { migrateToLatest } from './migrations.ts';

/** The tables, as Kysely sees them. Times are ISO-8601 text, portable between SQLite and PostgreSQL. */
export interface Tables {
  sessions: { key: string; data: string; updated_at: string };
  unanswered: {
    id: string;
    question: string;
    channel: string;
    chat_type: string;
    best_item: string | null;
    best_score: number | null;
    created_at: string;
  };
  notifications: {
    id: string;
    channel: string;
    chat: string;
    user_id: string;
    /** JSON of Reply[]. */
    replies: string;
    created_at: string;
    sent_at: string | null;
    attempts: number;
    last_error: string | null;
    /** After a failed delivery: not before this (exponential backoff). */
    next_attempt_at: string | null;
    /** How many of the replies already went out to a private chat: a retry goes on from there. */
    replies_sent: Generated<number>;
  };
  /** Village agents: seeded from knowledge/agents.yaml, then kept by staff (src/visits/roster.ts). */
  agents: {
    id: string;
    name: string;
    village: string;
    partner: string | null;
    /** JSON of string[]: department keywords. */
    departments: string;
    half_day_capacity: number;
    position: number;
    /** 1 or 0. */
    active: number;
    link_channel: string | null;
    link_chat: string | null;
    link_user: string | null;
    created_at: string;
    updated_at: string;
  };
  agent_leave: { agent_id: string; date: string; created_at: string };
  /** Places taken per agent and half-day; `booked` never exceeds the agent's capacity. */
  visit_slots: { agent_id: string; date: string; half: string; booked: number };
  /** Named sequences portable between SQLite and PostgreSQL (visit numbers). */
  counters: { name: string; value: number };
  visits: {
    id: string;
    status: string;
    item_id: string;
    item_name: string;
    resident_name: string;
    phone: string;
    village: string;
    address: string;
    /** JSON of EligibilityReason[]. */
    reasons: string;
    age: number | null;
    relation: string | null;
    date: string;
    half: string;
    agent_id: string;
    contact_channel: string;
    contact_chat: string;
    contact_user: string;
    created_at: string;
    updated_at: string;
    /** 1 done, 0 not done, null not recorded. */
    outcome_done: number | null;
    outcome_case_kind: string | null;
    outcome_note: string | null;
    outcome_at: string | null;
    rating_grade: string | null;
    rating_comment: string | null;
    rated_at: string | null;
    follow_up_by: string | null;
    /** When the day-before reminder is due; `reminded_at` once it was claimed and queued. */
    remind_at: string;
    reminded_at: string | null;
  };
  hotline_outbox: {
    /** The wire `id` and `Idempotency-Key`: the ticket id, or `<ticket>-u<n>` / `-r<n>` for updates. */
    id: string;
    ticket_id: string;
    /** The exact JSON text sent (and signed), so every retry sends the same bytes. */
    body: string;
    /** pending → delivered, or dead (a 4xx other than 408/429; staff may retry it). */
    status: string;
    attempts: number;
    next_attempt_at: string;
    last_error: string | null;
    last_status_code: number | null;
    ticket_no: string | null;
    created_at: string;
    delivered_at: string | null;
  };
  tickets: {
    id: string;
    status: string;
    hotline_status: string | null;
    ticket_no: string | null;
    type: string;
    category: string;
    subcategory: string;
    content: string;
    village: string;
    location: string;
    since_when: string | null;
    urgent: number;
    contact_name: string | null;
    contact_phone: string | null;
    /** JSON of TicketAttachment[]. */
    attachments: string;
    channel: string;
    chat: string;
    user_id: string;
    update_count: number;
    reopen_count: number;
    rating_grade: string | null;
    rating_comment: string | null;
    follow_up_by: string | null;
    created_at: string;
    updated_at: string;
  };
  ticket_reporters: { ticket_id: string; channel: string; chat: string; user_id: string; created_at: string };
  ticket_events: { key: string; ticket_id: string; status: string; message: string | null; received_at: string };
  /** Named staff accounts (src/staff/staff-accounts.ts); `npm run staff` keeps them. */
  staff_accounts: {
    username: string;
    /** village | town | county. */
    role: string;
    village: string | null;
    /** The roster agent this account is (a village agent sees her own residents' numbers in full). */
    agent_id: string | null;
    display_name: string;
    /** argon2id, PHC string. */
    password_hash: string;
    active: number;
    failed_count: number;
    locked_until: string | null;
    created_at: string;
    updated_at: string;
  };
  /**
   * Complaint photos on disk (DATA_DIR/attachments/<file>): whose, how large, and whether a filed
   * report holds them (`kept`); an unkept photo goes with its abandoned form after the session time-to-live.
   */
  /** A complaint photo: its file, who sent it (and from what address, for a browser), its size, and whether a filed report holds it. */
  photos: { id: string; owner: string; address: string | null; file: string; bytes: number; kept: number; created_at: string };
  /** Server-side staff sessions; `id` is the SHA-256 of the cookie's token, never the token. */
  staff_sessions: { id: string; username: string; csrf: string; created_at: string; last_seen_at: string; ip: string | null };
  /** Who did what to what, when, with the state before and after (JSON). */
  staff_audit: {
    id: string;
    seq: number;
    at: string;
    actor: string;
    action: string;
    target: string;
    before: string | null;
    after: string | null;
    ip: string | null;
  };
  /** Residents who asked for a person: waiting → claimed → closed (release puts it back to waiting). */
  handoffs: {
    id: string;
    status: string;
    channel: string;
    chat: string;
    user_id: string;
    village: string | null;
    last_text: string;
    claimed_by: string | null;
    claimed_at: string | null;
    first_reply_at: string | null;
    closed_at: string | null;
    closed_by: string | null;
    created_at: string;
    updated_at: string;
  };
  /** The conversation of a handoff: the resident's messages and the staff's replies, in order. */
  handoff_messages: { seq: number; handoff_id: string; author_kind: string; author: string; text: string; at: string };
  /** The 好差评 follow-up of a 不满意 rating: 回访 recorded, 整改 noted, whether the resident was told. */
  rating_follow_ups: { id: string; target: string; visit_note: string; fix_note: string; told_resident: number; actor: string; at: string };
}

/** A typed database handle. */
export type Database = Kysely<Tables>;

/** Where the database lives: the embedded SQLite file in `DATA_DIR`, or PostgreSQL. */
export interface DatabaseLocation {
  dataDir: string;
  databaseUrl?: string;
}

/** A PostgreSQL URL as it may be printed: host, port and database, never the user's password. */
function postgresPlace(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** The SQLite handle under a Kysely database opened here (none for PostgreSQL). */
const sqliteHandles = new WeakMap<Database, SQLite.Database>();

/**
 * Copies the SQLite write-ahead log into the database and empties it (`wal_checkpoint(TRUNCATE)`).
 * SQLite's own checkpoints are passive: with readers always busy the -wal file can grow without
 * end. Run hourly with the session purge and at shutdown; returns whether the log was emptied
 * (false when a reader held it: the next run tries again), undefined on PostgreSQL.
 */
export function checkpointWal(db: Database): boolean | undefined {
  const sqlite = sqliteHandles.get(db);
  if (!sqlite) return undefined;
  const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  return result?.busy === 0;
}

/** Whether the database is PostgreSQL (several instances may share it) rather than the embedded SQLite. */
export function isPostgres(db: Database): boolean {
  return !sqliteHandles.has(db);
}

/**
 * Opens the database and brings its schema up to date. SQLite (WAL mode) is the embedded
 * default; a `postgres://` URL switches to PostgreSQL with the same migrations and repositories.
 */
export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  let db: Database;
  // Where a failure is reported: the variable and the place, in one line (the password left out).
  let where: string;
  if (location.databaseUrl) {
    where = `DATABASE_URL: cannot use the database ${postgresPlace(location.databaseUrl)}`;
    // pg is loaded only for PostgreSQL: the embedded default never needs it.
    const { default: pg } = await import('pg');
    db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: location.databaseUrl, max: 10 }) }) });
  } else {
    const file = path.resolve(location.dataDir, 'cunban.sqlite');
    where = `DATA_DIR: cannot open the database "${file}"`;
    try {
      mkdirSync(location.dataDir, { recursive: true, mode: 0o700 });
      const sqlite = new SQLite(file);
      // Residents' names, phones and ID numbers: owner-only. SQLite gives the -wal and -shm files
      // the database file's mode when it makes them; ones left by an older run are set here too.
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) chmodSync(file + suffix, 0o600);
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('busy_timeout = 5000');
      // After a checkpoint the -wal file is cut back to at most 16 MB rather than kept at its largest.
      sqlite.pragma('journal_size_limit = 16777216');
      db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
      sqliteHandles.set(db, sqlite);
    } catch (error) {
      throw new AppError(ErrorCodes.CONFIG_INVALID, `${where}: ${reasonOf(error)}`);
    }
  }
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new AppError(ErrorCodes.CONFIG_INVALID, `${where}: ${reasonOf(error)}`);
  }
  return db;
}
