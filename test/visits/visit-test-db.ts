import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadKnowledge, type KnowledgeBase } from '../../src/knowledge/loader.ts';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { staticCatalog, type VisitCatalog } from '../../src/visits/visit-catalog.ts';
import { loadVisitRules, type VisitRules } from '../../src/visits/visit-rules.ts';

/** The project's knowledge folder. */
export const KNOWLEDGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../knowledge');

/** The real knowledge base and visit rules, loaded once per test file. */
export async function loadFixtures(): Promise<{ base: KnowledgeBase; catalog: VisitCatalog; rules: VisitRules }> {
  const base = await loadKnowledge(KNOWLEDGE_DIR);
  return { base, catalog: staticCatalog(base.items, base.villages), rules: await loadVisitRules(KNOWLEDGE_DIR) };
}

/** Shanghai wall-clock time as an instant: `at('2026-10-12 09:00')`. */
export function at(wallClock: string): Date {
  return new Date(`${wallClock.replace(' ', 'T')}:00+08:00`);
}

/** A database the tests may fill: opened, reopened (as after a restart) and thrown away. */
export interface TestDatabase {
  db: Database;
  /** Closes the handle and opens the same database again. */
  reopen(): Promise<Database>;
  /**
   * A second handle on the same database, as another process would have: a new pool on
   * PostgreSQL. On SQLite the same handle, since better-sqlite3 is synchronous and two handles in
   * one process would block each other's locks (several processes on one SQLite file are not a
   * deployment the project supports).
   */
  another(): Promise<Database>;
  cleanup(): Promise<void>;
}

/** A target database kind. */
export interface DatabaseTarget {
  name: string;
  open(): Promise<TestDatabase>;
}

let counter = 0;

/**
 * SQLite always; PostgreSQL when TEST_POSTGRES_URL is set. Every `open` is a fresh database (a new
 * temporary folder, or a new PostgreSQL schema dropped at cleanup), so tests never collide.
 */
export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [
    {
      name: 'SQLite',
      async open() {
        const dir = mkdtempSync(path.join(tmpdir(), 'cunban-visits-'));
        const handles: Database[] = [];
        const open = async (): Promise<Database> => {
          const db = await openDatabase({ dataDir: dir });
          handles.push(db);
          return db;
        };
        const db = await open();
        const test: TestDatabase = {
          db,
          async reopen() {
            await test.db.destroy();
            test.db = await open();
            return test.db;
          },
          another: async () => test.db,
          async cleanup() {
            for (const handle of handles) await handle.destroy().catch(() => undefined);
            rmSync(dir, { recursive: true, force: true });
          },
        };
        return test;
      },
    },
  ];
  const postgresUrl = process.env.TEST_POSTGRES_URL;
  if (postgresUrl) {
    targets.push({
      name: 'PostgreSQL',
      async open() {
        const schema = `cunban_visits_${process.pid}_${Date.now()}_${counter++}`;
        const admin = new pg.Client({ connectionString: postgresUrl });
        await admin.connect();
        await admin.query(`create schema "${schema}"`);
        const url = new URL(postgresUrl);
        url.searchParams.set('options', `-c search_path=${schema}`);
        const handles: Database[] = [];
        const open = async (): Promise<Database> => {
          const db = await openDatabase({ dataDir: '', databaseUrl: url.toString() });
          handles.push(db);
          return db;
        };
        const db = await open();
        const test: TestDatabase = {
          db,
          async reopen() {
            await test.db.destroy();
            test.db = await open();
            return test.db;
          },
          another: open,
          async cleanup() {
            for (const handle of handles) await handle.destroy().catch(() => undefined);
            await admin.query(`drop schema "${schema}" cascade`);
            await admin.end();
          },
        };
        return test;
      },
    });
  }
  return targets;
}
