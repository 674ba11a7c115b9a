import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeHotline, type FakeHotline } from '../helpers/fake-hotline.ts';
import { freePort } from '../helpers/free-port.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 'server-crash-secret';
const ADMIN = 'crash-test-admin-token-0123';
const WEB_KEY = 'crash-test-web-api-key-0123';
const dataDir = mkdtempSync(path.join(tmpdir(), 'cunban-crash-'));
const children: ChildProcess[] = [];
let hotline: FakeHotline | undefined;

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await hotline?.close();
  rmSync(dataDir, { recursive: true, force: true });
});


async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `npm start`'s entry point in a child process, as in production. */
async function startBot(port: number, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      HOTLINE_URL: url,
      HOTLINE_SECRET: SECRET,
      HOTLINE_TIMEOUT_MS: '1000',
      ADMIN_TOKEN: ADMIN,
      WEB_API_KEY: WEB_KEY,
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  await until(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok === true, 'the bot to start', 20_000);
  return child;
}

async function say(port: number, userId: string, text: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${WEB_KEY}` },
    body: JSON.stringify({ userId, text }),
  });
  const body = (await response.json()) as { replies: { text: string }[] };
  return body.replies.map((r) => r.text).join('\n');
}

describe('a bot process killed in the middle of forwarding', () => {
  it('loses no acknowledged ticket and forwards none under a new key after a restart', async () => {
    hotline = await startFakeHotline({ secret: SECRET, seed: 3, delayMs: 400 });
    const port = await freePort();
    const first = await startBot(port, hotline.url);
    const ids: string[] = [];
    // Different villages: similar reports of one village would rightly be joined into one ticket.
    const villages = ['岭口村', '玉峰村', '林宅村', '中湖村', '方塘村', '孔畈村', '月坑村', '珍溪村'];
    for (const [n, village] of villages.entries()) {
      await say(port, `crash-${n}`, `${village}${n + 1}组的水管爆了好几天没人修，匿名`);
      const filed = await say(port, `crash-${n}`, '确认');
      ids.push(/T\d{6}/.exec(filed)![0]);
    }
    await until(() => hotline!.inFlight > 0, 'a request in flight');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    expect(hotline.received.size).toBeLessThan(ids.length);

    await startBot(port, hotline.url);
    await until(() => ids.every((id) => hotline!.received.has(id)), 'every ticket at the hotline');
    expect([...hotline.received.keys()].sort()).toEqual([...ids].sort());
    expect(hotline.concurrentDuplicates).toBe(0);
    await until(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/admin/complaints`, { headers: { authorization: `Bearer ${ADMIN}` } });
      const { complaints } = (await response.json()) as { complaints: { id: string; status: string }[] };
      return ids.every((id) => complaints.find((c) => c.id === id)?.status === 'forwarded');
    }, 'every ticket marked forwarded');
  }, 60_000);
});
