/**
 * npm run cv:spans [-- SLOT,SLOT]
 *
 * Cross-validates the span taggers (src/nlu/span-reader.ts) by writer on the training writers
 * only (4 folds of whole writers; the held-out writers are never read), on the messages a tagger
 * reads (a form's first message, the report itself, the answer to the slot's own question): for
 * each slot, the F1 of the spans read, counted two ways — "holds" when the span holds the
 * labelled words or they hold it (as `npm run eval` counts), "exact" when it is those words (but
 * for spaces and punctuation) — with the reader's decoding (the likeliest whole reading) beside
 * the old one (a first character sure at 0.85, then characters going on at 0.5). A few minutes.
 */
import path from 'node:path';
import { loadCorpus, loadWriters, ResidentRow, splitByWriter } from '../src/nlu/corpus.ts';
import { LinearModel } from '../src/nlu/linear-model.ts';
import { FeatureCache, trainLinear } from '../src/nlu/linear-trainer.ts';
import { CORPUS_SLOT_NAME } from '../src/nlu/slot-readers.ts';
import { readSpan, SPAN_SLOTS, SPAN_SPEC, spanFeatures, spanLabels, type SpanSlot } from '../src/nlu/span-reader.ts';
import { formMessages, LARGE_MODEL_MIN_COUNT, LEARNER } from '../src/nlu/understanding-training.ts';

const DIR = path.join(process.env.KNOWLEDGE_DIR ?? 'knowledge', 'nlu');
const FOLDS = 4;
const { train } = splitByWriter(loadCorpus(path.join(DIR, 'resident'), ResidentRow), loadWriters(DIR).resident);

interface Case {
  writer: string;
  text: string;
  context: string;
  gold: string | undefined;
  /** Whether the reader reads this message (understanding-model.ts): not an answer to another question. */
  read: boolean;
}

/** The first messages of the slot's forms and the answers inside them, as training selects them, with the words labelled. */
function cases(slot: SpanSlot): Case[] {
  return formMessages(train, SPAN_SLOTS[slot].forms).map(({ row, extra: [context] }) => {
    const inForm = row.context && 'form' in row.context ? row.context : undefined;
    const value = (row.slots as Record<string, unknown> | undefined)?.[slot];
    const read = !inForm || inForm.asking === 'content' || (CORPUS_SLOT_NAME[inForm.asking] ?? inForm.asking) === slot;
    return { writer: row.writer, text: row.text, context, gold: typeof value === 'string' ? value : undefined, read };
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
  const tally = () => ({ tp: 0, fp: 0, fn: 0 });
  const tallies = { likeliest: tally(), threshold: tally(), likeliestExact: tally(), thresholdExact: tally() };
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
    for (const c of all.filter((c) => testing.has(c.writer) && c.read)) {
      for (const [name, read] of [['likeliest', readSpan(model, c.text, c.context)], ['threshold', thresholdSpan(model, c.text, c.context)]] as const) {
        for (const exact of [false, true]) {
          const t = tallies[exact ? (`${name}Exact` as const) : name];
          const right = (span: string, gold: string) => (exact ? flat(span) === flat(gold) : flat(span).includes(flat(gold)) || flat(gold).includes(flat(span)));
          if (read === undefined) {
            if (c.gold !== undefined) t.fn++;
          } else if (c.gold !== undefined && right(read, c.gold)) t.tp++;
          else {
            t.fp++;
            if (c.gold !== undefined) t.fn++;
          }
        }
      }
    }
    process.stderr.write(`  ${slot}: fold ${fold + 1}/${FOLDS}\n`);
  }
  const both = (a: { tp: number; fp: number; fn: number }, b: { tp: number; fp: number; fn: number }) => `${f1(a).toFixed(3)} holds / ${f1(b).toFixed(3)} exact`;
  const read = all.filter((c) => c.read);
  console.log(`${slot} (${read.length} messages read, ${read.filter((c) => c.gold).length} with one): F1 ${both(tallies.likeliest, tallies.likeliestExact)} read as the likeliest whole reading; ${both(tallies.threshold, tallies.thresholdExact)} with the old thresholds`);
}
