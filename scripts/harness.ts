import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createServer, type Server } from '../src/main.ts';

/** The WEB_API_KEY of the scripts' servers: they talk as a trusted gateway that names each resident. */
export const HARNESS_WEB_API_KEY = 'harness-web-api-key-0123456789';

/** The headers of a key holder's `POST /api/v1/messages`. */
export const WEB_KEY_HEADER = { authorization: `Bearer ${HARNESS_WEB_API_KEY}` };

/**
 * A whole server on a throw-away SQLite database, for the eval and bench scripts: the same
 * wiring as `npm start`, nothing listening; no flood or per-address limit, since one script
 * plays thousands of residents from one address.
 */
export async function withServer<T>(run: (server: Server) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cunban-'));
  const config = parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', FLOOD_LIMIT_PER_MINUTE: '1000', ADDRESS_LIMIT_PER_MINUTE: '0', WEB_API_KEY: HARNESS_WEB_API_KEY, ...env });
  const server = await createServer(config, createLogger('silent'));
  try {
    return await run(server);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
