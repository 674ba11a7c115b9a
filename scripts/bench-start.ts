/**
 * npm run bench:start [-- --runs N] [--settled]
 *
 * Starts the server both ways side by side, alternating, N times each (default 3): compiled
 * (`node --enable-source-maps dist/src/main.js`, what `npm start` runs) and through tsx (`tsx src/main.ts`, what it
 * ran before and `npm run dev` runs). For each it prints the time from spawning to the first
 * 200 of /healthz and the resident set size of the whole process tree at rest (3 s after
 * healthy), the medians, and the ratios. With --settled also the memory 45 s after healthy: by
 * then V8's memory reducer has given back the start-up's garbage (parsing the models and the
 * knowledge), which the 3-second figure still holds. Builds dist/ first when it is stale.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../test/helpers/free-port.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const runsArgument = process.argv.indexOf('--runs');
const RUNS = runsArgument > 0 ? Number(process.argv[runsArgument + 1]) : 3;
const REST_MS = 3_000;
const SETTLED_MS = 45_000;
const SETTLED = process.argv.includes('--settled');

const WAYS = {
  compiled: [process.execPath, ['--enable-source-maps', 'dist/src/main.js']],
  tsx: [process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/main.ts']],
} as const satisfies Record<string, readonly [string, readonly string[]]>;
type Way = keyof typeof WAYS;

/** Kibibytes of resident memory of a process and all its descendants (Linux /proc). */
function treeRssKiB(pid: number): number {
  let total = 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of children ? children.split(/\s+/) : []) total += treeRssKiB(Number(child));
    }
  } catch {
    // the process ended between the reads
  }
  return total;
}

async function healthy(port: number, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no /healthz within 60 s');
}

async function startOnce(way: Way): Promise<{ seconds: number; rssMiB: number; settledMiB: number | undefined }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cunban-bench-start-'));
  const port = await freePort();
  const [command, args] = WAYS[way];
  const started = performance.now();
  const child = spawn(command, [...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await healthy(port, child, Date.now() + 60_000);
    const seconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, REST_MS));
    const rssMiB = treeRssKiB(child.pid!) / 1024;
    if (!SETTLED) return { seconds, rssMiB, settledMiB: undefined };
    await new Promise((resolve) => setTimeout(resolve, SETTLED_MS - REST_MS));
    return { seconds, rssMiB, settledMiB: treeRssKiB(child.pid!) / 1024 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const results = Object.fromEntries(Object.keys(WAYS).map((way) => [way, { seconds: [] as number[], rss: [] as number[], settled: [] as number[] }])) as Record<Way, { seconds: number[]; rss: number[]; settled: number[] }>;
for (let run = 1; run <= RUNS; run++) {
  for (const way of Object.keys(WAYS) as Way[]) {
    const { seconds, rssMiB, settledMiB } = await startOnce(way);
    results[way].seconds.push(seconds);
    results[way].rss.push(rssMiB);
    if (settledMiB !== undefined) results[way].settled.push(settledMiB);
    const settled = settledMiB === undefined ? '' : `, settled ${settledMiB.toFixed(0)} MiB`;
    console.log(`run ${run} ${way.padEnd(8)} /healthz after ${seconds.toFixed(2)} s, at rest ${rssMiB.toFixed(0)} MiB${settled}`);
  }
}
const summary = (way: Way) => ({ seconds: median(results[way].seconds), rss: median(results[way].rss), settled: SETTLED ? median(results[way].settled) : NaN });
const compiled = summary('compiled');
const tsx = summary('tsx');
const settledOf = (way: { settled: number }) => (SETTLED ? ` (settled ${way.settled.toFixed(0)} MiB)` : '');
console.log(`\nmedian of ${RUNS}:  compiled ${compiled.seconds.toFixed(2)} s, ${compiled.rss.toFixed(0)} MiB${settledOf(compiled)}   tsx ${tsx.seconds.toFixed(2)} s, ${tsx.rss.toFixed(0)} MiB${settledOf(tsx)}`);
const settledRatio = SETTLED ? `, settled ${(compiled.settled / tsx.settled).toFixed(2)}` : '';
console.log(`compiled / tsx:  time to /healthz ${(compiled.seconds / tsx.seconds).toFixed(2)}, memory at rest ${(compiled.rss / tsx.rss).toFixed(2)}${settledRatio}`);
