/**
 * npm run train
 *
 * Builds the understanding models from the corpus in knowledge/nlu/ (writers.yaml, emergency/,
 * resident/), reproducibly (fixed seeds, the same bytes for the same corpus), from the training
 * writers only: the held-out writers are never read here. Writes knowledge/nlu/model/*.json, which
 * are committed. Prints progress and what cross-validation by writer measured.
 *
 * The emergency detector, the item model (the largest), the span taggers and the other
 * understanding models are trained at once, each in its own process, to keep two cores busy: the
 * understanding process waits for the item model and the span taggers at its end (the parent
 * closes its stdin once both are written); one process failing stops the others.
 * `-- emergency` or `-- understanding` trains one file alone, in one process.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadKnowledge } from '../src/knowledge/loader.ts';
import path from 'node:path';
import { EmergencyRow, loadCorpus, loadWriters, ResidentRow, splitByWriter } from '../src/nlu/corpus.ts';
import { detectorFile } from '../src/nlu/emergency-detector.ts';
import { trainDetector } from '../src/nlu/emergency-training.ts';
import { understandingFile } from '../src/nlu/understanding-model.ts';
import type { StoredModel } from '../src/nlu/linear-model.ts';
import { trainItemModel, trainSpanTaggers, trainUnderstanding, type TrainedModel } from '../src/nlu/understanding-training.ts';

const KNOWLEDGE = process.env.KNOWLEDGE_DIR ?? 'knowledge';
const NLU = path.join(KNOWLEDGE, 'nlu');
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);

/** What one process trains: a model file alone, or (with `--parts DIR`) a part for the understanding process. */
const PARTS = ['emergency', 'understanding', 'items', 'spans'] as const;
const only = process.argv[2];
if (only !== undefined && !(PARTS as readonly string[]).includes(only)) {
  console.error(`npm run train -- [emergency|understanding]: "${only}" is neither`);
  process.exit(2);
}
/** Where the item and span processes leave their models for the understanding process (`--parts DIR`). */
const partsArgument = process.argv.indexOf('--parts');
const partsDir = partsArgument > 0 ? process.argv[partsArgument + 1] : undefined;
if ((only === 'items' || only === 'spans') && !partsDir) {
  console.error(`npm run train -- ${only} trains a part for the understanding process: it needs --parts DIR (npm run train runs it so)`);
  process.exit(2);
}
const partFile = (part: 'items' | 'spans') => path.join(partsDir!, `${part}.json`);
/** Written whole or not at all: the understanding process never reads half a part. */
const writePart = (part: 'items' | 'spans', value: unknown) => {
  writeFileSync(`${partFile(part)}.tmp`, JSON.stringify(value));
  renameSync(`${partFile(part)}.tmp`, partFile(part));
};

if (only === undefined) {
  // All at once, each in its own process; its lines prefixed with its name.
  const run = (part: string, args: string[] = []) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, part, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    const done = new Promise<number>((resolve) => {
      let pending = '';
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = (pending + chunk.toString()).split('\n');
        pending = lines.pop()!;
        for (const line of lines) log(`${part}: ${line}`);
      });
      child.on('close', (code) => {
        if (pending) log(`${part}: ${pending}`);
        resolve(code ?? 1);
      });
    });
    return { child, done };
  };
  const scratch = mkdtempSync(path.join(tmpdir(), 'cunban-train-'));
  const parts = ['--parts', scratch];
  const runs = [run('emergency'), run('items', parts), run('spans', parts)];
  const understanding = run('understanding', parts);
  for (const { child } of runs) child.stdin.end();
  // The understanding process waits at its end until its stdin closes: once both parts are written.
  void Promise.all(runs.slice(1).map((r) => r.done)).then((codes) => (codes.every((c) => c === 0) ? understanding.child.stdin.end() : understanding.child.kill()));
  const all = [...runs, understanding];
  // One process failing stops the others (what they would write could not be used with it).
  for (const r of all) void r.done.then((code) => code !== 0 && all.forEach((o) => o.child.exitCode === null && o.child.kill()));
  const codes = await Promise.all(all.map((r) => r.done));
  rmSync(scratch, { recursive: true, force: true });
  log(codes.every((c) => c === 0) ? 'done' : 'failed');
  process.exit(codes.every((c) => c === 0) ? 0 : 1);
}

const writers = loadWriters(NLU);
const emergency = splitByWriter(loadCorpus(path.join(NLU, 'emergency'), EmergencyRow), writers.emergency);
const resident = splitByWriter(loadCorpus(path.join(NLU, 'resident'), ResidentRow), writers.resident);
log(`corpus: emergency ${emergency.train.length} rows for training (${emergency.heldout.length} held out), resident ${resident.train.length} (${resident.heldout.length} held out)`);
const base = await loadKnowledge(KNOWLEDGE);
const places = base.villages.flatMap((v) => [v.name, ...v.aliases]);

if (only === 'emergency') {
  log('emergency detector');
  // Every resident message is one more message that is not an emergency.
  const others = resident.train.map((r) => ({ writer: r.writer, text: r.text, emergency: false, ordinary: true, report: r.intent === 'complaint' }));
  const detector = trainDetector(emergency.train, others, places, log);
  mkdirSync(path.dirname(detectorFile(KNOWLEDGE)), { recursive: true });
  writeFileSync(detectorFile(KNOWLEDGE), `${JSON.stringify(detector)}\n`);
  const cv = detector.training.crossValidated as { recall: number; falseAlarms: number; ordinaryFalseAlarms: number };
  log(
    `  wrote ${detectorFile(KNOWLEDGE)}: threshold ${detector.threshold.toFixed(2)}; cross-validated by writer: recall ${cv.recall.toFixed(3)}, false alarms ${cv.falseAlarms.toFixed(3)} on hard negatives, ${cv.ordinaryFalseAlarms.toFixed(3)} on other resident messages`,
  );
} else if (only === 'items') {
  log('item model');
  const ids = new Map(base.items.map((item) => [item.name, item.id]));
  writePart('items', trainItemModel(resident.train, emergency.train, places, (name) => ids.get(name), log));
} else if (only === 'spans') {
  log('span taggers');
  writePart('spans', trainSpanTaggers(resident.train, log));
} else {
  log('understanding models');
  const ids = new Map(base.items.map((item) => [item.name, item.id]));
  // Under `npm run train` the item model and the span taggers come from their own processes: stdin closes once both are written.
  let waited = false;
  const part = <T>(name: 'items' | 'spans') => (): T => {
    if (!waited) readFileSync(0);
    waited = true;
    if (!existsSync(partFile(name))) throw new Error(`the ${name} process left no ${partFile(name)}`);
    return JSON.parse(readFileSync(partFile(name), 'utf8')) as T;
  };
  const separately = partsDir ? { item: part<TrainedModel>('items'), spans: part<Record<string, StoredModel>>('spans') } : undefined;
  const understanding = trainUnderstanding(resident.train, emergency.train, places, (name) => ids.get(name), log, separately);
  mkdirSync(path.dirname(understandingFile(KNOWLEDGE)), { recursive: true });
  writeFileSync(understandingFile(KNOWLEDGE), `${JSON.stringify(understanding)}\n`);
  log(`  wrote ${understandingFile(KNOWLEDGE)}`);
}
