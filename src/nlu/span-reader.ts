import type { LinearModel } from './linear-model.ts';
import type { FeatureSpec } from './text-features.ts';

/**
 * The free-text slots read as a span of the message by trained taggers: where the problem is
 * (location), since when (since), a name, and whose booking it is (relation). Each character gets
 * B (a span begins), I (it goes on) or O; the features are the characters around it and the
 * form's question. A tagger's span is taken only where the slot's own pattern found nothing.
 */
export const SPAN_SLOTS = {
  location: { forms: ['complaint'] },
  since: { forms: ['complaint'] },
  name: { forms: ['visit', 'complaint'] },
  relation: { forms: ['visit'] },
} as const;
export type SpanSlot = keyof typeof SPAN_SLOTS;

/** The taggers read no text features of their own: everything is in the per-character features. */
export const SPAN_SPEC: FeatureSpec = { chars: [], pinyin: false, words: false, lastClause: false, length: false };

/** A span is taken when its first character begins one this surely, and every next one goes on. */
const SURE_BEGIN = 0.85;
const GOES_ON = 0.5;
/** Spans longer than this are no slot value. */
const LONGEST = 20;

function kindOf(c: string | undefined): string {
  if (c === undefined) return 'edge';
  if (/\p{Script=Han}/u.test(c)) return 'han';
  if (/\d/.test(c)) return 'digit';
  if (/[A-Za-z]/.test(c)) return 'latin';
  return 'mark';
}

/** The features of the character at `i`: itself and its neighbours, their pairs and kinds, and the form's question. */
export function positionFeatures(chars: readonly string[], i: number, context: string): string[] {
  const at = (k: number) => chars[i + k] ?? (i + k < 0 ? '^' : '$');
  return [
    `u0:${at(0)}`,
    `u-1:${at(-1)}`,
    `u+1:${at(1)}`,
    `u-2:${at(-2)}`,
    `u+2:${at(2)}`,
    `b-1:${at(-1)}${at(0)}`,
    `b+1:${at(0)}${at(1)}`,
    `b-2:${at(-2)}${at(-1)}`,
    `b+2:${at(1)}${at(2)}`,
    `k:${kindOf(chars[i - 1])}_${kindOf(chars[i])}_${kindOf(chars[i + 1])}`,
    context,
    `${context}|u0:${at(0)}`,
  ];
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

/** The surest span the tagger reads in the text, if one is sure enough. */
export function readSpan(model: LinearModel, text: string, context: string): string | undefined {
  const chars = [...text];
  const b = model.labels.indexOf('B');
  const inside = model.labels.indexOf('I');
  const read = chars.map((_, i) => model.predict('', positionFeatures(chars, i, context)).probabilities);
  let best: { start: number; end: number; p: number } | undefined;
  for (let start = 0; start < chars.length; start++) {
    const p = read[start]![b]!;
    if (p < SURE_BEGIN || (best && p <= best.p)) continue;
    let end = start + 1;
    while (end < chars.length && end - start < LONGEST && read[end]![inside]! >= GOES_ON) end++;
    best = { start, end, p };
  }
  return best ? chars.slice(best.start, best.end).join('') : undefined;
}
