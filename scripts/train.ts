/**
 * npm run train
 *
 * Builds the understanding models from the corpus in knowledge/nlu/ (writers.yaml, emergency/,
 * resident/), reproducibly (fixed seeds, the same bytes for the same corpus), from the training
 * writers only: the held-out writers are never read here. Writes knowledge/nlu/model/*.json, which
 * are committed. Prints progress and what cross-validation by writer measured.
 *
 * The emergency detector, the item model (the largest) and the other understanding models are
 * trained at once, each in its own process, on two cores: the understanding process waits for the
 * item model at its end (the parent closes its stdin once the item process has written it).
 * `-- emergency` or `-- understanding` trains one file alone, in one process.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadKnowledge } from '../src/knowledge/loader.ts';
import path from 'node:path';
import { EmergencyRow, loadCorpus, loadWriters, ResidentRow, splitByWriter } from '../src/nlu/corpus.ts';
import { detectorFile } from '../src/nlu/emergency-detector.ts';
import { trainDetector } from '../src/nlu/emergency-training.ts';
import { understandingFile } from '../src/nlu/understanding-model.ts';
import { trainItemModel, trainUnderstanding, type TrainedModel } from '../src/nlu/understanding-training.ts';

const KNOWLEDGE = process.env.KNOWLEDGE_DIR ?? 'knowledge';
const NLU = path.join(KNOWLEDGE, 'nlu');
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);

const only = process.argv[2];
if (only !== undefined && only !== 'emergency' && only !== 'understanding' && only !== 'items') {
  console.error(`npm run train -- [emergency|understanding]: "${only}" is neither`);
  process.exit(2);
}

/** Where the item process leaves the item model for the understanding process (`--item-part FILE`). */
const partArgument = process.argv.indexOf('--item-part');
const itemPart = partArgument > 0 ? process.argv[partArgument + 1] : undefined;

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
  const part = ['--item-part', path.join(scratch, 'item.json')];
  const emergencyRun = run('emergency');
  emergencyRun.child.stdin.end();
  const items = run('items', part);
  items.child.stdin.end();
  const understanding = run('understanding', part);
  void items.done.then((code) => (code === 0 ? understanding.child.stdin.end() : understanding.child.kill()));
  const codes = await Promise.all([emergencyRun.done, items.done, understanding.done]);
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
  writeFileSync(itemPart!, JSON.stringify(trainItemModel(resident.train, emergency.train, places, (name) => ids.get(name), log)));
} else {
  log('understanding models');
  const ids = new Map(base.items.map((item) => [item.name, item.id]));
  // Under `npm run train` the item model comes from the item process: stdin closes once it is written.
  const fromItemProcess = () => {
    readFileSync(0);
    return JSON.parse(readFileSync(itemPart!, 'utf8')) as TrainedModel;
  };
  const understanding = trainUnderstanding(resident.train, emergency.train, places, (name) => ids.get(name), log, itemPart ? fromItemProcess : undefined);
  mkdirSync(path.dirname(understandingFile(KNOWLEDGE)), { recursive: true });
  writeFileSync(understandingFile(KNOWLEDGE), `${JSON.stringify(understanding)}\n`);
  log(`  wrote ${understandingFile(KNOWLEDGE)}`);
}
