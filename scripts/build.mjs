#!/usr/bin/env node
/**
 * npm run build  (and before every npm start: `--if-stale`)
 *
 * Compiles the server (src, intents, adapters) to JavaScript in dist/ with tsc, so that
 * `npm start` runs plain Node: no TypeScript compiled at every start. The staff pages' templates
 * and stylesheet are copied beside their compiled module. With --if-stale it does nothing when
 * the sources are byte for byte those dist/ was built from (their SHA-256, kept in dist/.built),
 * so only the first start after a change compiles. Contents, not modification times: a checkout,
 * an unpacked archive or a copy that keeps old times would otherwise run stale code.
 * Plain JavaScript on purpose: it must run before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.built');
const SOURCES = ['src', 'intents', 'adapters', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
const ASSETS = ['src/staff/views', 'src/staff/assets'];

/** One digest of every source file's path and bytes, in a fixed order. */
function sourceDigest() {
  const hash = createHash('sha256');
  const add = (target) => {
    if (statSync(target).isDirectory()) {
      for (const entry of readdirSync(target).sort()) add(path.join(target, entry));
      return;
    }
    hash.update(path.relative(root, target)).update('\0').update(readFileSync(target)).update('\0');
  };
  for (const source of SOURCES.map((s) => path.join(root, s)).filter(existsSync)) add(source);
  return hash.digest('hex');
}

const digest = sourceDigest();
if (process.argv.includes('--if-stale') && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest) process.exit(0);

const started = Date.now();
process.stderr.write('cunban: compiling the server to dist/ (once after each change) …\n');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
if (result.status !== 0) {
  process.stderr.write('cunban: the compilation failed (see above); nothing was started\n');
  process.exit(result.status ?? 1);
}
for (const asset of ASSETS) cpSync(path.join(root, asset), path.join(dist, asset), { recursive: true });
writeFileSync(stamp, `${digest}\n`);
process.stderr.write(`cunban: compiled in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
