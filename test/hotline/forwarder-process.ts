/**
 * A forwarder in a process of its own, for the crash test: reads DATA_DIR, HOTLINE_URL and
 * HOTLINE_SECRET like the server does, forwards the SQLite outbox there until SIGTERM (a clean
 * stop) or SIGKILL (a crash). Short time-out and lease, so a restart picks up the rows the killed
 * process had in flight within a couple of seconds.
 */
import { parseConfig } from '../../src/config.ts';
import { HotlineForwarder } from '../../src/hotline/forwarder.ts';
import { openDatabase } from '../../src/store/database.ts';

const config = parseConfig(process.env);
if (!config.HOTLINE_URL || !config.HOTLINE_SECRET) throw new Error('HOTLINE_URL and HOTLINE_SECRET are required');
const db = await openDatabase({ dataDir: config.DATA_DIR });
const forwarder = new HotlineForwarder({
  db,
  url: config.HOTLINE_URL,
  secret: config.HOTLINE_SECRET,
  timeoutMs: 1_000,
  leaseMs: 1_500,
  maxConcurrent: 4,
  maxPerSecond: 200,
  backoff: { baseMs: 20, maxMs: 200 },
  breaker: { failureThreshold: 10, coolDownMs: 100 },
  logger: {
    info: () => undefined,
    warn: () => undefined,
    error: (object, message) => process.stderr.write(`${message} ${JSON.stringify(object)}\n`),
  },
});
// The forwarder's timer does not hold the process open; this does, until SIGTERM.
const alive = setInterval(() => undefined, 60_000);
process.once('SIGTERM', () => {
  clearInterval(alive);
  void forwarder
    .stop()
    .then(() => db.destroy())
    .then(() => process.exit(0), () => process.exit(1));
});
forwarder.start(20);
process.stdout.write('ready\n');
