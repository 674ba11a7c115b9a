import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { startFakeHotline, type FakeHotline } from '../helpers/fake-hotline.ts';
import { enqueueMany, statuses, waitFor } from './outbox-test-db.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = path.join(ROOT, 'test/hotline/forwarder-process.ts');
const SECRET = 'crash-test-secret';

interface Forwarding {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

/** Starts the forwarder script in a child process and waits until it says it is ready. */
async function startForwarder(dataDir: string, url: string): Promise<Forwarding> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, HOTLINE_URL: url, HOTLINE_SECRET: SECRET, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  await waitFor(() => stdout.includes('ready') || gone, 'the forwarder process to start', 15_000);
  if (gone) throw new Error(`the forwarder process exited at start: ${stderr}`);
  return { child, exited, stderr: () => stderr };
}

describe('the hotline forwarder killed mid-flight', () => {
  let dataDir: string | undefined;
  let fake: FakeHotline | undefined;
  let db: Database | undefined;
  const children: ChildProcess[] = [];

  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await fake?.close();
    await db?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing: after SIGKILL and a restart every request is delivered, each recorded once under its own key', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cunban-hotline-crash-'));
    db = await openDatabase({ dataDir });
    const ids = await enqueueMany(db, 30);
    // A slow hotline (requests in flight when the kill comes) that also fails now and then.
    fake = await startFakeHotline({ secret: SECRET, seed: 7, delayMs: 250, failureRate: 0.15, modes: ['500', 'destroy'] });

    const first = await startForwarder(dataDir, fake.url);
    children.push(first.child);
    await waitFor(() => fake!.received.size >= 5 && fake!.inFlight >= 2, 'requests in flight', 15_000);
    const recordedBeforeKill = new Set(fake.received.keys());
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const afterKill = await statuses(db);
    const undelivered = ids.filter((id) => afterKill[id] !== 'delivered');
    expect(undelivered.length).toBeGreaterThan(0);
    // Some requests reached the hotline but their answers died with the process.
    expect([...recordedBeforeKill].some((id) => afterKill[id] === 'pending')).toBe(true);

    const second = await startForwarder(dataDir, fake.url);
    children.push(second.child);
    await waitFor(async () => Object.values(await statuses(db!)).every((status) => status === 'delivered'), 'every row delivered', 20_000);
    second.child.kill('SIGTERM');
    expect(await second.exited, second.stderr()).toEqual({ code: 0, signal: null });

    expect([...fake.received.keys()].sort()).toEqual(ids);
    for (const id of ids) expect(fake.hits(id), id).toBeGreaterThanOrEqual(1);
    // The requests cut off by the kill were sent again under the same key and deduplicated.
    expect(fake.duplicates).toBeGreaterThanOrEqual(1);
    const rows = await db.selectFrom('hotline_outbox').selectAll().execute();
    for (const row of rows) {
      expect(row.status).toBe('delivered');
      expect(fake.received.get(row.id)!.rawBody).toBe(row.body);
    }
  });
});
