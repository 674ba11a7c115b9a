import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { enqueueHotlineRequest, type HotlineRequest } from '../../src/hotline/hotline-outbox.ts';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { postgresSchema } from '../helpers/postgres-schema.ts';

/** A fresh database for one test, with a second handle as another process would have. */
export interface OutboxTestDatabase {
  db: Database;
  /** Another connection to the same database (its own SQLite connection, or its own pool). */
  another(): Promise<Database>;
  cleanup(): Promise<void>;
}

/** A database kind the forwarder tests run on. */
export interface OutboxTarget {
  name: string;
  open(): Promise<OutboxTestDatabase>;
}


/**
 * SQLite always; PostgreSQL too when TEST_POSTGRES_URL is set (a schema of its own per database,
 * dropped at cleanup). The forwarder runs single statements only, so two SQLite connections in
 * one process do not block each other and the second handle is a real second connection.
 */
export function outboxTargets(): OutboxTarget[] {
  const open = async (location: { dataDir: string; databaseUrl?: string }, drop: () => Promise<void>): Promise<OutboxTestDatabase> => {
    const handles: Database[] = [];
    const connect = async () => {
      const db = await openDatabase(location);
      handles.push(db);
      return db;
    };
    const db = await connect();
    return {
      db,
      another: connect,
      async cleanup() {
        for (const handle of handles) await handle.destroy().catch(() => undefined);
        await drop();
      },
    };
  };
  const targets: OutboxTarget[] = [
    {
      name: 'SQLite',
      open() {
        const dir = mkdtempSync(path.join(tmpdir(), 'cunban-hotline-'));
        return open({ dataDir: dir }, async () => rmSync(dir, { recursive: true, force: true }));
      },
    },
  ];
  const postgresUrl = process.env.TEST_POSTGRES_URL;
  if (postgresUrl) {
    targets.push({
      name: 'PostgreSQL',
      async open() {
        const schema = await postgresSchema(postgresUrl, 'cunban_hotline');
        return open({ dataDir: '', databaseUrl: schema.url }, () => schema.drop());
      },
    });
  }
  return targets;
}

/** A plausible request for ticket `id`. */
export function sampleRequest(id: string, createdAt = new Date()): HotlineRequest {
  return {
    id,
    category: '城乡建设',
    content: `我们组的路灯坏了一个多月没人修（${id}）`,
    village: '岭口村',
    location: '岭口村三组村口',
    contact: { name: '王阿姨', phone: '13800000000' },
    channel: 'web',
    createdAt: createdAt.toISOString(),
    attachments: [],
    type: '求助',
  };
}

/** Enqueues `count` requests T0001…, each a millisecond after the last so their order is fixed. */
export async function enqueueMany(db: Database, count: number, start = new Date(Date.now() - 60_000)): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    const id = `T${String(i).padStart(4, '0')}`;
    const at = new Date(start.getTime() + i);
    await enqueueHotlineRequest(db, id, sampleRequest(id, at), at);
    ids.push(id);
  }
  return ids;
}

/** Waits until `condition` holds, polling; throws with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every row's status, by id. */
export async function statuses(db: Database): Promise<Record<string, string>> {
  const rows = await db.selectFrom('hotline_outbox').select(['id', 'status']).orderBy('id').execute();
  return Object.fromEntries(rows.map((row) => [row.id, row.status]));
}
