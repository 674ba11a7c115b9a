#!/usr/bin/env node
/**
 * npm run build  (and before every npm start: `--if-stale`)
 *
 * Compiles the server (src, intents, adapters) to JavaScript in dist/ with tsc, so that
 * `npm start` runs plain Node: no TypeScript compiled at every start. The staff pages' templates
 * and stylesheet are copied beside their compiled module. With --if-stale it does nothing when
 * dist/ is newer than every source file, so only the first start after a change compiles.
 * Plain JavaScript on purpose: it must run before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.built');
const SOURCES = ['src', 'intents', 'adapters', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
const ASSETS = ['src/staff/views', 'src/staff/assets'];

/** The newest modification time under a file or folder. */
function newest(target) {
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let latest = stats.mtimeMs;
  for (const entry of readdirSync(target)) latest = Math.max(latest, newest(path.join(target, entry)));
  return latest;
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && existsSync(stamp)) {
  const built = statSync(stamp).mtimeMs;
  const changed = SOURCES.map((s) => path.join(root, s)).filter(existsSync).some((s) => newest(s) > built);
  if (!changed) process.exit(0);
}

const started = Date.now();
process.stderr.write('cunban: compiling the server to dist/ (once after each change) …\n');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
if (result.status !== 0) {
  process.stderr.write('cunban: the compilation failed (see above); nothing was started\n');
  process.exit(result.status ?? 1);
}
for (const asset of ASSETS) cpSync(path.join(root, asset), path.join(dist, asset), { recursive: true });
writeFileSync(stamp, `${new Date().toISOString()}\n`);
process.stderr.write(`cunban: compiled in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
