import type { LinearModel } from './linear-model.ts';
import { segment, type FeatureSpec } from './text-features.ts';

/**
 * The free-text slots read as a span of the message by trained taggers: where the problem is
 * (location), since when (since), a name, whose booking it is (relation) and the house (address).
 * Each character gets B (a span begins), I (it goes on) or O; the features are the characters
 * around it, the jieba word it is part of and its neighbours, and the form's question. Each slot
 * says which goes first, its pattern or its tagger (a since-when: the tagger; the others: the pattern).
 */
export const SPAN_SLOTS = {
  location: { forms: ['complaint'] },
  since: { forms: ['complaint'] },
  name: { forms: ['visit', 'complaint'] },
  relation: { forms: ['visit'] },
  address: { forms: ['visit'] },
} as const;
export type SpanSlot = keyof typeof SPAN_SLOTS;

/** The taggers read no text features of their own: everything is in the per-character features. */
export const SPAN_SPEC: FeatureSpec = { chars: [], pinyin: false, words: false, lastClause: false, length: false };

/** Spans longer than this are no slot value. */
const LONGEST = 20;

function kindOf(c: string | undefined): string {
  if (c === undefined) return 'edge';
  if (/\p{Script=Han}/u.test(c)) return 'han';
  if (/\d/.test(c)) return 'digit';
  if (/[A-Za-z]/.test(c)) return 'latin';
  return 'mark';
}

/** The last text segmented: a message is read by up to three taggers, one after the other. */
let lastSegmented: { text: string; words: { word: string; place: string }[] } | undefined;

/** For each character, its jieba word and where in it the character stands (S alone, B, M, E). */
function wordsAt(chars: readonly string[]): { word: string; place: string }[] {
  const text = chars.join('');
  if (lastSegmented?.text === text) return lastSegmented.words;
  const at = chars.map((c) => ({ word: c, place: 'S' }));
  let start = 0;
  for (const word of segment(text)) {
    const length = [...word].length;
    for (let k = 0; k < length && start + k < at.length; k++) at[start + k] = { word, place: length === 1 ? 'S' : k === 0 ? 'B' : k === length - 1 ? 'E' : 'M' };
    start += length;
  }
  lastSegmented = { text, words: at };
  return at;
}

/**
 * The features of every character of a text: itself and its neighbours (to three either side),
 * their pairs and triples and kinds, its word, the words before and after, and the form's
 * question. Chosen by cross-validation by writer on the training writers (README).
 */
export function spanFeatures(text: string, context: string): string[][] {
  const chars = [...text];
  const words = wordsAt(chars);
  return chars.map((_, i) => {
    const at = (k: number) => chars[i + k] ?? (i + k < 0 ? '^' : '$');
    const word = words[i]!;
    return [
      `u0:${at(0)}`,
      `u-1:${at(-1)}`,
      `u+1:${at(1)}`,
      `u-2:${at(-2)}`,
      `u+2:${at(2)}`,
      `u-3:${at(-3)}`,
      `u+3:${at(3)}`,
      `b-1:${at(-1)}${at(0)}`,
      `b+1:${at(0)}${at(1)}`,
      `b-2:${at(-2)}${at(-1)}`,
      `b+2:${at(1)}${at(2)}`,
      `t-1:${at(-1)}${at(0)}${at(1)}`,
      `t-2:${at(-2)}${at(-1)}${at(0)}`,
      `t+2:${at(0)}${at(1)}${at(2)}`,
      `k:${kindOf(chars[i - 1])}_${kindOf(chars[i])}_${kindOf(chars[i + 1])}`,
      `wm:${word.place}`,
      `wm-1:${words[i - 1]?.place ?? '^'}${word.place}`,
      `w:${word.word}`,
      `w-1:${words[i - 1]?.word ?? '^'}`,
      `w+1:${words[i + 1]?.word ?? '$'}`,
      context,
      `${context}|u0:${at(0)}`,
      `${context}|w:${word.word}`,
    ];
  });
}

/** The B/I/O labels of a text for a value found in it (its first occurrence), or undefined when it is not there. */
export function spanLabels(chars: readonly string[], value: string | undefined): string[] | undefined {
  const labels = chars.map(() => 'O');
  if (value === undefined) return labels;
  const wanted = [...value];
  for (let start = 0; start + wanted.length <= chars.length; start++) {
    if (wanted.every((c, k) => chars[start + k] === c)) {
      labels[start] = 'B';
      for (let k = 1; k < wanted.length; k++) labels[start + k] = 'I';
      return labels;
    }
  }
  return undefined;
}

const log = (p: number) => Math.log(Math.max(p, 1e-9));

/**
 * The likeliest reading of the whole text — one span (a B, then I's, O around it) or none — by
 * the product of the characters' probabilities; no threshold. (A first character sure at 0.85
 * and I's at 0.5 read far less: cross-validated F1 of location 0.64 against 0.87, README.)
 */
export function readSpan(model: LinearModel, text: string, context: string): string | undefined {
  const chars = [...text];
  const [b, inside, outside] = ['B', 'I', 'O'].map((l) => model.labels.indexOf(l)) as [number, number, number];
  const read = spanFeatures(text, context).map((features) => model.predict('', features).probabilities);
  // before[i]: the log-probability that the first i characters are all outside.
  const before = [0];
  for (const p of read) before.push(before.at(-1)! + log(p[outside]!));
  const none = before[chars.length]!;
  let best: { start: number; end: number; score: number } | undefined;
  for (let start = 0; start < chars.length; start++) {
    let span = log(read[start]![b]!);
    for (let end = start + 1; end <= Math.min(chars.length, start + LONGEST); end++) {
      if (end > start + 1) span += log(read[end - 1]![inside]!);
      const score = before[start]! + span + (none - before[end]!);
      if (!best || score > best.score) best = { start, end, score };
    }
  }
  return best && best.score > none ? chars.slice(best.start, best.end).join('') : undefined;
}
