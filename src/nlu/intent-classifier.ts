import type { Confidence } from '../knowledge/retriever.ts';
import type { IntentDeclaration, IntentName } from './intent-declaration.ts';
import { characterPairs, likeness } from './similarity.ts';
import { normalizeText } from './tokenizer.ts';

/** The detected intent and how confident the classifier is (0 … 1). */
export interface IntentResult {
  name: IntentName;
  confidence: number;
  scores: Partial<Record<IntentName, number>>;
}

/** What retrieval found in the same text: a question naming an item leans towards `guide`. */
export interface IntentEvidence {
  itemConfidence: Confidence;
}

const ITEM_BONUS: Record<Confidence, number> = { sure: 0.7, ambiguous: 0.5, unknown: 0 };
const EXAMPLE_WEIGHT = 0.4;
/** Below this best score nothing is meant: the text is out of scope. */
const MIN_SCORE = 0.5;

/**
 * Scores text against the intents' declarations: the strongest trigger that occurs, plus the
 * likeness (character bigrams) to the closest example, plus a bonus for `guide` when retrieval
 * found an item. No model, no network: the same text always gets the same intent.
 */
export class IntentClassifier {
  private readonly declarations: { declaration: IntentDeclaration; examples: Set<string>[] }[];

  constructor(declarations: readonly IntentDeclaration[]) {
    this.declarations = declarations.map((declaration) => ({
      declaration,
      examples: declaration.examples.map((e) => characterPairs(normalizeText(e))),
    }));
  }

  /** Classifies one message. */
  classify(text: string, evidence: IntentEvidence): IntentResult {
    const normalized = normalizeText(text);
    const grams = characterPairs(normalized);
    const scores: Partial<Record<IntentName, number>> = {};
    for (const { declaration, examples } of this.declarations) {
      if (declaration.name === 'out_of_scope') continue;
      let trigger = 0;
      for (const { pattern, weight } of takenBack(declaration, normalized) ? [] : declaration.triggers) {
        const hit = typeof pattern === 'string' ? normalized.includes(pattern) : pattern.test(normalized);
        if (hit && weight > trigger) trigger = weight;
      }
      const closest = Math.max(0, ...examples.map((example) => likeness(grams, example).dice));
      let score = trigger + EXAMPLE_WEIGHT * closest;
      if (declaration.name === 'guide') score += ITEM_BONUS[evidence.itemConfidence];
      scores[declaration.name] = Math.round(score * 1000) / 1000;
    }
    const ranked = (Object.entries(scores) as [IntentName, number][]).sort((a, b) => b[1] - a[1]);
    const [best, second] = ranked;
    if (!best || best[1] < MIN_SCORE) {
      return { name: 'out_of_scope', confidence: round(1 - (best?.[1] ?? 0)), scores };
    }
    const margin = best[1] - (second?.[1] ?? 0);
    return { name: best[0], confidence: round(Math.min(1, 0.5 + margin / 2 + Math.min(best[1], 1) / 4)), scores };
  }
}

/** How close (in characters) a "happening now" word must be to a trigger to count. */
const NOW_WINDOW = 12;
/** A trigger that ends in, or is followed by, 了/啦/咯 tells of something that has just happened ("着火了"). */
const JUST_HAPPENED = /[了啦咯喽]/;
/** Where a clause begins: what comes before it belongs to another statement. */
const CLAUSE_BREAK = /[，,。.！!？?；;：:\n ]/;

/** The text from the start of the clause that holds `at` up to `at`. */
function clauseBefore(text: string, at: number): string {
  let start = at;
  while (start > 0 && !CLAUSE_BREAK.test(text[start - 1]!)) start--;
  return text.slice(start, at);
}

/**
 * Whether the declaration's triggers are taken back (see `notNowBefore`, `unless`, `stillWhen`):
 * a trigger still counts when a `stillWhen` word stands by it or it has just happened without a
 * not-now word before it; otherwise a claim anywhere, or a not-now word before every
 * occurrence, takes the triggers back.
 */
function takenBack(declaration: IntentDeclaration, text: string): boolean {
  if (!declaration.notNowBefore && !declaration.unless && !declaration.accountLongerThan) return false;
  const account = declaration.accountLongerThan !== undefined && [...text].length > declaration.accountLongerThan;
  let everyOneNotNow = true;
  for (const { pattern } of declaration.triggers) {
    const global = typeof pattern === 'string' ? null : new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);
    const matches = global ? [...text.matchAll(global)].map((m) => ({ at: m.index, end: m.index + m[0].length })) : indexesOf(text, pattern as string).map((at) => ({ at, end: at + (pattern as string).length }));
    for (const { at, end } of matches) {
      const near = text.slice(Math.max(0, at - NOW_WINDOW), end + NOW_WINDOW);
      if (declaration.stillWhen?.test(near)) return false;
      if (account) continue;
      const notNow = declaration.notNowBefore?.test(clauseBefore(text, at)) ?? false;
      if (!notNow && declaration.notNowBefore && JUST_HAPPENED.test(text.slice(end - 1, end + 1))) return false;
      if (!notNow) everyOneNotNow = false;
    }
  }
  if (account || declaration.unless?.some((pattern) => pattern.test(text))) return true;
  return declaration.notNowBefore !== undefined && everyOneNotNow;
}

function indexesOf(text: string, word: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) found.push(at);
  return found;
}

function round(value: number): number {
  return Math.round(Math.max(0, Math.min(1, value)) * 100) / 100;
}
