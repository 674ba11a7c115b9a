import { createServer, type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HotlineForwarder, type DeadEntry, type DeliveredEntry, type HotlineForwarderOptions } from '../../src/hotline/forwarder.ts';
import { verifySignature } from '../../src/hotline/signature.ts';
import type { Database } from '../../src/store/database.ts';
import { startFakeHotline, type FakeHotline } from '../helpers/fake-hotline.ts';
import { enqueueMany, outboxTargets, statuses, waitFor, type OutboxTestDatabase } from './outbox-test-db.ts';

const SECRET = 'test-hotline-secret';
/** The fake's failure seed; set HOTLINE_TEST_SEED to replay or explore other failure sequences. */
const SEED = Number(process.env.HOTLINE_TEST_SEED ?? 20260501);

/** Fast settings: short time-outs and backoffs so that the whole file takes seconds. */
function fastOptions(db: Database, url: string, extra: Partial<HotlineForwarderOptions> = {}): HotlineForwarderOptions {
  return {
    db,
    url,
    secret: SECRET,
    timeoutMs: 150,
    leaseMs: 2_000,
    maxPerSecond: 1000,
    maxConcurrent: 8,
    backoff: { baseMs: 5, maxMs: 40 },
    breaker: { failureThreshold: 5, coolDownMs: 30 },
    ...extra,
  };
}

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Counts the callbacks per id. */
function callbacks() {
  const delivered = new Map<string, DeliveredEntry[]>();
  const dead: DeadEntry[] = [];
  return {
    delivered,
    dead,
    onDelivered: async (entry: DeliveredEntry) => {
      delivered.set(entry.id, [...(delivered.get(entry.id) ?? []), entry]);
    },
    onDead: async (entry: DeadEntry) => {
      dead.push(entry);
    },
  };
}

describe.each(outboxTargets())('the hotline forwarder on $name', (target) => {
  let test: OutboxTestDatabase;
  let fake: FakeHotline;
  const forwarders: HotlineForwarder[] = [];
  const forwarder = (options: HotlineForwarderOptions) => {
    const created = new HotlineForwarder(options);
    forwarders.push(created);
    return created;
  };

  beforeEach(async () => {
    test = await target.open();
    fake = await startFakeHotline({ secret: SECRET, seed: SEED });
  });
  afterEach(async () => {
    for (const created of forwarders.splice(0)) await created.stop();
    await fake.close();
    await test.cleanup();
  });

  it('delivers 40 requests through random failures, each recorded exactly once by key, none dead', async () => {
    fake.configure({ failureRate: 0.5, modes: ['500', '429', 'hang', 'destroy', 'html-error', 'html-ok'] });
    const ids = await enqueueMany(test.db, 40);
    const seen = callbacks();
    const hotline = forwarder(fastOptions(test.db, fake.url, seen));
    hotline.start(10);
    await waitFor(async () => (await hotline.pendingCount()) === 0, 'every request delivered', 15_000);
    await hotline.stop();

    expect([...fake.received.keys()].sort()).toEqual(ids);
    expect(fake.concurrentDuplicates).toBe(0);
    expect(Object.values(await statuses(test.db))).toEqual(ids.map(() => 'delivered'));
    expect(await hotline.deadLetters()).toEqual([]);
    for (const id of ids) expect(seen.delivered.get(id)).toHaveLength(1);
    // Failures really happened, of several kinds (which ones depends on the seed).
    expect(fake.requests).toBeGreaterThan(40);
    expect(Object.values(fake.injected).reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(10);
    expect(Object.keys(fake.injected).length).toBeGreaterThanOrEqual(4);
    // The exact stored bytes were sent; the ticket number is the fake's, or none after an HTML answer.
    const rows = await test.db.selectFrom('hotline_outbox').selectAll().execute();
    for (const row of rows) {
      const recorded = fake.received.get(row.id)!;
      expect(recorded.rawBody).toBe(row.body);
      expect([recorded.ticketNo, null]).toContain(row.ticket_no);
      expect(seen.delivered.get(row.id)![0]!.ticketNo).toBe(row.ticket_no);
    }
  });

  it('turns a 422 into a dead letter, and delivers it when staff retry after the cause is fixed', async () => {
    fake.configure({ rejectStatus: 422 });
    const [id] = await enqueueMany(test.db, 1);
    const seen = callbacks();
    const hotline = forwarder(fastOptions(test.db, fake.url, seen));

    expect(await hotline.tick()).toMatchObject({ dead: 1, delivered: 0 });
    expect(seen.dead).toEqual([{ id, ticketId: id, statusCode: 422, error: expect.stringContaining('category unknown') }]);
    const dead = await hotline.deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ id, status: 'dead', lastStatusCode: 422, attempts: 1, request: { id, village: '岭口村' } });
    expect(await hotline.pendingCount()).toBe(0);
    await hotline.tick(new Date(Date.now() + 3_600_000));
    expect(fake.requests).toBe(1);

    fake.configure({ rejectStatus: null });
    expect(await hotline.retryDead(id!)).toBe(true);
    expect(await hotline.retryDead(id!)).toBe(false);
    expect(await hotline.retryDead('no-such-id')).toBe(false);
    expect(await hotline.pendingCount()).toBe(1);
    expect(await hotline.tick()).toMatchObject({ delivered: 1 });
    expect(seen.delivered.get(id!)).toEqual([{ id, ticketId: id, ticketNo: fake.received.get(id!)!.ticketNo }]);
    expect(await hotline.deadLetters()).toEqual([]);
    expect(seen.dead).toHaveLength(1);
  });

  it('stops sending while the hotline is down, keeps the rows pending, and recovers', async () => {
    fake.configure({ down: true });
    const ids = await enqueueMany(test.db, 10);
    const hotline = forwarder(
      fastOptions(test.db, fake.url, {
        maxConcurrent: 1,
        backoff: { baseMs: 1, maxMs: 2 },
        breaker: { failureThreshold: 3, coolDownMs: 200 },
      }),
    );
    hotline.start(5);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Without the breaker a 2 ms backoff would have sent hundreds; with it: 3, then a trial per cool-down.
    expect(fake.requests).toBeGreaterThanOrEqual(3);
    expect(fake.requests).toBeLessThanOrEqual(3 + Math.ceil(1_000 / 200) + 1);
    expect(await hotline.pendingCount()).toBe(10);
    expect(hotline.breaker.state).not.toBe('closed');

    fake.configure({ down: false });
    await waitFor(async () => (await hotline.pendingCount()) === 0, 'recovery', 5_000);
    expect(hotline.breaker.state).toBe('closed');
    expect([...fake.received.keys()].sort()).toEqual(ids);
    expect(fake.duplicates).toBe(0);
  });

  it('survives HTML error pages, hangs, dropped and refused connections, and takes an HTML 200 as delivered', async () => {
    const [id] = await enqueueMany(test.db, 1);
    const hotline = forwarder(fastOptions(test.db, fake.url, { timeoutMs: 100, backoff: { baseMs: 0, maxMs: 0 }, breaker: { failureThreshold: 100 } }));
    const row = () => test.db.selectFrom('hotline_outbox').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();

    fake.configure({ failureRate: 1, modes: ['html-error'] });
    expect(await hotline.tick()).toMatchObject({ retried: 1 });
    expect(await row()).toMatchObject({ status: 'pending', last_status_code: 502, last_error: expect.stringContaining('<h1>502 Bad Gateway</h1>') });

    fake.configure({ modes: ['hang'] });
    const started = Date.now();
    expect(await hotline.tick()).toMatchObject({ retried: 1 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await row()).toMatchObject({ status: 'pending', last_status_code: null, last_error: 'timed out (TimeoutError)' });

    fake.configure({ modes: ['destroy'] });
    expect(await hotline.tick()).toMatchObject({ retried: 1 });
    expect((await row()).last_error).toMatch(/fetch failed|socket|closed/i);

    const refused = forwarder(fastOptions(test.db, `http://127.0.0.1:${await closedPort()}/`, { backoff: { baseMs: 0, maxMs: 0 } }));
    expect(await refused.tick()).toMatchObject({ retried: 1 });
    expect((await row()).last_error).toContain('ECONNREFUSED');

    fake.configure({ modes: ['html-ok'] });
    expect(await hotline.tick()).toMatchObject({ delivered: 1 });
    expect(await row()).toMatchObject({ status: 'delivered', ticket_no: null, last_status_code: 200, attempts: 5 });
  });

  it('never sends one row twice when two forwarders tick on the same database at once', async () => {
    fake.configure({ delayMs: 15 });
    const ids = await enqueueMany(test.db, 60);
    const seen = callbacks();
    const other = await test.another();
    const a = forwarder(fastOptions(test.db, fake.url, { ...seen, batch: 60 }));
    const b = forwarder(fastOptions(other, fake.url, { ...seen, batch: 60 }));
    let skipped = 0;
    for (let round = 0; round < 50 && (await a.pendingCount()) > 0; round += 1) {
      const now = new Date();
      const results = await Promise.all([a.tick(now), b.tick(now), a.tick(now), b.tick(now)]);
      skipped += results.reduce((sum, result) => sum + result.skipped, 0);
    }
    expect(await a.pendingCount()).toBe(0);
    expect(skipped).toBeGreaterThan(0);
    for (const id of ids) {
      expect(fake.hits(id), id).toBe(1);
      expect(seen.delivered.get(id), id).toHaveLength(1);
    }
    expect(fake.duplicates).toBe(0);
    expect(fake.concurrentDuplicates).toBe(0);
  });

  it('runs a failed onDelivered again later without sending the request again', async () => {
    const [id] = await enqueueMany(test.db, 1);
    let calls = 0;
    const hotline = forwarder(
      fastOptions(test.db, fake.url, {
        backoff: { baseMs: 0, maxMs: 0 },
        onDelivered: async () => {
          calls += 1;
          if (calls === 1) throw new Error('tickets table locked');
        },
      }),
    );
    expect(await hotline.tick()).toMatchObject({ retried: 1 });
    expect(await test.db.selectFrom('hotline_outbox').selectAll().executeTakeFirstOrThrow()).toMatchObject({
      status: 'pending',
      last_status_code: 200,
      ticket_no: fake.received.get(id!)!.ticketNo,
      last_error: expect.stringContaining('onDelivered failed'),
    });
    expect(await hotline.tick()).toMatchObject({ delivered: 1 });
    expect(calls).toBe(2);
    expect(fake.hits(id!)).toBe(1);
  });

  it('sends the stored bytes with the contract headers, and honours Retry-After on a 429', async () => {
    const [id] = await enqueueMany(test.db, 1);
    const now = new Date('2030-01-01T00:00:00.000Z');
    const sent: { url: string; init: RequestInit }[] = [];
    const hotline = forwarder(
      fastOptions(test.db, 'https://12345.example/api/requests', {
        clock: () => now,
        random: () => 0.5,
        fetch: async (url, init) => {
          sent.push({ url: String(url), init: init! });
          return new Response('{"error":"busy"}', { status: 429, headers: { 'retry-after': '120' } });
        },
      }),
    );
    expect(await hotline.tick(now)).toMatchObject({ retried: 1 });
    const stored = await test.db.selectFrom('hotline_outbox').selectAll().executeTakeFirstOrThrow();
    expect(sent).toHaveLength(1);
    const headers = new Headers(sent[0]!.init.headers);
    expect(sent[0]!.url).toBe('https://12345.example/api/requests');
    expect(sent[0]!.init.method).toBe('POST');
    expect(sent[0]!.init.body).toBe(stored.body);
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('idempotency-key')).toBe(id);
    expect(verifySignature(stored.body, headers.get('x-signature'), SECRET)).toBe(true);
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 429, next_attempt_at: '2030-01-01T00:02:00.000Z' });
    // Not due before the Retry-After has passed.
    expect(await hotline.tick(new Date('2030-01-01T00:01:59.000Z'))).toMatchObject({ retried: 0, held: 0 });
    expect(sent).toHaveLength(1);
  });

  it('lets stop wait for the requests in flight, leaving no row claimed', async () => {
    fake.configure({ delayMs: 300 });
    await enqueueMany(test.db, 12);
    const hotline = forwarder(fastOptions(test.db, fake.url, { maxConcurrent: 3, timeoutMs: 2_000 }));
    hotline.start(10);
    await waitFor(() => fake.inFlight > 0, 'a request in flight');
    await hotline.stop();
    expect(fake.inFlight).toBe(0);
    const after = new Date().toISOString();
    const rows = await test.db.selectFrom('hotline_outbox').selectAll().execute();
    expect(rows.filter((row) => row.status === 'delivered').length).toBeGreaterThanOrEqual(1);
    for (const row of rows) if (row.status === 'pending') expect(row.next_attempt_at <= after, row.id).toBe(true);
    expect(rows.filter((row) => row.status === 'delivered').length).toBe(fake.received.size);
  });
});
