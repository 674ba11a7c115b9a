/**
 * npm run hostile [-- --requests N]
 *
 * Tries the compiled server (`npm start`, in a child process on a throw-away DATA_DIR) as a
 * hostile user would, and prints what it saw:
 *  1. upload flood (first, from the server at rest): 16 residents at once each uploading a
 *     report's largest photos (4 × 10 MB, streamed), then 16 messages at once each carrying a
 *     10 MB photo as base64, then one resident sending more than her daily quota; the server's peak memory (the process's high-water
 *     mark, over 400 MiB for the streamed uploads is a failure) and what was kept on disk;
 *  2. fuzz: N (default 6,000) malformed or hostile requests over every public route — broken and
 *     huge JSON, wrong types, odd methods and headers, forged cookies and keys, control characters;
 *     counts the answers by status ("no answer": the client was still sending a body the server had
 *     already refused as too large); 5xx and a dead server are failures;
 *  3. identity spoof: a browser naming another resident's userId, reading her inbox, forging her
 *     cookie — none may see or change her booking;
 *  4. new-identity flood: messages without a cookie as fast as one address can, against the
 *     per-address limit — how many were answered, how many sessions were kept;
 *  5. slow connections: 200 clients that send their headers a byte at a time — how long until
 *     the server closed them, and whether it answered others meanwhile.
 * Exits 1 when a failure was seen. The server runs with the defaults of `npm start`, the key set;
 * HOSTILE_LOG_LEVEL=info shows its log.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { freePort } from '../test/helpers/free-port.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const requestsArgument = process.argv.indexOf('--requests');
const FUZZ_REQUESTS = requestsArgument > 0 ? Number(process.argv[requestsArgument + 1]) : 6_000;
const KEY = 'hostile-run-web-api-key-0123456789';
const failures: string[] = [];

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const dataDir = mkdtempSync(path.join(tmpdir(), 'cunban-hostile-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['dist/src/main.js'], {
  cwd: ROOT,
  env: {
    PATH: process.env.PATH,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.HOSTILE_LOG_LEVEL ?? 'warn',
    WEB_API_KEY: KEY,
  },
  stdio: ['ignore', process.env.HOSTILE_LOG_LEVEL ? 'inherit' : 'ignore', 'pipe'],
});
let serverErrors = '';
server.stderr!.on('data', (chunk: Buffer) => (serverErrors += chunk.toString()));

function alive(): boolean {
  return server.exitCode === null && server.signalCode === null;
}

/** The server's resident memory now and its high-water mark, in MiB (Linux /proc). */
function memory(): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/** Sets the process's high-water mark back to its current size, so the next peak is the next step's. */
function resetPeak(): void {
  try {
    spawnSync('sh', ['-c', `echo 5 > /proc/${server.pid}/clear_refs`]);
  } catch {
    // not permitted here: the peak then covers the whole run
  }
}

async function waitHealthy(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the server exited: ${serverErrors}`);
    try {
      if ((await fetch(`${base}/healthz`)).status === 200) return;
    } catch {
      // not yet listening
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no /healthz within 60 s');
}

interface Answer {
  status: number;
  body: string;
  cookie?: string;
}

/**
 * Each part of the run comes from its own loopback address (127.0.0.2, .3, …), as separate
 * attackers would: the per-address limit one part ran into does not decide the next.
 */
let sourceAddress = '127.0.0.2';

function send(method: string, route: string, options: { body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const body = options.body !== undefined && method !== 'GET' && method !== 'HEAD' ? options.body : undefined;
    const request = httpRequest(
      { host: '127.0.0.1', port, method, path: route, localAddress: sourceAddress, agent: false, headers: { ...options.headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const cookie = response.headers['set-cookie']?.[0]?.split(';')[0];
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ...(cookie ? { cookie } : {}) });
        });
        response.on('error', (error) => resolve({ status: 0, body: String(error) }));
      },
    );
    request.on('error', (error) => resolve({ status: 0, body: String(error) }));
    request.end(body);
  });
}

const json = (value: unknown) => ({ body: JSON.stringify(value), headers: { 'content-type': 'application/json' } });
const asKey = (value: unknown) => ({ body: JSON.stringify(value), headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` } });

// ---------------------------------------------------------------- 1. fuzz
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}
const random = seeded(20261202);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
const ROUTES = ['/api/v1/messages', '/api/v1/messages/inbox', '/api/v1/messages/photos', '/api/v1/messages/photos?userId=x', '/api/v1/knowledge/search?q=', '/api/v1/hotline/classify', '/api/v1/hotline/events', '/api/v1/visits', '/api/v1/admin/tickets', '/staff/login', '/staff/visits', '/', '/healthz', '/readyz', '/telegram/webhook', '/api/v1/messages/../../etc/passwd', '/%00', '/api/v1/knowledge/items/%E4%BD%A0'];
const STRINGS = ['', '低保怎么申请', 'a'.repeat(100_001), '\u0000\u0001\u0002', '\ud800', '<script>alert(1)</script>', "'; DROP TABLE sessions; --", '13812345678', '330727195001011234', '{{7*7}}', '${process.env}', '🧨'.repeat(5000), '１２３４５', '   '];
const VALUES: unknown[] = [null, true, 0, -1, 1e308, [], {}, [1, 2], { a: { b: { c: {} } } }, ...STRINGS];
function hostileBody(): { body: string; headers: Record<string, string> } {
  const kind = random();
  const headers: Record<string, string> = { 'content-type': pick(['application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1']) };
  if (random() < 0.2) headers.authorization = pick([`Bearer ${KEY}x`, 'Bearer ', 'Basic YWRtaW46YWRtaW4=', `Bearer ${KEY}`, 'Bearer \u00ff']);
  if (random() < 0.2) headers.cookie = pick(['cunban_web=forged.sig', 'cunban_web=', 'cunban_staff=x', `cunban_web=${'a'.repeat(4000)}`, 'cunban_web=web-1.AAAA']);
  if (kind < 0.25) return { body: pick(['{', '{"text":', '[]', 'null', '""', '{"text":"a"}}', '\u0000', '{"__proto__":{"x":1},"text":"hi"}', '{"constructor":{"prototype":{"x":1}},"text":"hi"}']), headers };
  if (kind < 0.5) {
    const body: Record<string, unknown> = {};
    for (const field of ['text', 'userId', 'chatId', 'chatType', 'mentioned', 'messageId', 'attachments', 'q', 'id', 'status', 'event', 'extra']) if (random() < 0.5) body[field] = pick(VALUES);
    return { body: JSON.stringify(body), headers };
  }
  if (kind < 0.7) return { body: JSON.stringify({ text: pick(STRINGS), attachments: [{ kind: pick(['image', 'file', 'video']), mimeType: pick(['image/jpeg', 'text/html', '']), data: pick(['', '!!!!', Buffer.from('MZ\x90\x00 not an image').toString('base64'), 'A'.repeat(10_000)]) }] }), headers };
  if (kind < 0.85) return { body: JSON.stringify({ text: pick(STRINGS), userId: pick(['web-1', 'wechat:x', '../../x', 'a'.repeat(129)]), chatType: pick(['group', 'private', 'channel']) }), headers };
  return { body: 'x'.repeat(Math.floor(random() * 3_000_000)), headers };
}

async function fuzz(): Promise<void> {
  const statuses = new Map<number, number>();
  const started = performance.now();
  let done = 0;
  async function worker(): Promise<void> {
    while (done < FUZZ_REQUESTS) {
      done++;
      const method = pick(['POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
      let route = pick(ROUTES);
      if (route.endsWith('q=')) route += encodeURIComponent(pick(STRINGS).slice(0, 3000).replace(/[\ud800-\udfff]/g, '?'));
      const answer = await send(method, route, hostileBody());
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker));
  const serverErrorCount = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);
  const line = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status === 0 ? 'no answer' : status}: ${n}`).join(', ');
  console.log(`2. fuzz: ${FUZZ_REQUESTS} hostile requests in ${((performance.now() - started) / 1000).toFixed(1)} s — ${line}; server errors ${serverErrorCount}; server ${alive() ? 'alive' : 'DEAD'}`);
  if (serverErrorCount > 0) failures.push(`fuzz: ${serverErrorCount} server errors`);
  if (!alive()) failures.push('fuzz: the server died');
}

// ---------------------------------------------------------------- 2. identity spoof
async function identitySpoof(): Promise<void> {
  // The victim books a visit through the county's gateway (a key holder naming her).
  const victim = 'gateway-resident-0001';
  sourceAddress = '127.0.0.3';
  for (const text of ['帮我约代办员上门办高龄津贴', '给我自己', '82', '王秀英', '13812345678', '岭口村', '3组12号', '下周二', '上午', '确认']) {
    await send('POST', '/api/v1/messages', asKey({ userId: victim, text }));
  }
  const own = JSON.parse((await send('POST', '/api/v1/messages', asKey({ userId: victim, text: '我的预约' }))).body) as { replies: { text: string }[] };
  const booked = own.replies.some((r) => /V\d{6}/.test(r.text));
  // A browser names her id, asks for her visits and tries to cancel; reads her inbox; forges her cookie.
  const asHer = await send('POST', '/api/v1/messages', json({ userId: victim, text: '我的预约' }));
  const cancel = await send('POST', '/api/v1/messages', json({ userId: victim, text: '取消预约' }));
  const inbox = await send('GET', `/api/v1/messages/inbox?userId=${victim}`);
  const forged = await send('GET', '/api/v1/messages/inbox', { headers: { cookie: `cunban_web=${victim}.forgedsignature` } });
  const leaked = [asHer, cancel].some((a) => /V\d{6}/.test(a.body));
  const still = JSON.parse((await send('POST', '/api/v1/messages', asKey({ userId: victim, text: '我的预约' }))).body) as { replies: { text: string }[] };
  const kept = still.replies.some((r) => /V\d{6}/.test(r.text));
  console.log(`3. identity spoof: her booking made ${booked ? 'yes' : 'NO'}; a browser naming her saw it ${leaked ? 'YES' : 'no'}; her inbox by userId ${inbox.status}, with a forged cookie ${forged.status}; her booking still there ${kept ? 'yes' : 'NO'}`);
  if (!booked || leaked || inbox.status !== 401 || ![200, 401].includes(forged.status) || /V\d{6}/.test(forged.body) || !kept) failures.push('identity spoof');
}

// ---------------------------------------------------------------- 3. upload flood
/** Bytes a phone photo begins with (JPEG), then noise: the server checks the bytes, not the claimed type. */
function photo(bytes: number): string {
  const data = randomBytes(bytes);
  data.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return data.toString('base64');
}

function folderBytes(folder: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        files++;
        bytes += statSync(full).size;
      }
    }
  };
  try {
    walk(folder);
  } catch {
    // no folder yet
  }
  return { files, bytes };
}

async function uploadFlood(): Promise<void> {
  sourceAddress = '127.0.0.4';
  const residents = Array.from({ length: 16 }, (_, i) => `upload-resident-${String(i).padStart(2, '0')}`);
  const startReport = async (userId: string) => send('POST', '/api/v1/messages', asKey({ userId, text: '我要反映问题，村口垃圾堆了一个月没人清' }));
  for (const userId of residents) await startReport(userId);
  const large = Buffer.from(photo(10 * 1024 * 1024 - 64), 'base64');
  // (a) Streamed uploads: 16 residents at once, each sending four 10 MB photos to /api/v1/messages/photos.
  let before = memory();
  resetPeak();
  let started = performance.now();
  const uploads = await Promise.all(
    residents.map(async (userId) => {
      const answers: Answer[] = [];
      for (let i = 0; i < 4; i++) answers.push(await send('POST', `/api/v1/messages/photos?userId=${userId}`, { body: large, headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${KEY}` } }));
      return answers;
    }),
  );
  let seconds = (performance.now() - started) / 1000;
  let after = memory();
  const uploadStatuses = uploads.flat().reduce((m, a) => m.set(a.status, (m.get(a.status) ?? 0) + 1), new Map<number, number>());
  console.log(`1. upload flood (a) streamed: 16 residents at once × 4 photos of 10 MB (640 MiB) in ${seconds.toFixed(1)} s — ${[...uploadStatuses].map(([s, n]) => `${s}: ${n}`).join(', ')}; memory ${before.rss.toFixed(0)} MiB before, peak ${after.peak.toFixed(0)} MiB`);
  if (after.peak > 400) failures.push(`streamed uploads: peak memory ${after.peak.toFixed(0)} MiB`);
  if ([...uploadStatuses.keys()].some((s) => s >= 500 && s !== 507)) failures.push('streamed uploads: server errors');
  // (b) A photo as base64 inside a message, the largest body the route takes, 16 at once: they are read two at a time.
  const photos = [{ kind: 'image', mimeType: 'image/jpeg', data: large.toString('base64') }];
  const body = (userId: string) => JSON.stringify({ userId, text: '照片', attachments: photos });
  const others = residents.map((r) => `${r}-b`);
  for (const userId of others) await startReport(userId);
  const bodies = others.map(body);
  before = memory();
  resetPeak();
  started = performance.now();
  const answers = await Promise.all(others.map((_, i) => send('POST', '/api/v1/messages', { body: bodies[i]!, headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` } })));
  seconds = (performance.now() - started) / 1000;
  after = memory();
  const statuses = answers.reduce((m, a) => m.set(a.status, (m.get(a.status) ?? 0) + 1), new Map<number, number>());
  const stored = folderBytes(path.join(dataDir, 'attachments'));
  console.log(`   (b) base64 in messages: 16 messages of ${(Buffer.byteLength(body('x')) / 1048576).toFixed(0)} MiB at once in ${seconds.toFixed(1)} s — ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}; memory ${before.rss.toFixed(0)} MiB before, peak ${after.peak.toFixed(0)} MiB; on disk ${stored.files} files, ${(stored.bytes / 1048576).toFixed(0)} MiB`);
  for (const answer of answers.filter((a) => a.status === 0).slice(0, 2)) console.log(`   dropped: ${answer.body}`);
  if ([...statuses.keys()].some((s) => s === 0 || (s >= 500 && s !== 503))) failures.push('base64 uploads: server errors or dropped connections');
  // One resident, past her daily quota: every report of hers with four more photos.
  const greedy = 'upload-resident-greedy';
  let accepted = 0;
  let refused = 0;
  for (let round = 0; round < 10; round++) {
    const answer = await send('POST', `/api/v1/messages/photos?userId=${greedy}`, { body: large, headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${KEY}` } });
    if (answer.status === 200) accepted++;
    else refused++;
  }
  console.log(`   one resident uploading 10 photos of 10 MB: ${accepted} kept, ${refused} refused (her daily quota, UPLOAD_DAILY_MB_PER_RESIDENT 80)`);
  if (accepted > 8) failures.push('daily quota');
  // One address posing as ever new residents: without the chat page's cookie nothing is taken, and
  // the cookies it fetches share the address's daily quota.
  sourceAddress = '127.0.0.9';
  const cookieless = await send('POST', '/api/v1/messages/photos', { body: large, headers: { 'content-type': 'image/jpeg' } });
  let minted = 0;
  let keptByAddress = 0;
  for (let round = 0; round < 50; round++) {
    const page = await send('GET', '/');
    if (!page.cookie) continue;
    minted++;
    const answer = await send('POST', '/api/v1/messages/photos', { body: large, headers: { 'content-type': 'image/jpeg', cookie: page.cookie } });
    if (answer.status === 200) keptByAddress++;
  }
  console.log(`   one address, 50 new browsers each uploading a 10 MB photo: without a cookie ${cookieless.status || 'closed'}; ${minted} cookies fetched, ${keptByAddress} photos kept (UPLOAD_DAILY_MB_PER_ADDRESS 400)`);
  if (cookieless.status === 200) failures.push('a cookieless browser uploaded a photo');
  if (keptByAddress > 40) failures.push('per-address photo quota');
}

// ---------------------------------------------------------------- 4. new-identity flood
async function identityFlood(): Promise<void> {
  sourceAddress = '127.0.0.5';
  const statuses = new Map<number, number>();
  const started = performance.now();
  let sent = 0;
  const total = 2_000;
  async function worker(): Promise<void> {
    while (sent < total) {
      sent++;
      const answer = await send('POST', '/api/v1/messages', json({ text: `你好${sent}` }));
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker));
  const seconds = (performance.now() - started) / 1000;
  const database = new Database(path.join(dataDir, 'cunban.sqlite'), { readonly: true });
  const sessions = (database.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
  database.close();
  console.log(`4. new identities from one address: ${total} messages without a cookie in ${seconds.toFixed(1)} s — ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}; sessions in the database ${sessions}`);
}

// ---------------------------------------------------------------- 5. slow connections
async function slowConnections(): Promise<void> {
  const count = 200;
  const started = performance.now();
  const closedAfter: number[] = [];
  const sockets = Array.from({ length: count }, () => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: '127.0.0.6' });
    const request = 'POST /api/v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"text":"';
    let at = 0;
    const drip = setInterval(() => {
      if (at < request.length && !socket.destroyed) socket.write(request[at++]!);
    }, 200);
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(drip);
      closedAfter.push((performance.now() - started) / 1000);
    });
    return socket;
  });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  sourceAddress = '127.0.0.7';
  const during = await send('GET', '/healthz');
  const deadline = Date.now() + 30_000;
  while (closedAfter.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  for (const socket of sockets) socket.destroy();
  const sorted = [...closedAfter].sort((a, b) => a - b);
  const last = sorted.at(-1) ?? NaN;
  console.log(`5. slow connections: ${count} clients dripping headers — /healthz meanwhile ${during.status}; closed by the server ${closedAfter.length} of ${count}, the last after ${last.toFixed(1)} s (headers are due within 10 s)`);
  if (during.status !== 200 || closedAfter.length < count || last > 13) failures.push('slow connections');
}

try {
  await waitHealthy();
  console.log(`server: compiled, pid ${server.pid}, memory at rest ${memory().rss.toFixed(0)} MiB\n`);
  // The uploads first, from the server at rest: the fuzz's junk grows the heap, and the memory
  // figure is the process's whole high-water mark.
  await uploadFlood();
  await fuzz();
  await identitySpoof();
  await identityFlood();
  await slowConnections();
  const health = await send('GET', '/healthz');
  console.log(`\nafter all: /healthz ${health.status}, server ${alive() ? 'alive' : 'DEAD'}, memory ${alive() ? memory().rss.toFixed(0) : '—'} MiB`);
  if (health.status !== 200 || !alive()) failures.push('the server did not survive');
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => (server.exitCode === null ? server.once('exit', resolve) : resolve(undefined)));
  rmSync(dataDir, { recursive: true, force: true });
}
if (serverErrors.includes('"level":50') || serverErrors.includes('"level":60')) console.log(`the server logged errors:\n${serverErrors.split('\n').filter((l) => /"level":[56]0/.test(l)).slice(0, 5).join('\n')}`);
console.log(failures.length ? `\nFAILED: ${failures.join('; ')}` : '\nno failure');
process.exit(failures.length ? 1 : 0);
