import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
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
}

/** A typed database handle. */
export type Database = Kysely<Tables>;

/** Where the database lives: the embedded SQLite file in `DATA_DIR`, or PostgreSQL. */
export interface DatabaseLocation {
  dataDir: string;
  databaseUrl?: string;
}

/**
 * Opens the database and brings its schema up to date. SQLite (WAL mode) is the embedded
 * default; a `postgres://` URL switches to PostgreSQL with the same migrations and repositories.
 */
export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  let db: Database;
  if (location.databaseUrl) {
    db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: location.databaseUrl, max: 10 }) }) });
  } else {
    mkdirSync(location.dataDir, { recursive: true });
    const sqlite = new SQLite(path.join(location.dataDir, 'cunban.sqlite'));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}
