import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.ts';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createServer } from '../../src/main.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'cunban-start-'));
const aFile = path.join(scratch, 'not-a-folder');
writeFileSync(aFile, 'x');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// What `npm start` runs: the server compiled once to dist/ (its prestart step).
beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr}${build.stdout}`);
}, 120_000);

/** `npm start`'s command in a child process: what it prints on standard error and its exit code. */
function startProcess(env: Record<string, string>, whileRunning?: () => Promise<void>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--enable-source-maps', 'dist/src/main.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr });
    });
    if (whileRunning) whileRunning().then(() => child.kill('SIGTERM'), (error: unknown) => {
      child.kill('SIGKILL');
      reject(error as Error);
    });
  });
}

/** Polls until the server answers, for at most 20 s. */
async function firstAnswer(url: string): Promise<Response> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('npm start runs the compiled server', () => {
  it('answers /healthz and the chat page, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    let health: unknown;
    let page = '';
    const { code } = await startProcess({ DATA_DIR: path.join(scratch, 'compiled'), PORT: String(port) }, async () => {
      health = await (await firstAnswer(`http://127.0.0.1:${port}/healthz`)).json();
      page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    });
    expect(health).toEqual({ status: 'ok' });
    expect(page).toContain('<html');
    expect(code).toBe(0);
  }, 60_000);
});

describe('start-up failures say what is wrong in one line', () => {
  it('names DATA_DIR and its path when it is a file, or lies under one', async () => {
    for (const dir of [aFile, path.join(aFile, 'data')]) {
      const config = parseConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
      const failure = createServer(config, createLogger('silent'), { reminders: false, forwarder: false });
      await expect(failure).rejects.toThrow(/^DATA_DIR: cannot (create|use) the folder ".*not-a-folder.*": /);
    }
  });

  it('names DATABASE_URL with host, port and database, never the password, when PostgreSQL cannot be reached', async () => {
    const config = parseConfig({ DATA_DIR: path.join(scratch, 'pg-data'), DATABASE_URL: 'postgres://cunban:s3cret-pw@127.0.0.1:1/cunban', LOG_LEVEL: 'silent' });
    const failure = await createServer(config, createLogger('silent'), { reminders: false, forwarder: false }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toBe('DATABASE_URL: cannot use the database 127.0.0.1:1/cunban: connection refused');
  });

  it('prints one line naming the path when npm start meets a bad DATA_DIR', async () => {
    const { code, stderr } = await startProcess({ DATA_DIR: path.join(aFile, 'data'), PORT: '0' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([`cunban: cannot start: DATA_DIR: cannot create the folder "${path.join(aFile, 'data')}": a part of the path is a file, not a folder`]);
  }, 30_000);

  it('prints one line, not a stack trace, when the port is in use', async () => {
    const taken: TcpServer = createTcpServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const { code, stderr } = await startProcess({ DATA_DIR: path.join(scratch, 'data'), PORT: String(port) });
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([`cunban: cannot start: PORT: 127.0.0.1:${port} is already in use (another cunban, or another program): stop it or set PORT to a free port`]);
    } finally {
      taken.close();
    }
  }, 30_000);
});
