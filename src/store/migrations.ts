import { Migrator, type Kysely, type Migration } from 'kysely';

/** The schema's history, oldest first. Never edit a migration that has shipped; add one. */
const migrations: Record<string, Migration> = {
  '0001-sessions-and-unanswered': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sessions')
        .ifNotExists()
        .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('unanswered')
        .ifNotExists()
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('channel', 'varchar(20)', (c) => c.notNull())
        .addColumn('chat_type', 'varchar(10)', (c) => c.notNull())
        .addColumn('best_item', 'varchar(100)')
        .addColumn('best_score', 'real')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('unanswered_created_at').ifNotExists().on('unanswered').column('created_at').execute();
    },
  },
};

/** Applies every migration not yet applied; throws the first failure. */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
