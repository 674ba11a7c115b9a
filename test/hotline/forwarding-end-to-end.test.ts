import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../src/hotline/signature.ts';
import { startFakeHotline, type FakeHotline } from '../helpers/fake-hotline.ts';
import { fixedClock, startTestServer, type TestServer, textOf } from '../helpers/test-server.ts';

const SECRET = 'e2e-hotline-secret';
const clock = fixedClock('2026-11-25T02:00:00Z');
let hotline: FakeHotline;
let bot: TestServer;

beforeAll(async () => {
  hotline = await startFakeHotline({ secret: SECRET, seed: 7, failureRate: 0.5, modes: ['500', '429', 'destroy', 'html-error', 'html-ok'], retryAfterSeconds: 1 });
  bot = await startTestServer({ HOTLINE_URL: hotline.url, HOTLINE_SECRET: SECRET, HOTLINE_TIMEOUT_MS: '2000' }, undefined, clock);
});
afterAll(async () => {
  await bot.close();
  await hotline.close();
});

/** Ticks the forwarder, moving the clock on so retries come due, until `done` or 200 rounds. */
async function forwardUntil(done: () => boolean): Promise<void> {
  for (let round = 0; round < 200 && !done(); round++) {
    await bot.server.forwarder!.tick(clock.now());
    clock.set(new Date(clock.now().getTime() + 30_000).toISOString());
  }
}

describe('forwarding to a flaky 12345 through the whole server', () => {
  it('delivers every confirmed ticket exactly once by key, tells the resident the hotline ticket number, and relays its events', async () => {
    const places = ['岭口村3组', '玉峰村2组', '林宅村5组', '中湖村1组', '方塘村4组', '孔畈村6组'];
    const ids: string[] = [];
    for (const [n, place] of places.entries()) {
      const userId = `e2e-${n}`;
      expect(textOf(await bot.say(`${place}的路灯坏了一个多月没人修，匿名`, { userId }))).toContain('请核对');
      const filed = textOf(await bot.say('确认', { userId }));
      expect(filed).toContain('正在转交12345热线');
      ids.push(/T\d{6}/.exec(filed)![0]);
    }
    await forwardUntil(() => ids.every((id) => hotline.received.has(id)));
    expect([...hotline.received.keys()].sort()).toEqual([...ids].sort());
    expect(hotline.concurrentDuplicates).toBe(0);
    expect(Object.values(hotline.injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const body = hotline.received.get(ids[0]!)!.body;
    expect(body).toMatchObject({ id: ids[0], category: '城乡建设', village: '岭口村', contact: null, channel: 'web' });
    // An HTML 200 still counts as delivered; every ticket is now forwarded.
    const complaints = (await bot.admin('GET', '/api/v1/admin/complaints')).body.complaints as { id: string; status: string }[];
    for (const id of ids) expect(complaints.find((c) => c.id === id)?.status).toBe('forwarded');
    expect((await bot.inbox('e2e-0')).map((m) => m.text).join('\n')).toContain(`编号${ids[0]}）已转交12345热线`);

    const raw = JSON.stringify({ id: ids[0], status: 'replied', message: '已安排电工本周维修' });
    const answer = await bot.server.app.inject({
      method: 'POST',
      url: '/api/v1/hotline/events',
      headers: { 'content-type': 'application/json', 'x-signature': signBody(raw, SECRET) },
      payload: raw,
    });
    expect(answer.statusCode).toBe(200);
    expect((await bot.inbox('e2e-0')).map((m) => m.text).join('\n')).toContain('已安排电工本周维修');
  });

  it('puts a request the hotline refuses into the dead-letter list, and delivers it once staff retry', async () => {
    hotline.configure({ failureRate: 0, rejectStatus: 422 });
    await bot.say('佳村村村口的垃圾桶满了好几天没人清，匿名', { userId: 'e2e-dead' });
    const id = /T\d{6}/.exec(textOf(await bot.say('确认', { userId: 'e2e-dead' })))![0];
    for (let i = 0; i < 3; i++) await bot.server.forwarder!.tick(clock.now());
    const dead = (await bot.admin('GET', '/api/v1/admin/hotline/dead-letters')).body.deadLetters as { id: string; lastStatusCode: number }[];
    expect(dead.find((d) => d.id === id)).toMatchObject({ lastStatusCode: 422 });
    hotline.configure({ rejectStatus: null });
    expect((await bot.admin('POST', `/api/v1/admin/hotline/dead-letters/${id}/retry`)).statusCode).toBe(200);
    await forwardUntil(() => hotline.received.has(id));
    expect(hotline.received.has(id)).toBe(true);
    expect((await bot.admin('GET', '/api/v1/admin/hotline/dead-letters')).body.deadLetters).toEqual([]);
  });
});
