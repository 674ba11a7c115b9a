import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';

/** A migrated SQLite database in a temporary folder (`.dir`) for the tests of one file; removed after them. */
export function useTempDatabase(): (() => Database) & { dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'cunban-db-'));
  let db: Database | undefined;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: dir });
  });
  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  return Object.assign(() => db!, { dir });
}
