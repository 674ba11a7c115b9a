/**
 * npm run train
 *
 * Builds the understanding models from the corpus in knowledge/nlu/ (writers.yaml, emergency/,
 * resident/), reproducibly (fixed seeds, the same bytes for the same corpus), from the training
 * writers only: the held-out writers are never read here. Writes knowledge/nlu/model/*.json, which
 * are committed. Prints progress and what cross-validation by writer measured.
 *
 * The emergency detector and the understanding models are trained at once, each in its own
 * process (two cores: about a minute and a half rather than two and a half); `-- emergency` or
 * `-- understanding` trains one alone.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadKnowledge } from '../src/knowledge/loader.ts';
import path from 'node:path';
import { EmergencyRow, loadCorpus, loadWriters, ResidentRow, splitByWriter } from '../src/nlu/corpus.ts';
import { detectorFile } from '../src/nlu/emergency-detector.ts';
import { trainDetector } from '../src/nlu/emergency-training.ts';
import { understandingFile } from '../src/nlu/understanding-model.ts';
import { trainUnderstanding } from '../src/nlu/understanding-training.ts';

const KNOWLEDGE = process.env.KNOWLEDGE_DIR ?? 'knowledge';
const NLU = path.join(KNOWLEDGE, 'nlu');
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);

const only = process.argv[2];
if (only !== undefined && only !== 'emergency' && only !== 'understanding') {
  console.error(`npm run train -- [emergency|understanding]: "${only}" is neither`);
  process.exit(2);
}

if (only === undefined) {
  // Both at once, each in its own process; its lines prefixed with its name.
  const run = (part: string) =>
    new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, part], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  const codes = await Promise.all([run('emergency'), run('understanding')]);
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
} else {
  log('understanding models');
  const ids = new Map(base.items.map((item) => [item.name, item.id]));
  const understanding = trainUnderstanding(resident.train, emergency.train, places, (name) => ids.get(name), log);
  mkdirSync(path.dirname(understandingFile(KNOWLEDGE)), { recursive: true });
  writeFileSync(understandingFile(KNOWLEDGE), `${JSON.stringify(understanding)}\n`);
  log(`  wrote ${understandingFile(KNOWLEDGE)}`);
}
