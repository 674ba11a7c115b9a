/**
 * npm run corpus:import -- FILE.jsonl ...
 *
 * Brings a writer's rows into the corpus: each file (named after its writer, E… emergency, R…
 * resident) is checked row by row against the corpus schema, its service names against the
 * knowledge items and its report categories against knowledge/hotline-categories.yaml, then
 * written, keys in a fixed order, to knowledge/nlu/<corpus>/<writer>.jsonl. A file with a
 * problem is not imported and the problems are listed. The writer must be in writers.yaml.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadHotlineCategories } from '../src/hotline/categories.ts';
import { loadKnowledge } from '../src/knowledge/loader.ts';
import { EmergencyRow, loadWriters, ResidentRow } from '../src/nlu/corpus.ts';

const KNOWLEDGE = process.env.KNOWLEDGE_DIR ?? 'knowledge';
const ORDER = ['writer', 'text', 'emergency', 'kind', 'negative', 'intent', 'item', 'ask', 'type', 'category', 'subcategory', 'context', 'act', 'asked', 'slots'];

const base = await loadKnowledge(KNOWLEDGE);
const items = new Set(base.items.map((i) => i.name));
const categories = loadHotlineCategories(path.join(KNOWLEDGE, 'hotline-categories.yaml'));
const subcategories = new Map<string, Set<string>>(categories.categories.map((c) => [c.name, new Set(c.subcategories.map((s) => s.name))]));
const writers = loadWriters(path.join(KNOWLEDGE, 'nlu'));
let failed = false;

/** The catalogue name a label means: itself, or without a department in brackets copied from the brief. */
function catalogueName(name: string): string {
  if (items.has(name)) return name;
  const bare = name.replace(/（[^（）]*）$/, '');
  return items.has(bare) ? bare : name;
}

for (const file of process.argv.slice(2)) {
  const writer = path.basename(file).replace(/\.jsonl$/, '');
  const corpus = writer.startsWith('E') ? 'emergency' : 'resident';
  const schema = corpus === 'emergency' ? EmergencyRow : ResidentRow;
  const problems: string[] = [];
  if (!writers[corpus].some((w) => w.id === writer)) problems.push(`${writer} is not a writer of the ${corpus} corpus in writers.yaml`);
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .map((line, n) => ({ line, n: n + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .flatMap(({ line, n }) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) {
        problems.push(`line ${n}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        return [];
      }
      const row = parsed.data as Record<string, unknown>;
      // The brief lists "name（department）": a writer who copied the department along meant the name.
      row.item = typeof row.item === 'string' ? catalogueName(row.item) : row.item;
      const context = row.context as { last_item?: string } | undefined;
      if (context?.last_item) row.context = { last_item: catalogueName(context.last_item) };
      if (row.writer !== writer) problems.push(`line ${n}: writer ${String(row.writer)} in the file of ${writer}`);
      const named = [row.item, (row.context as { last_item?: string } | undefined)?.last_item].filter((v): v is string => typeof v === 'string');
      for (const name of named) if (!items.has(name)) problems.push(`line ${n}: "${name}" is not a catalogue item`);
      if (typeof row.category === 'string') {
        const subs = subcategories.get(row.category);
        if (!subs) problems.push(`line ${n}: "${row.category}" is not a 12345 category`);
        else if (typeof row.subcategory === 'string' && !subs.has(row.subcategory)) problems.push(`line ${n}: "${row.subcategory}" is not under ${row.category}`);
      }
      return [Object.fromEntries(ORDER.filter((k) => k in row).map((k) => [k, row[k]]))];
    });
  const texts = new Set<string>();
  for (const row of rows) {
    if (texts.has(String(row.text))) problems.push(`the text "${String(row.text)}" is there twice`);
    texts.add(String(row.text));
  }
  if (problems.length) {
    failed = true;
    console.error(`${file}: not imported\n  ${problems.slice(0, 30).join('\n  ')}${problems.length > 30 ? `\n  … and ${problems.length - 30} more` : ''}`);
    continue;
  }
  const target = path.join(KNOWLEDGE, 'nlu', corpus, `${writer}.jsonl`);
  writeFileSync(target, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  console.log(`${target}: ${rows.length} rows`);
}
process.exitCode = failed ? 1 : 0;
