#!/usr/bin/env node
/**
 * npm run build  (and before every npm start: `--if-stale`)
 *
 * Bundles the server (src, intents, adapters) into JavaScript in dist/ with esbuild, so that
 * `npm start` runs plain Node: no TypeScript compiled at every start, and one module to load
 * rather than two hundred (the packages stay outside, loaded from node_modules; the chat channels
 * and the chat model, imported only when configured, are chunks of their own). Type checking is
 * `npm test`'s (`tsc --noEmit`), not the build's. The staff pages' templates and stylesheet are
 * copied beside the bundle, where it looks for them. With --if-stale it does nothing when the
 * sources are byte for byte those dist/ was built from (their SHA-256, kept in dist/.built), so
 * only the first start after a change builds. Contents, not modification times: a checkout, an
 * unpacked archive or a copy that keeps old times would otherwise run stale code.
 * Plain JavaScript on purpose: it must run before anything is compiled.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.built');
// tsconfig.json too: esbuild reads its compiler options.
const SOURCES = ['src', 'intents', 'adapters', 'package.json', 'tsconfig.json', 'scripts/build.mjs'];
/** The staff pages' files, beside the bundle: `staff-pages.ts` reads them next to its own module. */
const ASSETS = { 'src/staff/views': 'src/views', 'src/staff/assets': 'src/assets' };

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
process.stderr.write('cunban: building the server into dist/ (once after each change) …\n');
const { build } = await import('esbuild');
rmSync(dist, { recursive: true, force: true });
try {
  await build({
    entryPoints: [path.join(root, 'src/main.ts')],
    outdir: path.join(dist, 'src'),
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    // Stack traces name the source file and line; the sources themselves are in the checkout.
    sourcesContent: false,
    logLevel: 'warning',
  });
} catch {
  process.stderr.write('cunban: the build failed (see above); nothing was started\n');
  process.exit(1);
}
for (const [from, to] of Object.entries(ASSETS)) cpSync(path.join(root, from), path.join(dist, to), { recursive: true });
writeFileSync(stamp, `${digest}\n`);
process.stderr.write(`cunban: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
