import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, WEB_KEY_HEADER, type TestServer } from '../helpers/test-server.ts';

let bot: TestServer;
beforeAll(async () => {
  bot = await startTestServer();
});
afterAll(async () => {
  await bot.close();
});

describe('the HTTP API', () => {
  it('gives a web user its inbox only with its own cookie or the key, and hands out no inbox token', async () => {
    const answer = await bot.server.app.inject({ method: 'POST', url: '/api/v1/messages', payload: { text: '你好' } });
    expect(answer.json()).not.toHaveProperty('inboxToken');
    const cookie = answer.cookies.find((c) => c.name === 'cunban_web')!;
    const read = (query: string, headers: Record<string, string> = {}) => bot.server.app.inject({ method: 'GET', url: `/api/v1/messages/inbox?${query}`, headers });
    expect((await read('userId=inbox-owner')).statusCode).toBe(401);
    expect((await read('userId=inbox-owner&token=forged')).statusCode).toBe(401);
    expect((await read('', { cookie: `cunban_web=${encodeURIComponent('web-forged.sig')}` })).statusCode).toBe(401);
    expect((await read('', { cookie: `cunban_web=${cookie.value}` })).json()).toEqual({ messages: [] });
    expect((await read('userId=inbox-owner', WEB_KEY_HEADER)).json()).toEqual({ messages: [] });
  });

  it('reports health', async () => {
    const response = await bot.server.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('searches the knowledge base, best first, with official names', async () => {
    const response = await bot.server.app.inject({ method: 'GET', url: '/api/v1/knowledge/search?q=' + encodeURIComponent('吃低保') + '&limit=3' });
    const { hits } = response.json() as { hits: { id: string; name: string; department: string; score: number }[] };
    expect(hits[0]).toMatchObject({ id: 'dibao', name: '最低生活保障申请' });
    expect(hits.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });

  it('rejects a search without a query', async () => {
    const response = await bot.server.app.inject({ method: 'GET', url: '/api/v1/knowledge/search' });
    expect(response.statusCode).toBe(400);
  });

  it('parses intents and entities', async () => {
    const parse = async (text: string) =>
      (await bot.server.app.inject({ method: 'POST', url: '/api/v1/nlu/parse', payload: { text } })).json() as {
        intent: { name: string; confidence: number };
        entities: { type: string; value: string; text: string }[];
      };
    expect((await parse('低保怎么申请')).intent.name).toBe('guide');
    expect((await parse('低保评得不公平，村干部优亲厚友')).intent.name).toBe('complaint');
    expect((await parse('着火了')).intent.name).toBe('emergency');
    const parsed = await parse('我是岭口村的，电话13800001234，想明天上午办高龄津贴');
    const types = parsed.entities.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['phone', 'village', 'date', 'item']));
    expect(parsed.entities.find((e) => e.type === 'item')!.value).toBe('gaoling-jintie');
    expect(parsed.intent.confidence).toBeGreaterThan(0);
    expect(parsed.intent.confidence).toBeLessThanOrEqual(1);
  });

  it('closes the admin API without the bearer token', async () => {
    expect((await bot.server.app.inject({ method: 'GET', url: '/api/v1/admin/unanswered' })).statusCode).toBe(401);
    const wrong = await bot.server.app.inject({ method: 'GET', url: '/api/v1/admin/unanswered', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('reloads the knowledge base without a restart and keeps conversations', async () => {
    await bot.say('高龄津贴怎么领', { userId: 'a1' });
    const reload = await bot.server.app.inject({
      method: 'POST',
      url: '/api/v1/admin/knowledge/reload',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(reload.statusCode).toBe(200);
    expect(reload.json().items).toBeGreaterThanOrEqual(59);
    expect((await bot.say('要带什么', { userId: 'a1' })).itemId).toBe('gaoling-jintie');
  });

  it('serves the chat page', async () => {
    const response = await bot.server.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('/api/v1/messages');
  });

  it('answers unknown paths with 404 JSON', async () => {
    const response = await bot.server.app.inject({ method: 'GET', url: '/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('CUNBAN_NOT_FOUND');
  });
});
