import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, WEB_KEY_HEADER } from '../helpers/test-server.ts';

const parent = mkdtempSync(path.join(tmpdir(), 'cunban-modes-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

const mode = (file: string) => statSync(file).mode & 0o777;

describe('what the server keeps on disk is owner-only', () => {
  it('creates DATA_DIR 0700, and the database, its write-ahead log, the cookie key and photos 0600', async () => {
    const dataDir = path.join(parent, 'data');
    const bot = await startTestServer({}, dataDir);
    try {
      const photo = { kind: 'image', mimeType: 'image/jpeg', data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2044, 7)]).toString('base64') };
      const answer = await bot.server.app.inject({ method: 'POST', url: '/api/v1/messages', headers: WEB_KEY_HEADER, payload: { userId: 'modes', text: '林宅村5组桥头的护栏断了，很危险', attachments: [photo] } });
      expect(answer.statusCode).toBe(200);
      expect(mode(dataDir)).toBe(0o700);
      for (const name of ['cunban.sqlite', 'cunban.sqlite-wal', 'cunban.sqlite-shm', 'web-cookie.key']) expect(mode(path.join(dataDir, name)), name).toBe(0o600);
      const photos = path.join(dataDir, 'attachments');
      expect(mode(photos)).toBe(0o700);
      const kept = readdirSync(photos);
      expect(kept.length).toBe(1);
      expect(mode(path.join(photos, kept[0]!))).toBe(0o600);
    } finally {
      await bot.server.close();
    }
  });
});
