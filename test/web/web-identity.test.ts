import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueNotification } from '../../src/notify/notification-outbox.ts';
import { fixedClock, startTestServer, type TestServer, textOf, type WebAnswer, WEB_API_KEY, WEB_KEY_HEADER } from '../helpers/test-server.ts';

// Wednesday 2026-11-25, 10:00 in Shanghai.
const clock = fixedClock('2026-11-25T02:00:00Z');
let bot: TestServer;
beforeAll(async () => {
  bot = await startTestServer({}, undefined, clock);
});
afterAll(async () => {
  await bot.close();
});

/** A browser: no key, and whatever cookie the server gave it (kept between its requests, as a browser does). */
function browser() {
  let cookie: string | undefined;
  const keep = (response: { cookies: { name: string; value: string }[] }) => {
    const issued = response.cookies.find((c) => c.name === 'cunban_web');
    if (issued) cookie = issued.value;
  };
  return {
    get cookie() {
      return cookie;
    },
    async post(payload: object) {
      const response = await bot.server.app.inject({ method: 'POST', url: '/api/v1/messages', payload, ...(cookie ? { cookies: { cunban_web: cookie } } : {}) });
      keep(response);
      return response;
    },
    async say(text: string, extra: object = {}): Promise<WebAnswer> {
      const response = await this.post({ text, ...extra });
      expect(response.statusCode).toBe(200);
      return response.json() as WebAnswer;
    },
    async inbox() {
      const response = await bot.server.app.inject({ method: 'GET', url: '/api/v1/messages/inbox', ...(cookie ? { cookies: { cunban_web: cookie } } : {}) });
      keep(response);
      return response;
    },
    async page() {
      const response = await bot.server.app.inject({ method: 'GET', url: '/', ...(cookie ? { cookies: { cunban_web: cookie } } : {}) });
      keep(response);
      return response;
    },
  };
}

/** The resident a cookie names (the part before the signature). */
const userOf = (cookie: string) => decodeURIComponent(cookie).replace(/\.[^.]*$/, '');

describe('who is talking on the web channel', () => {
  it('gives a browser naming another resident its own identity: it can neither list nor cancel her visits', async () => {
    const owner = { userId: 'w-owner' };
    await bot.say('我叫周玉兰，电话13800005555，岭口村7组，想约明天下午代办员上门办高龄津贴，我90岁', owner);
    const id = /V\d{6}/.exec(textOf(await bot.say('确认', owner)))![0];

    const intruder = browser();
    const listed = textOf(await intruder.say('我的预约', { userId: 'w-owner', chatId: 'w-owner', chatType: 'private' }));
    expect(listed).not.toContain(id);
    expect(listed).not.toContain('周玉兰');
    expect(userOf(intruder.cookie!)).toMatch(/^web-[0-9a-f-]{36}$/);
    const cancel = textOf(await intruder.say('取消预约', { userId: 'w-owner' }));
    expect(cancel).not.toContain(id);
    expect(textOf(await intruder.say('1', { userId: 'w-owner' }))).not.toContain('已取消');

    expect(textOf(await bot.say('我的预约', owner))).toContain('已预约');
    const visits = (await bot.admin('GET', '/api/v1/admin/visits')).body.visits as { id: string; status: string }[];
    expect(visits.find((v) => v.id === id)!.status).toBe('booked');
  });

  it('keeps a browser one resident from message to message by its signed, HTTP-only cookie', async () => {
    const page = browser();
    const first = await page.post({ text: '高龄津贴怎么领' });
    const cookie = first.cookies.find((c) => c.name === 'cunban_web')!;
    expect(cookie).toMatchObject({ httpOnly: true, path: '/', sameSite: 'Lax' });
    expect(cookie.value).toContain('.');
    expect((await page.say('要带什么')).itemId).toBe('gaoling-jintie');

    // A cookie whose signature does not match is no one: it gets a fresh identity, not the one it names.
    const forged = await bot.server.app.inject({ method: 'POST', url: '/api/v1/messages', payload: { text: '要带什么' }, cookies: { cunban_web: `${userOf(page.cookie!)}.forged` } });
    expect(forged.statusCode).toBe(200);
    expect(forged.json().itemId).not.toBe('gaoling-jintie');
    expect(userOf(forged.cookies.find((c) => c.name === 'cunban_web')!.value)).not.toBe(userOf(page.cookie!));
  });

  it('lets a key holder name the resident, and refuses a wrong key with a clear 401', async () => {
    const keyed = await bot.server.app.inject({ method: 'POST', url: '/api/v1/messages', headers: WEB_KEY_HEADER, payload: { userId: 'w-keyed', text: '高龄津贴怎么领' } });
    expect(keyed.statusCode).toBe(200);
    expect(keyed.cookies).toEqual([]);
    expect((await bot.say('要带什么', { userId: 'w-keyed' })).itemId).toBe('gaoling-jintie');

    for (const authorization of [`Bearer ${WEB_API_KEY}x`, 'Bearer', 'bearer nope']) {
      const wrong = await bot.server.app.inject({ method: 'POST', url: '/api/v1/messages', headers: { authorization }, payload: { userId: 'w-keyed', text: '你好' } });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error).toMatchObject({ code: 'CUNBAN_UNAUTHORIZED' });
      expect(wrong.json().error.message).toContain('WEB_API_KEY');
    }
    // Refused before the body is read.
    const malformed = await bot.server.app.inject({ method: 'POST', url: '/api/v1/messages', headers: { authorization: 'Bearer nope', 'content-type': 'application/json' }, payload: '{"text":' });
    expect(malformed.statusCode).toBe(401);
    // The key holder must say whom it speaks for.
    const nobody = await bot.server.app.inject({ method: 'POST', url: '/api/v1/messages', headers: WEB_KEY_HEADER, payload: { text: '你好' } });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().error.message).toContain('userId');
  });

  it('answers the inbox only to the cookie owner or a key holder', async () => {
    const mine = browser();
    const other = browser();
    await mine.say('你好');
    await other.say('你好');
    const user = userOf(mine.cookie!);
    await enqueueNotification(bot.server.db, { channel: 'web', chat: user, user }, [{ text: '明天上午代办员上门，请在家等候' }], clock.now());

    const anonymous = await bot.server.app.inject({ method: 'GET', url: `/api/v1/messages/inbox?userId=${encodeURIComponent(user)}` });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('CUNBAN_UNAUTHORIZED');
    // Another browser naming her gets its own (empty) inbox.
    const spied = await bot.server.app.inject({ method: 'GET', url: `/api/v1/messages/inbox?userId=${encodeURIComponent(user)}`, cookies: { cunban_web: other.cookie! } });
    expect(spied.json()).toEqual({ messages: [] });
    expect((await bot.server.app.inject({ method: 'GET', url: '/api/v1/messages/inbox', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);

    const read = await mine.inbox();
    expect(read.statusCode).toBe(200);
    expect(read.json().messages.map((m: { text: string }) => m.text)).toEqual(['明天上午代办员上门，请在家等候']);

    await enqueueNotification(bot.server.db, { channel: 'web', chat: user, user }, [{ text: '预约已改到下周一' }], clock.now());
    const byKey = await bot.server.app.inject({ method: 'GET', url: `/api/v1/messages/inbox?userId=${encodeURIComponent(user)}`, headers: WEB_KEY_HEADER });
    expect(byKey.json().messages.map((m: { text: string }) => m.text)).toEqual(['预约已改到下周一']);
    const withoutUser = await bot.server.app.inject({ method: 'GET', url: '/api/v1/messages/inbox', headers: WEB_KEY_HEADER });
    expect(withoutUser.statusCode).toBe(400);
  });

  it('serves a chat page that gets its cookie, sends nothing on load and keeps its history', async () => {
    const page = browser();
    const response = await page.page();
    expect(response.statusCode).toBe(200);
    expect(page.cookie).toBeDefined();
    expect(response.body).not.toMatch(/send\('你好'\)/);
    expect(response.body).not.toContain('userId');
    expect(response.body).toContain("localStorage.setItem(HISTORY");
    // Loading the page started no conversation; its cookie reads the inbox at once.
    expect((await bot.server.db.selectFrom('sessions').select('key').where('key', 'like', `%${userOf(page.cookie!)}%`).execute()).length).toBe(0);
    expect((await page.inbox()).statusCode).toBe(200);
    // A reload keeps the identity.
    const before = userOf(page.cookie!);
    await page.page();
    expect(userOf(page.cookie!)).toBe(before);
  });

  it('refuses a bearer key where the server has none', async () => {
    const keyless = await startTestServer({ WEB_API_KEY: '' });
    try {
      const response = await keyless.server.app.inject({ method: 'POST', url: '/api/v1/messages', headers: WEB_KEY_HEADER, payload: { userId: 'x', text: '你好' } });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.message).toContain('no WEB_API_KEY');
      const browserCall = await keyless.server.app.inject({ method: 'POST', url: '/api/v1/messages', payload: { userId: 'x', text: '你好' } });
      expect(browserCall.statusCode).toBe(200);
    } finally {
      await keyless.close();
    }
  });
});
