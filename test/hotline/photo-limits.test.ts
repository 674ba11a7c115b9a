import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../src/hotline/attachment-store.ts';
import { fixedClock, startTestServer, type TestServer, textOf, WEB_KEY_HEADER } from '../helpers/test-server.ts';

// Wednesday 2026-11-25, 10:00 in Shanghai.
const clock = fixedClock('2026-11-25T02:00:00Z');
const KiB = 1024;
let bot: TestServer;
beforeAll(async () => {
  // A small store so the limits are reached with small photos: 1 MB a resident a day, 2 MB in all.
  bot = await startTestServer({ UPLOAD_DAILY_MB_PER_RESIDENT: '1', UPLOAD_TOTAL_MB: '2' }, undefined, clock);
});
afterAll(async () => {
  await bot.close();
});

/** A JPEG's first bytes, then filler: the store reads what a file is from its bytes. */
const photo = (bytes: number) => ({ kind: 'image', mimeType: 'image/jpeg', data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(bytes - 4, 7)]).toString('base64') });
const send = async (userId: string, text: string, photos: object[] = []) => {
  const response = await bot.server.app.inject({ method: 'POST', url: '/api/v1/messages', headers: WEB_KEY_HEADER, payload: { userId, text, attachments: photos } });
  return { status: response.statusCode, text: response.statusCode === 200 ? textOf(response.json()) : response.body };
};
const stored = () => readdirSync(path.join(bot.dataDir, 'attachments'));

describe('complaint photos are bounded', () => {
  it('takes at most four photos a report: five in one message are refused at the door, a fifth later is not kept', async () => {
    expect((await send('p-many', '珍溪村桥头的垃圾堆满了', [1, 2, 3, 4, 5].map(() => photo(10 * KiB)))).status).toBe(400);
    const first = await send('p-many', '珍溪村桥头的垃圾堆满了', [1, 2, 3].map(() => photo(10 * KiB)));
    expect(first.text).toContain('收到3张照片');
    const second = await send('p-many', '', [photo(10 * KiB), photo(10 * KiB)]);
    expect(second.text).toContain('收到4张照片');
    expect(second.text).toContain('一次反映最多收4张照片');
  });

  it("keeps a resident's photos within her daily quota, then tells her the report goes on without them", async () => {
    await send('p-quota', '林宅村5组的路灯坏了一个月了');
    const first = await send('p-quota', '', [photo(400 * KiB), photo(400 * KiB)]);
    expect(first.text).toContain('收到2张照片');
    const third = await send('p-quota', '', [photo(400 * KiB)]);
    expect(third.text).toContain('今天收您的照片已经够多了');
    // A day later her quota is free again.
    clock.set('2026-11-26T02:30:00Z');
    const nextDay = await send('p-quota', '', [photo(100 * KiB)]);
    expect(nextDay.text).toContain('收到3张照片');
  });

  it('refuses photos once the store holds UPLOAD_TOTAL_MB, whoever sends them', async () => {
    // Each resident within her own quota; together past the store's 2 MB.
    const answers: string[] = [];
    for (const userId of ['p-full-1', 'p-full-2', 'p-full-3']) {
      await send(userId, '中湖村2组的水沟堵了');
      answers.push((await send(userId, '', [photo(300 * KiB), photo(300 * KiB)])).text);
    }
    expect(answers[0]).toContain('收到2张照片');
    expect(answers.at(-1)).toContain('照片暂时存不下了');
  });

  it('deletes the photos of a report never confirmed after the session time-to-live, and keeps a filed one\'s', async () => {
    clock.set('2026-11-27T02:00:00Z');
    const fresh = await startTestServer({}, undefined, clock);
    try {
      const talk = (userId: string, text: string, photos: object[] = []) =>
        fresh.server.app.inject({ method: 'POST', url: '/api/v1/messages', headers: WEB_KEY_HEADER, payload: { userId, text, attachments: photos } }).then((r) => textOf(r.json()));
      expect(await talk('p-abandoned', '方塘村水库边的护栏断了', [photo(20 * KiB)])).toContain('收到1张照片');
      expect(await talk('p-filed', '岭口村3组桥头的路灯坏了好几天了', [photo(20 * KiB)])).toContain('收到1张照片');
      for (const answer of ['上周', '匿名']) await talk('p-filed', answer);
      expect(await talk('p-filed', '确认')).toMatch(/T\d{6}/);
      const folder = path.join(fresh.dataDir, 'attachments');
      expect(readdirSync(folder)).toHaveLength(2);
      // The hour after the time-to-live (72 h) the purge runs.
      expect((await fresh.server.sessionPurge.tick(new Date('2026-11-30T03:00:00Z'))).photos).toBe(1);
      const left = readdirSync(folder);
      expect(left).toHaveLength(1);
      const ticket = await fresh.server.db.selectFrom('tickets').select('attachments').executeTakeFirstOrThrow();
      expect(left[0]).toContain((JSON.parse(ticket.attachments) as { id: string }[])[0]!.id);
      expect(existsSync(path.join(folder, left[0]!))).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it('streams an uploaded photo to disk, and takes it into the report of the resident who uploaded it only', async () => {
    const upload = (userId: string, bytes: Buffer, type = 'image/jpeg') =>
      bot.server.app.inject({ method: 'POST', url: `/api/v1/messages/photos?userId=${userId}`, headers: { ...WEB_KEY_HEADER, 'content-type': type }, payload: bytes });
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(50 * KiB, 7)]);
    const uploaded = await upload('p-upload', jpeg);
    expect(uploaded.statusCode).toBe(200);
    const { photo: kept } = uploaded.json() as { photo: { id: string; size: number; mimeType: string } };
    expect(kept).toMatchObject({ size: jpeg.byteLength, mimeType: 'image/jpeg' });
    expect((await upload('p-upload', Buffer.from('#!/bin/sh\nrm -rf /\n'.repeat(10)))).statusCode).toBe(415);
    // Whatever type the body claims, its bytes decide (a text file picked in a browser claims text/plain).
    expect((await upload('p-upload', Buffer.from('这不是照片'.repeat(20)), 'text/plain')).json().error.code).toBe('CUNBAN_NOT_AN_IMAGE');
    expect((await upload('p-upload', Buffer.concat([jpeg, Buffer.alloc(10 * 1024 * KiB)]))).statusCode).toBe(413);
    // Another resident naming her photo gets nothing.
    await send('p-thief', '孔畈村村口的垃圾桶坏了');
    expect((await send('p-thief', '', [{ kind: 'image', photo: kept.id }])).text).toContain('只能收照片');
    await send('p-upload', '孔畈村村口的垃圾桶坏了');
    expect((await send('p-upload', '', [{ kind: 'image', photo: kept.id }])).text).toContain('收到1张照片');
  });

  it('wrote to disk only the photos it kept', () => {
    // p-many 4, p-quota 2 + 1, p-full-1 2 and p-full-2 1 (its second would pass 2 MB), p-full-3 none,
    // and p-upload's one upload (its refused ones left nothing behind).
    expect(stored()).toHaveLength(11);
  });
});

describe('photos sent at once, from made-up residents, or left half written', () => {
  let shop: TestServer;
  beforeAll(async () => {
    shop = await startTestServer({ UPLOAD_DAILY_MB_PER_RESIDENT: '1', UPLOAD_DAILY_MB_PER_ADDRESS: '2', UPLOAD_TOTAL_MB: '50' }, undefined, clock);
  });
  afterAll(async () => {
    await shop.close();
  });
  const jpeg = (bytes: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(bytes - 4, 7)]);
  /** A browser at `address` holding the cookie the chat page gave it: it uploads photos and talks. */
  const browserAt = async (address: string) => {
    const page = await shop.server.app.inject({ method: 'GET', url: '/', remoteAddress: address });
    const cookies = { cunban_web: page.cookies.find((c) => c.name === 'cunban_web')!.value };
    return {
      upload: (bytes: Buffer) => shop.server.app.inject({ method: 'POST', url: '/api/v1/messages/photos', cookies, headers: { 'content-type': 'image/jpeg' }, payload: bytes, remoteAddress: address }),
      say: async (text: string, attachments: object[] = []) =>
        textOf((await shop.server.app.inject({ method: 'POST', url: '/api/v1/messages', cookies, payload: { text, attachments }, remoteAddress: address })).json()),
    };
  };

  it('keeps no more of one resident than her quota when eight uploads arrive at once', async () => {
    const upload = () => shop.server.app.inject({ method: 'POST', url: '/api/v1/messages/photos?userId=p-burst', headers: { ...WEB_KEY_HEADER, 'content-type': 'image/jpeg' }, payload: jpeg(300 * KiB) });
    const statuses = (await Promise.all(Array.from({ length: 8 }, upload))).map((r) => r.statusCode);
    // 1 MB a day holds three photos of 300 KiB.
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const rows = await shop.server.db.selectFrom('photos').select(['bytes']).where('owner', '=', 'web:p-burst').execute();
    expect(rows.map((r) => r.bytes)).toEqual([300 * KiB, 300 * KiB, 300 * KiB]);
  });

  it('takes no photo from a browser without its cookie, and bounds what one address sends however many cookies it gets', async () => {
    const cookieless = await shop.server.app.inject({ method: 'POST', url: '/api/v1/messages/photos', headers: { 'content-type': 'image/jpeg' }, payload: jpeg(KiB), remoteAddress: '10.9.0.1' });
    expect(cookieless.statusCode).toBe(401);
    const inline = await shop.server.app.inject({ method: 'POST', url: '/api/v1/messages', payload: { text: '路灯坏了', attachments: [photo(KiB)] }, remoteAddress: '10.9.0.1' });
    expect(inline.statusCode).toBe(401);
    // Each new cookie is a resident of her own (1 MB), but the address may send 2 MB in all.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await (await browserAt('10.9.0.1')).upload(jpeg(700 * KiB))).statusCode);
    expect(statuses).toEqual([200, 200, 429, 429]);
    // Another address is not held back by it.
    expect((await (await browserAt('10.9.0.2')).upload(jpeg(700 * KiB))).statusCode).toBe(200);
  });

  it('behind a trusted proxy counts each resident by her own address (X-Forwarded-For), an IPv6 one by its /64', async () => {
    const proxied = await startTestServer({ TRUST_PROXY: '1', UPLOAD_DAILY_MB_PER_RESIDENT: '1', UPLOAD_DAILY_MB_PER_ADDRESS: '1', UPLOAD_TOTAL_MB: '50' }, undefined, clock);
    try {
      const from = async (client: string) => {
        const headers = { 'x-forwarded-for': client };
        const page = await proxied.server.app.inject({ method: 'GET', url: '/', headers, remoteAddress: '10.0.0.1' });
        const cookies = { cunban_web: page.cookies.find((c) => c.name === 'cunban_web')!.value };
        return (await proxied.server.app.inject({ method: 'POST', url: '/api/v1/messages/photos', cookies, headers: { ...headers, 'content-type': 'image/jpeg' }, payload: jpeg(700 * KiB), remoteAddress: '10.0.0.1' })).statusCode;
      };
      // Two residents behind the same proxy: each has her own address's quota.
      expect([await from('120.1.1.1'), await from('120.1.1.2')]).toEqual([200, 200]);
      // Two addresses of one IPv6 /64 are one address.
      expect([await from('2408:8456:a0:1f2::1'), await from('2408:8456:a0:1f2::2')]).toEqual([200, 429]);
    } finally {
      await proxied.close();
    }
  });

  it('counts one uploaded photo named twice in a message as one', async () => {
    const browser = await browserAt('10.9.0.3');
    const { photo: kept } = (await browser.upload(jpeg(10 * KiB))).json() as { photo: { id: string } };
    await browser.say('珍溪村3组的路灯坏了');
    const answer = await browser.say('', [{ kind: 'image', photo: kept.id }, { kind: 'image', photo: kept.id }]);
    expect(answer).toContain('收到1张照片');
  });

  it('keeps the photos of a report still being written past the time-to-live, and sweeps a half-written upload', async () => {
    const browser = await browserAt('10.9.0.4');
    const { photo: kept } = (await browser.upload(jpeg(10 * KiB))).json() as { photo: { id: string } };
    await browser.say('上湖村桥头的护栏断了');
    expect(await browser.say('', [{ kind: 'image', photo: kept.id }])).toContain('收到1张照片');
    // What a crash in the middle of an upload leaves: the reserved row and its .part file.
    const folder = path.join(shop.dataDir, 'attachments');
    const crashed = '00000000-0000-4000-8000-000000000000';
    writeFileSync(path.join(folder, `${crashed}.part`), 'half');
    await shop.server.db.insertInto('photos').values({ id: crashed, owner: 'web:gone', address: null, file: `${crashed}.part`, bytes: MAX_ATTACHMENT_BYTES, kept: 0, created_at: clock.now().toISOString() }).execute();
    // Another browser only types a photo's id into the report she is writing: that holds nothing.
    const typist = await browserAt('10.9.0.5');
    const { photo: typed } = (await typist.upload(jpeg(10 * KiB))).json() as { photo: { id: string } };
    await typist.say(`玉峰村3组的路灯坏了，编号 ${typed.id}`);
    expect(await shop.server.db.selectFrom('sessions').select('key').where('data', 'like', `%${typed.id}%`).executeTakeFirst()).toBeDefined();
    // Four days on she is still writing (her session was used an hour ago): her photo stays.
    const later = new Date(clock.now().getTime() + 96 * 3_600_000);
    await shop.server.db.updateTable('sessions').set({ updated_at: new Date(later.getTime() - 3_600_000).toISOString() }).execute();
    expect((await shop.server.sessionPurge.tick(later)).photos).toBeGreaterThanOrEqual(2);
    const left = readdirSync(folder);
    expect(left.some((f) => f.startsWith(kept.id))).toBe(true);
    expect(left.some((f) => f.startsWith(typed.id))).toBe(false);
    expect(left.some((f) => f.startsWith(crashed))).toBe(false);
    expect(await shop.server.db.selectFrom('photos').select('id').where('id', '=', crashed).executeTakeFirst()).toBeUndefined();
  });
});
