import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createLogger, loggableUrl } from '../../src/logger.ts';
import { createServer, type Server } from '../../src/main.ts';
import { WEB_API_KEY, WEB_KEY_HEADER } from '../helpers/test-server.ts';

const lines: string[] = [];
const dataDir = mkdtempSync(path.join(tmpdir(), 'cunban-logs-'));
let server: Server;

beforeAll(async () => {
  const config = parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'info', WEB_API_KEY });
  server = await createServer(config, createLogger('info', { write: (line: string) => void lines.push(line) }), { reminders: false, forwarder: false });
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the log', () => {
  it('keeps the names of a query string, never its values, and masks personal numbers in the path', () => {
    expect(loggableUrl('/api/v1/knowledge/search?q=%E7%94%B5%E8%AF%9D13912345678&limit=3')).toBe('/api/v1/knowledge/search?q=[redacted]&limit=[redacted]');
    expect(loggableUrl('/api/v1/messages/inbox?userId=u&token=s3cr3t')).toBe('/api/v1/messages/inbox?userId=[redacted]&token=[redacted]');
    expect(loggableUrl('/x/13912345678/y')).toBe('/x/139****78/y');
    expect(loggableUrl('/healthz')).toBe('/healthz');
  });

  it('holds none of the numbers, tokens, keys or cookies of a whole conversation', async () => {
    const inject = server.app.inject.bind(server.app);
    await inject({ method: 'GET', url: `/api/v1/knowledge/search?q=${encodeURIComponent('我电话13912345678，低保怎么办')}&limit=3` });
    await inject({ method: 'GET', url: '/api/v1/messages/inbox?userId=13700001111&token=inbox-token-s3cr3t' });
    await inject({ method: 'GET', url: '/api/v1/messages/inbox?userId=log-resident', headers: WEB_KEY_HEADER });
    const say = (text: string) => inject({ method: 'POST', url: '/api/v1/messages', headers: WEB_KEY_HEADER, payload: { userId: 'log-resident', text } });
    await say('我叫周玉兰，电话13800005555，身份证330781194001011234，岭口村7组，想约明天下午代办员上门办高龄津贴，我90岁');
    await say('确认');
    const page = await inject({ method: 'POST', url: '/api/v1/messages', payload: { text: '我的预约' } });
    const cookie = page.cookies.find((c) => c.name === 'cunban_web')!.value;
    await inject({ method: 'GET', url: '/api/v1/messages/inbox', cookies: { cunban_web: cookie } });
    await inject({ method: 'GET', url: '/nope/13600002222?token=abc' });

    const log = lines.join('');
    expect(log).toContain('"route":"/api/v1/knowledge/search"');
    expect(log).toContain('"url":"/api/v1/knowledge/search?q=[redacted]&limit=[redacted]"');
    for (const secret of ['13912345678', '13700001111', 'inbox-token-s3cr3t', '13800005555', '330781194001011234', '13600002222', WEB_API_KEY, cookie, cookie.split('.')[0]!]) {
      expect(log, secret).not.toContain(secret);
    }
    expect(log).not.toContain(encodeURIComponent('电话'));
  });
});

describe('the one masker over every log field', () => {
  it('masks phone and ID numbers in the message, in any field, nested, and in an error, and drops the named ones', () => {
    const written: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void written.push(line) });
    logger.info({ note: '回电13912345678', nested: { list: ['身份证330727195001011234'] }, phone: '13800001111' }, '居民留了电话13712345678');
    logger.error({ err: new Error('cannot send to 13612345678') }, 'delivery failed');
    // An error logged alone: its message becomes the line's.
    logger.error(new Error('no answer from 13512345678'));
    const log = written.join('\n');
    for (const number of ['13912345678', '330727195001011234', '13800001111', '13712345678', '13612345678', '13512345678']) expect(log).not.toContain(number);
    expect(JSON.parse(written[2]!).msg).toBe('no answer from 135****78');
    expect(log).toContain('139****78');
    expect(log).toContain('delivery failed');
    expect(JSON.parse(written[1]!).err.message).toContain('136****78');
  });
});
