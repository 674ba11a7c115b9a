/**
 * npm run eval -- [FILE.tsv ...]
 *
 * Measures the bot on TSV development sets, recognised by their header line:
 *   question<TAB>expected   guide questions: top-1, top-3 and end-to-end accuracy
 *   text<TAB>intent         intent accuracy
 *   text                    out-of-scope texts: how many got an item (should be none)
 *   id split subject detail category / id split type domain text
 *                           12345 category and type accuracy per split (scripts/eval-hotline.ts)
 * Without arguments it reads ../shared/eval/{guide_dev,intent_dev,oos_dev}.tsv when present, and
 * measures on the corpus writers held out of training (knowledge/nlu/writers.yaml): the emergency
 * detector (scripts/eval-emergency.ts) and the understanding (scripts/eval-understanding.ts).
 * `--corpus` measures the held-out writers alone; `--training-writers` runs the understanding
 * figures on the training writers, as a development set for retrieval and the slot readers.
 * Misses are listed under each figure. The 12345 figures go through the server's classify endpoint:
 * with CHAT_MODEL_URL and CHAT_MODEL in the environment they measure the chat model path.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Server } from '../src/main.ts';
import { EmergencyRow, loadCorpus, loadWriters, ResidentRow, splitByWriter } from '../src/nlu/corpus.ts';
import { evalEmergency } from './eval-emergency.ts';
import { evalUnderstanding } from './eval-understanding.ts';
import { type Classify, evalAppealType, evalHotlineCategory, type Say } from './eval-hotline.ts';
import { WEB_KEY_HEADER, withServer } from './harness.ts';

interface Table {
  header: string[];
  rows: Record<string, string>[];
}

function readTsv(file: string): Table {
  const [head, ...lines] = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (head ?? '').split('\t').map((h) => h.trim());
  const rows = lines.map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(header.map((h, i) => [h, (cells[i] ?? '').trim()]));
  });
  return { header, rows };
}

function ratio(hit: number, total: number): string {
  return total === 0 ? 'n/a' : `${(hit / total).toFixed(3)} (${hit}/${total})`;
}

async function ask(server: Server, userId: string, text: string) {
  const response = await server.app.inject({ method: 'POST', url: '/api/v1/messages', headers: WEB_KEY_HEADER, payload: { userId, text } });
  return response.json() as { itemId: string | null; intent: string | null };
}

async function evalGuide(server: Server, table: Table): Promise<void> {
  const byName = new Map(server.knowledge.current.base.items.map((item) => [item.name, item.id]));
  let top1 = 0;
  let top3 = 0;
  let endToEnd = 0;
  const misses: string[] = [];
  for (const [n, row] of table.rows.entries()) {
    const expected = byName.get(row.expected!);
    if (!expected) {
      misses.push(`  unknown item name in file: ${row.expected}`);
      continue;
    }
    const hits = server.knowledge.current.retriever.retrieve(row.question!, 3).hits.map((h) => h.item.id);
    const answered = (await ask(server, `dev-guide-${n}`, row.question!)).itemId;
    if (hits[0] === expected) top1++;
    if (hits.slice(0, 3).includes(expected)) top3++;
    if (answered === expected) endToEnd++;
    if (hits[0] !== expected || answered !== expected) {
      misses.push(`  ${row.question} → expected ${row.expected}; top ${hits.join(',') || '-'}; answered ${answered ?? 'null'}`);
    }
  }
  console.log(`guide: top-1 ${ratio(top1, table.rows.length)}, top-3 ${ratio(top3, table.rows.length)}, end-to-end ${ratio(endToEnd, table.rows.length)}`);
  if (misses.length) console.log(misses.join('\n'));
}

async function evalIntent(server: Server, table: Table): Promise<void> {
  let correct = 0;
  const misses: string[] = [];
  for (const row of table.rows) {
    const { intent } = server.nlu.parse(row.text!);
    if (intent.name === row.intent) correct++;
    else misses.push(`  ${row.text} → expected ${row.intent}, got ${intent.name} (${intent.confidence})`);
  }
  console.log(`intent: accuracy ${ratio(correct, table.rows.length)}`);
  if (misses.length) console.log(misses.join('\n'));
}

async function evalOutOfScope(server: Server, table: Table): Promise<void> {
  let clean = 0;
  const misses: string[] = [];
  for (const [n, row] of table.rows.entries()) {
    const { itemId, intent } = await ask(server, `eval-oos-${n}`, row.text!);
    if (itemId === null) clean++;
    else misses.push(`  ${row.text} → answered from ${itemId} (${intent})`);
  }
  console.log(`out-of-scope: no item ${ratio(clean, table.rows.length)}`);
  if (misses.length) console.log(misses.join('\n'));
}

/** A new resident sending one message in a private chat: the intent the bot routed it to. */
function residentOf(server: Server): Say {
  return async (userId, text) => (await ask(server, userId, text)).intent;
}

/** The server's own classify endpoint: the offline rules, or the chat model where CHAT_MODEL_URL is set. */
function classifierOf(server: Server): Classify {
  let done = 0;
  return async (text) => {
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/hotline/classify', payload: { text: text.slice(0, 4000) } });
    if (response.statusCode !== 200) throw new Error(`classify answered ${response.statusCode}: ${response.body}`);
    if (process.env.CHAT_MODEL_URL && ++done % 50 === 0) process.stderr.write(`  … ${done} classified by the chat model\n`);
    return response.json();
  };
}

/** The chat model settings, when given, reach the server as they would reach `npm start`. */
function chatModelEnv(): Record<string, string> {
  const names = ['CHAT_MODEL_URL', 'CHAT_MODEL', 'CHAT_MODEL_API_KEY', 'CHAT_MODEL_TIMEOUT_MS'];
  return Object.fromEntries(names.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])));
}

/** The held-out writers' figures: the corpus rows no model or threshold was trained or tuned on. */
async function evalHeldOut(server: Server): Promise<void> {
  const dir = path.join(server.knowledge.dir, 'nlu');
  const writers = loadWriters(dir);
  const emergency = splitByWriter(loadCorpus(path.join(dir, 'emergency'), EmergencyRow), writers.emergency).heldout;
  const resident = splitByWriter(loadCorpus(path.join(dir, 'resident'), ResidentRow), writers.resident);
  await evalEmergency(server, emergency, resident.heldout);
  await evalUnderstanding(server, resident.heldout, 'held-out');
}

/**
 * The training writers' guide questions, slots and follow-ups, for working on what no model is
 * trained on (retrieval, the slot readers): the held-out writers stay untouched by that work.
 */
async function evalTrainingWriters(server: Server): Promise<void> {
  const dir = path.join(server.knowledge.dir, 'nlu');
  const resident = splitByWriter(loadCorpus(path.join(dir, 'resident'), ResidentRow), loadWriters(dir).resident);
  console.log('\n(training writers: a development set for retrieval and the slot readers, not a measure of the models)');
  await evalUnderstanding(server, resident.train, 'training (a development set: these writers trained the models)');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--training-writers')) {
    await withServer(evalTrainingWriters);
    return;
  }
  const corpusOnly = args.includes('--corpus');
  let files = args.filter((a) => !a.startsWith('--'));
  const heldOut = corpusOnly || files.length === 0;
  if (files.length === 0 && !corpusOnly) {
    const shared = path.resolve('../shared/eval');
    files = ['guide_dev.tsv', 'intent_dev.tsv', 'oos_dev.tsv'].map((f) => path.join(shared, f)).filter((f) => existsSync(f));
  }
  await withServer(async (server) => {
    if (heldOut) await evalHeldOut(server);
    for (const file of files) {
      if (!existsSync(file)) {
        console.error(`eval: ${file}: no such file`);
        process.exitCode = 2;
        continue;
      }
      const table = readTsv(file);
      console.log(`\n# ${path.basename(file)} (${table.rows.length} rows)`);
      const columns = table.header.join(',');
      if (columns === 'question,expected') await evalGuide(server, table);
      else if (columns === 'text,intent') await evalIntent(server, table);
      else if (columns === 'text') await evalOutOfScope(server, table);
      else if (columns === 'id,split,subject,detail,category') await evalHotlineCategory(table.rows, classifierOf(server), residentOf(server));
      else if (columns === 'id,split,type,domain,text') await evalAppealType(table.rows, classifierOf(server), residentOf(server));
      else {
        console.error(`eval: ${file}: unknown header "${table.header.join('\\t')}"`);
        process.exitCode = 2;
      }
    }
  }, chatModelEnv());
}

await main();
