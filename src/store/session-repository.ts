import type { Database } from './database.ts';

/** Stores conversation state by session key, so a restart continues the conversation. */
export interface SessionRepository<T> {
  load(key: string): Promise<T | undefined>;
  /** `at`: when it changed, by the engine's clock (the hourly purge reads it). */
  save(key: string, data: T, at: Date): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Sessions in the database (SQLite or PostgreSQL), as JSON text. */
export class SqlSessionRepository<T> implements SessionRepository<T> {
  constructor(private readonly db: Database) {}

  async load(key: string): Promise<T | undefined> {
    const row = await this.db.selectFrom('sessions').select('data').where('key', '=', key).executeTakeFirst();
    return row ? (JSON.parse(row.data) as T) : undefined;
  }

  async save(key: string, data: T, at: Date): Promise<void> {
    const values = { key, data: JSON.stringify(data), updated_at: at.toISOString() };
    await this.db
      .insertInto('sessions')
      .values(values)
      .onConflict((c) => c.column('key').doUpdateSet({ data: values.data, updated_at: values.updated_at }))
      .execute();
  }

  async delete(key: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('key', '=', key).execute();
  }
}
