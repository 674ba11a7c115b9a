import Fastify, { type FastifyInstance } from 'fastify';
import { verifySignature } from '../../src/hotline/signature.ts';

/** The ways the fake can misbehave on a request it picked to fail. */
export type FailureMode =
  /** 500 with a JSON error; nothing recorded. */
  | '500'
  /** 429 with `Retry-After`; nothing recorded. */
  | '429'
  /** Records the request, then answers nothing until long after the client gave up (the answer is lost, not the request). */
  | 'hang'
  /** Destroys the socket before recording: a dropped connection. */
  | 'destroy'
  /** A proxy's 502 HTML error page; nothing recorded. */
  | 'html-error'
  /** Records the request and answers 200 with an HTML page instead of JSON (delivered, no ticket number). */
  | 'html-ok';

/** How the fake behaves; `configure` changes it on the fly. */
export interface FakeHotlineBehaviour {
  /** The share of requests (0..1) that fail in one of `modes`, drawn from the seeded RNG. */
  failureRate: number;
  modes: FailureMode[];
  /** How long a `hang` lasts (default 30 s; `close` ends it early). */
  hangMs: number;
  /** The `Retry-After` of a `429`, in seconds. */
  retryAfterSeconds: number;
  /** A pause after recording and before answering (a slow hotline, so sends are in flight). */
  delayMs: number;
  /** Answer every request with this status (e.g. 422) and record nothing; null to stop. */
  rejectStatus: number | null;
  /** Answer every request with 503: the hotline is down. */
  down: boolean;
}

/** What a recorded request looked like. */
export interface RecordedRequest {
  key: string;
  rawBody: string;
  body: Record<string, unknown>;
  ticketNo: string;
}

/**
 * A fake 12345 hotline for tests, per CONTRACT.md: checks `X-Signature` over the raw body (401
 * otherwise), records each `Idempotency-Key` once (a repeat is answered with the same ticket
 * number and counted as a duplicate), and fails on request — at random from a seeded RNG, so a
 * failing run can be replayed — with 500s, 429s, hangs, dropped connections and HTML.
 */
export interface FakeHotline {
  url: string;
  /** Recorded requests by key, in the order first recorded. */
  received: Map<string, RecordedRequest>;
  /** Every request that reached the handler, good or bad. */
  readonly requests: number;
  /** Requests for a key already recorded. */
  readonly duplicates: number;
  /** Requests that arrived while another with the same key was still being handled: a double send. */
  readonly concurrentDuplicates: number;
  /** Requests rejected with 401. */
  readonly unauthorized: number;
  /** Requests being handled now. */
  readonly inFlight: number;
  /** Failures injected, by mode (and 'down', 'reject'). */
  injected: Record<string, number>;
  /** How many requests carried this key (recorded or not). */
  hits(key: string): number;
  configure(change: Partial<FakeHotlineBehaviour>): void;
  close(): Promise<void>;
}

/** A seeded PRNG (mulberry32): the same seed fails the same requests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Starts a fake hotline on 127.0.0.1 and a free port. */
export async function startFakeHotline(options: { secret: string; seed?: number } & Partial<FakeHotlineBehaviour>): Promise<FakeHotline> {
  const { secret, seed = 12345, ...initial } = options;
  const behaviour: FakeHotlineBehaviour = {
    failureRate: 0,
    modes: ['500', '429', 'hang', 'destroy', 'html-error'],
    hangMs: 30_000,
    retryAfterSeconds: 0,
    delayMs: 0,
    rejectStatus: null,
    down: false,
    ...initial,
  };
  const random = seededRandom(seed);
  const received = new Map<string, RecordedRequest>();
  const hitsByKey = new Map<string, number>();
  const active = new Map<string, number>();
  const waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  const counts = { requests: 0, duplicates: 0, concurrentDuplicates: 0, unauthorized: 0, inFlight: 0 };
  const injected: Record<string, number> = {};
  let closing = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (closing || ms <= 0) return resolve();
      const wait = { timer: setTimeout(() => { waits.delete(wait); resolve(); }, ms), resolve };
      waits.add(wait);
    });
  const inject = (mode: string) => (injected[mode] = (injected[mode] ?? 0) + 1);
  const record = (key: string, rawBody: string, body: Record<string, unknown>): RecordedRequest => {
    const earlier = received.get(key);
    if (earlier) {
      counts.duplicates += 1;
      return earlier;
    }
    const entry = { key, rawBody, body, ticketNo: `12345-${String(received.size + 1).padStart(6, '0')}` };
    received.set(key, entry);
    return entry;
  };

  const app: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 }, (_request, body, done) => done(null, body));
  app.post('/', async (request, reply) => {
    counts.requests += 1;
    const raw = typeof request.body === 'string' ? request.body : '';
    if (!verifySignature(raw, request.headers['x-signature'], secret)) {
      counts.unauthorized += 1;
      return reply.code(401).send({ error: 'bad signature' });
    }
    const key = request.headers['idempotency-key'];
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return reply.code(400).send({ error: 'not JSON' });
    }
    if (typeof key !== 'string' || key !== body.id) return reply.code(400).send({ error: 'Idempotency-Key must equal id' });
    hitsByKey.set(key, (hitsByKey.get(key) ?? 0) + 1);
    if ((active.get(key) ?? 0) > 0) counts.concurrentDuplicates += 1;
    active.set(key, (active.get(key) ?? 0) + 1);
    counts.inFlight += 1;
    try {
      if (behaviour.down) {
        inject('down');
        return await reply.code(503).send({ error: 'down' });
      }
      if (behaviour.rejectStatus !== null) {
        inject('reject');
        return await reply.code(behaviour.rejectStatus).send({ error: 'category unknown' });
      }
      const mode = behaviour.failureRate > 0 && random() < behaviour.failureRate
        ? behaviour.modes[Math.floor(random() * behaviour.modes.length)]
        : undefined;
      if (mode) inject(mode);
      switch (mode) {
        case '500':
          return await reply.code(500).send({ error: 'internal' });
        case '429':
          return await reply.code(429).header('retry-after', String(behaviour.retryAfterSeconds)).send({ error: 'slow down' });
        case 'html-error':
          return await reply.code(502).type('text/html').send('<html><body><h1>502 Bad Gateway</h1></body></html>');
        case 'destroy':
          reply.hijack();
          request.raw.socket.destroy();
          return reply;
        case 'hang': {
          record(key, raw, body);
          // Hangs until hangMs or until the client gives up and closes the connection.
          const socket = request.raw.socket;
          if (!socket.destroyed) await Promise.race([sleep(behaviour.hangMs), new Promise((resolve) => socket.once('close', resolve))]);
          if (socket.destroyed) {
            reply.hijack();
            return reply;
          }
          return await reply.code(200).send({ ticketNo: received.get(key)!.ticketNo });
        }
        default: {
          const entry = record(key, raw, body);
          await sleep(behaviour.delayMs);
          if (mode === 'html-ok') return await reply.code(200).type('text/html').send('<html><body>已受理</body></html>');
          return await reply.code(200).send({ ticketNo: entry.ticketNo });
        }
      }
    } finally {
      counts.inFlight -= 1;
      active.set(key, active.get(key)! - 1);
    }
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}/`,
    received,
    get requests() { return counts.requests; },
    get duplicates() { return counts.duplicates; },
    get concurrentDuplicates() { return counts.concurrentDuplicates; },
    get unauthorized() { return counts.unauthorized; },
    get inFlight() { return counts.inFlight; },
    injected,
    hits: (key) => hitsByKey.get(key) ?? 0,
    configure(change) {
      Object.assign(behaviour, change);
    },
    async close() {
      closing = true;
      for (const wait of waits) {
        clearTimeout(wait.timer);
        wait.resolve();
      }
      waits.clear();
      await app.close();
    },
  };
}
