import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createServer, type Server } from '../../src/main.ts';

/** The JSON the web channel answers with. */
export interface WebAnswer {
  replies: { text: string; buttons?: { label: string; value: string }[] }[];
  intent: string | null;
  itemId: string | null;
}

/** All the reply texts of one answer, one per line: what the resident reads. */
export function textOf(answer: WebAnswer): string {
  return answer.replies.map((r) => r.text).join('\n');
}

/** A whole server on a temporary SQLite database, and a resident who talks to it over the web channel. */
export interface TestServer {
  server: Server;
  dataDir: string;
  say(text: string, options?: { userId?: string; chatId?: string; chatType?: 'private' | 'group'; mentioned?: boolean }): Promise<WebAnswer>;
  /** One resident says each message in turn (private chat); returns the text of each answer. */
  talk(userId: string, ...messages: string[]): Promise<string[]>;
  /** What the bot sent this web user on its own (reminders, a conversation moved out of a group). */
  inbox(userId: string): Promise<{ chatId: string; text: string; buttons?: { label: string; value: string }[] }[]>;
  /** An admin API call with the test token. */
  admin(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<{ statusCode: number; body: any }>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** The WEB_API_KEY of test servers: the harness talks as a trusted gateway that names each resident. */
export const WEB_API_KEY = 'test-web-api-key-0123456789';

/** The header a key holder of the web channel sends. */
export const WEB_KEY_HEADER = { authorization: `Bearer ${WEB_API_KEY}` };

/** A settable clock for tests: every rule that depends on the time reads this. */
export interface TestClock {
  now(): Date;
  set(iso: string): void;
}

/** A clock fixed at `iso` until set again. */
export function fixedClock(iso: string): TestClock {
  let current = new Date(iso);
  return { now: () => new Date(current), set: (next) => (current = new Date(next)) };
}

/**
 * Starts a server like `npm start` does, with a fresh data folder (or the given one) and,
 * when given, a fixed clock.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  dataDir = mkdtempSync(path.join(tmpdir(), 'cunban-test-')),
  clock?: TestClock,
): Promise<TestServer> {
  const config = parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ADMIN_TOKEN, WEB_API_KEY, ...env });
  const open = () => createServer(config, createLogger('silent'), clock ? { now: clock.now } : {});
  const harness: TestServer = {
    server: await open(),
    dataDir,
    async say(text, options = {}) {
      const response = await harness.server.app.inject({
        method: 'POST',
        url: '/api/v1/messages',
        headers: WEB_KEY_HEADER,
        payload: { userId: options.userId ?? 'resident-1', text, ...options },
      });
      if (response.statusCode !== 200) throw new Error(`web channel answered ${response.statusCode}: ${response.body}`);
      return response.json() as WebAnswer;
    },
    async talk(userId, ...messages) {
      const answers: string[] = [];
      for (const message of messages) answers.push(textOf(await harness.say(message, { userId })));
      return answers;
    },
    async inbox(userId) {
      const response = await harness.server.app.inject({
        method: 'GET',
        url: `/api/v1/messages/inbox?userId=${encodeURIComponent(userId)}`,
        headers: WEB_KEY_HEADER,
      });
      if (response.statusCode !== 200) throw new Error(`inbox answered ${response.statusCode}: ${response.body}`);
      return (response.json() as { messages: { chatId: string; text: string }[] }).messages;
    },
    async admin(method, url, payload) {
      const response = await harness.server.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      return { statusCode: response.statusCode, body: response.body ? response.json() : undefined };
    },
    async restart() {
      await harness.server.close();
      harness.server = await open();
    },
    async close() {
      await harness.server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
