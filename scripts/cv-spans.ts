/**
 * npm run cv:spans [-- SLOT,SLOT]
 *
 * Cross-validates the span taggers (src/nlu/span-reader.ts) by writer on the training writers
 * only (4 folds of whole writers; the held-out writers are never read): for each slot, the F1 of
 * the spans read — a span counts when it holds the labelled words or they hold it — with the
 * reader's decoding (the likeliest whole reading) beside the old one (a first character sure at
 * 0.85, then characters going on at 0.5). How the taggers' features and decoding were chosen.
 * A few minutes.
 */
import path from 'node:path';
import { loadCorpus, loadWriters, ResidentRow, splitByWriter } from '../src/nlu/corpus.ts';
import { LinearModel } from '../src/nlu/linear-model.ts';
import { FeatureCache, trainLinear } from '../src/nlu/linear-trainer.ts';
import { OPENING, OPENING_INTENT } from '../src/nlu/slot-readers.ts';
import { readSpan, SPAN_SLOTS, SPAN_SPEC, spanFeatures, spanLabels, type SpanSlot } from '../src/nlu/span-reader.ts';
import { formContextFeature } from '../src/nlu/understanding-model.ts';
import { LARGE_MODEL_MIN_COUNT, LEARNER } from '../src/nlu/understanding-training.ts';

const DIR = path.join(process.env.KNOWLEDGE_DIR ?? 'knowledge', 'nlu');
const FOLDS = 4;
const { train } = splitByWriter(loadCorpus(path.join(DIR, 'resident'), ResidentRow), loadWriters(DIR).resident);

interface Case {
  writer: string;
  text: string;
  context: string;
  gold: string | undefined;
}

/** The first messages of the slot's forms and the answers inside them, with the words labelled. */
function cases(slot: SpanSlot): Case[] {
  const forms: readonly string[] = SPAN_SLOTS[slot].forms;
  return train.flatMap((row) => {
    const inForm = row.context && 'form' in row.context ? row.context : undefined;
    const opening = forms.find((f) => OPENING_INTENT[f] === row.intent);
    const context = inForm ? (forms.includes(inForm.form) ? formContextFeature(inForm.form, inForm.asking) : undefined) : opening && !row.context ? formContextFeature(opening, OPENING) : undefined;
    if (!context) return [];
    const value = (row.slots as Record<string, unknown> | undefined)?.[slot];
    return [{ writer: row.writer, text: row.text, context, gold: typeof value === 'string' ? value : undefined }];
  });
}

/** The old decoding: the surest first character at 0.85 or more, then every next one at 0.5 or more. */
function thresholdSpan(model: LinearModel, text: string, context: string): string | undefined {
  const chars = [...text];
  const [b, inside] = [model.labels.indexOf('B'), model.labels.indexOf('I')];
  const read = spanFeatures(text, context).map((f) => model.predict('', f).probabilities);
  let best: { start: number; end: number; p: number } | undefined;
  for (let start = 0; start < chars.length; start++) {
    const p = read[start]![b]!;
    if (p < 0.85 || (best && p <= best.p)) continue;
    let end = start + 1;
    while (end < chars.length && end - start < 20 && read[end]![inside]! >= 0.5) end++;
    best = { start, end, p };
  }
  return best ? chars.slice(best.start, best.end).join('') : undefined;
}

const flat = (v: string) => v.replace(/[\s\p{P}\p{S}]/gu, '');
const f1 = (t: { tp: number; fp: number; fn: number }) => (2 * t.tp) / (2 * t.tp + t.fp + t.fn || 1);
const wanted = (process.argv[2] ?? Object.keys(SPAN_SLOTS).join(',')).split(',') as SpanSlot[];
for (const slot of wanted) {
  const all = cases(slot);
  const writers = [...new Set(all.map((c) => c.writer))].sort();
  const tallies = { likeliest: { tp: 0, fp: 0, fn: 0 }, threshold: { tp: 0, fp: 0, fn: 0 } };
  for (let fold = 0; fold < FOLDS; fold++) {
    const testing = new Set(writers.filter((_, i) => i % FOLDS === fold));
    const examples = all
      .filter((c) => !testing.has(c.writer))
      .flatMap((c) => {
        const labels = spanLabels([...c.text], c.gold);
        if (!labels) return [];
        const features = spanFeatures(c.text, c.context);
        return labels.map((label, i) => ({ text: '', extra: features[i]!, label }));
      });
    const model = new LinearModel(trainLinear(examples, ['B', 'I', 'O'], { ...LEARNER, minCount: LARGE_MODEL_MIN_COUNT, spec: SPAN_SPEC }, new FeatureCache()));
    for (const c of all.filter((c) => testing.has(c.writer))) {
      for (const [name, read] of [['likeliest', readSpan(model, c.text, c.context)], ['threshold', thresholdSpan(model, c.text, c.context)]] as const) {
        const t = tallies[name];
        if (read === undefined) {
          if (c.gold !== undefined) t.fn++;
        } else if (c.gold !== undefined && (flat(read).includes(flat(c.gold)) || flat(c.gold).includes(flat(read)))) t.tp++;
        else {
          t.fp++;
          if (c.gold !== undefined) t.fn++;
        }
      }
    }
    process.stderr.write(`  ${slot}: fold ${fold + 1}/${FOLDS}\n`);
  }
  console.log(`${slot} (${all.length} messages, ${all.filter((c) => c.gold).length} with one): F1 ${f1(tallies.likeliest).toFixed(3)} read as the likeliest whole reading, ${f1(tallies.threshold).toFixed(3)} with the old thresholds`);
}
