/**
 * npm run cv:reports [-- FILE.tsv ...]
 *
 * Chooses the bars at which the trained models' type and category of a report stand over the
 * keyword classifier's (src/hotline/trained-classifier.ts), by measuring each choice on:
 * - villagers' reports: cross-validation by writer on the training writers only (4 folds of whole
 *   writers; the type and category models trained on three, the bars tried on the fourth; the
 *   held-out writers are never read);
 * - given the city's TSV files of ../shared/eval (hotline_messages.tsv, appeal_types.tsv), their
 *   dev split only, with the committed models (which never saw them).
 * Prints type and category accuracy for every choice, side by side. About a minute.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadHotlineCategories } from '../src/hotline/categories.ts';
import { HotlineClassifier } from '../src/hotline/classifier.ts';
import { type ReportBars, type ReportReader, TrainedClassifier } from '../src/hotline/trained-classifier.ts';
import { loadKnowledge } from '../src/knowledge/loader.ts';
import { loadCorpus, loadWriters, ResidentRow, splitByWriter } from '../src/nlu/corpus.ts';
import { LinearModel } from '../src/nlu/linear-model.ts';
import { FeatureCache, trainLinear } from '../src/nlu/linear-trainer.ts';
import { UnderstandingModel } from '../src/nlu/understanding-model.ts';
import { APPEAL_TYPES, LEARNER, UNDERSTANDING_SPEC } from '../src/nlu/understanding-training.ts';
import { ACCEPTS } from './eval-hotline.ts';

const KNOWLEDGE = process.env.KNOWLEDGE_DIR ?? 'knowledge';
const DIR = path.join(KNOWLEDGE, 'nlu');
const FOLDS = 4;

const CHOICES: ReportBars[] = [0.5, 0.6, 0.7, 0.8].flatMap((bar) => [false, true].map((typeOnlyCued) => ({ category: bar, type: bar, typeOnlyCued })));
const describe = (bars: ReportBars) => `bars ${bars.category.toFixed(1)}${bars.typeOnlyCued ? ', keywords type only when cued' : ''}`;
const ratio = (hit: number, total: number) => `${(hit / Math.max(1, total)).toFixed(3)} (${hit}/${total})`;

const rules = new HotlineClassifier(loadHotlineCategories(path.join(KNOWLEDGE, 'hotline-categories.yaml')));
const base = await loadKnowledge(KNOWLEDGE);
const places = base.villages.flatMap((v) => [v.name, ...v.aliases]).sort((a, b) => b.length - a.length);
const committed = UnderstandingModel.load(KNOWLEDGE);
const temperatures = committed.training as { type: { temperature: number }; category: { temperature: number } };

// Villagers: each fold's type and category models read the fold's writers.
const { train } = splitByWriter(loadCorpus(path.join(DIR, 'resident'), ResidentRow), loadWriters(DIR).resident);
const reports = train.filter((r) => r.intent === 'complaint' && r.type && r.category);
const writers = [...new Set(reports.map((r) => r.writer))].sort();
const options = { ...LEARNER, spec: { ...UNDERSTANDING_SPEC, places } };
const cache = new FeatureCache();
const villagers = CHOICES.map(() => ({ type: 0, category: 0 }));
for (let fold = 0; fold < FOLDS; fold++) {
  const testing = new Set(writers.filter((_, i) => i % FOLDS === fold));
  const learning = reports.filter((r) => !testing.has(r.writer));
  const model = (label: 'type' | 'category', labels: readonly string[]) =>
    new LinearModel({ ...trainLinear(learning.map((r) => ({ text: r.text, label: r[label]! })), labels, options, cache), temperature: temperatures[label].temperature });
  const type = model('type', APPEAL_TYPES.filter((t) => learning.some((r) => r.type === t)));
  const category = model('category', [...new Set(learning.map((r) => r.category!))].sort());
  const best = (m: LinearModel, text: string) => {
    const { probabilities } = m.predict(text);
    const k = probabilities.indexOf(Math.max(...probabilities));
    return { label: m.labels[k]!, probability: probabilities[k]! };
  };
  const reader: ReportReader = {
    report(text) {
      const [t, c] = [best(type, text), best(category, text)];
      return { type: t.label, typeConfidence: t.probability, category: c.label, subcategory: undefined, confidence: c.probability };
    },
  };
  const classifiers = CHOICES.map((bars) => new TrainedClassifier(reader, rules, bars));
  for (const row of reports.filter((r) => testing.has(r.writer))) {
    classifiers.forEach((classifier, i) => {
      const got = classifier.classify(row.text);
      if (got.type === row.type) villagers[i]!.type++;
      if (got.category === row.category) villagers[i]!.category++;
    });
  }
  process.stderr.write(`  villagers: fold ${fold + 1}/${FOLDS}\n`);
}
console.log(`villagers' reports (${reports.length}, ${writers.length} training writers, cross-validated by writer): type / category`);
CHOICES.forEach((bars, i) => console.log(`  ${describe(bars)}: ${ratio(villagers[i]!.type, reports.length)} / ${ratio(villagers[i]!.category, reports.length)}`));

// The city's letters, dev split, with the committed models.
for (const file of process.argv.slice(2)) {
  const [header, ...lines] = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const columns = header!.split('\t');
  const rows = lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [columns[i], v])) as Record<string, string>).filter((r) => r.split === 'dev');
  const classifiers = CHOICES.map((bars) => new TrainedClassifier(committed, rules, bars));
  const hits = CHOICES.map(() => 0);
  const isCategory = columns.includes('category');
  for (const row of rows) {
    const text = isCategory ? `${row.subject ?? ''}\n${row.detail ?? ''}` : (row.text ?? '');
    classifiers.forEach((classifier, i) => {
      const got = classifier.classify(text);
      if (isCategory ? got.category === row.category : (ACCEPTS[row.type ?? ''] ?? []).includes(got.type)) hits[i]!++;
    });
  }
  console.log(`${path.basename(file)}, dev split (${rows.length}): ${isCategory ? 'category' : 'type'}`);
  CHOICES.forEach((bars, i) => console.log(`  ${describe(bars)}: ${ratio(hits[i]!, rows.length)}`));
}
