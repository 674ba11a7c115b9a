import type { Tokenizer } from '../nlu/tokenizer.ts';
import { normalizeText } from '../nlu/tokenizer.ts';
import type { Item } from './schema.ts';

/**
 * How much a word found in each field says about the item. `title` is a whole name or alias
 * ("低保", "吃低保"); `titleWords` are the words inside them ("生活", "保障"); `summary` is the
 * plain-language summary; `details` are conditions, material names and FAQ questions.
 */
export const FIELD_WEIGHTS = { title: 3, titleWords: 2, summary: 1.5, details: 1 } as const;
/**
 * Added to the score for a name or alias the query spells out in full (less for a part, more for
 * a long one: up to 1.3 times this).
 */
export const TITLE_MATCH_WEIGHT = 2;
/** The most the title match can add (a long name spelled out in full). */
const MAX_TITLE_BONUS = TITLE_MATCH_WEIGHT * 1.3;
type Field = keyof typeof FIELD_WEIGHTS;
const FIELDS = Object.keys(FIELD_WEIGHTS) as Field[];
/**
 * How many items one word may bring from one field's postings. Only a word held by more items
 * than this is cut short, and such a word weighs next to nothing.
 */
const CANDIDATES_PER_FIELD = 2000;
/** At most this many of the best-scoring items get the (dearer) title match. */
const TITLE_MATCH_POOL = 100;

/** The `count` best of `values` by `compare`, without sorting all of them. */
function bestOf(values: number[], count: number, compare: (a: number, b: number) => number): number[] {
  const best: number[] = [];
  for (const value of values) {
    if (best.length === count && compare(value, best[count - 1]!) >= 0) continue;
    let at = best.length;
    while (at > 0 && compare(value, best[at - 1]!) < 0) at--;
    best.splice(at, 0, value);
    if (best.length > count) best.pop();
  }
  return best;
}

/** A scored candidate, before confidence is judged. */
export interface ScoredItem {
  item: Item;
  /**
   * Sum over the query's words of the best field weight × that field's scaled idf of the word,
   * plus the title match.
   */
  score: number;
  /** The word score divided by the best the query's words could reach anywhere: 0 … 1. */
  coverage: number;
}

function compact(text: string): string {
  return normalizeText(text).replace(/\s+/g, '');
}

/**
 * The inverted index over the service items: per field, each jieba word's postings (the items
 * holding it) give the candidates, then each candidate is scored word by word. A word counts by the field it is found in
 * and by how rare it is *in that field*: "低保" is the alias of one item and merely mentioned in
 * the conditions of ten others, so it weighs much more as a title than as a detail.
 */
export class SearchIndex {
  /** Per field, per word: the positions of the items holding it, in order (its length is the document frequency). */
  private readonly postings = Object.fromEntries(FIELDS.map((field) => [field, new Map<string, number[]>()])) as Record<Field, Map<string, number[]>>;
  /** Per item, during one search: its score so far, and the last word that added to it. */
  private readonly scores: Float64Array;
  private readonly stamps: Uint32Array;
  private stamp = 0;
  /** Per item: its names and aliases, compacted. */
  private readonly itemTitles: string[][] = [];

  constructor(
    private readonly items: Item[],
    tokenizer: Tokenizer,
  ) {
    tokenizer.addWords(items.flatMap((item) => [item.name, ...item.aliases]));
    // Catalogues repeat much of their text (身份证, 户口簿, 本县户籍…): segment each text once.
    const segmented = new Map<string, string[]>();
    this.segment = (text) => {
      let terms = segmented.get(text);
      if (!terms) segmented.set(text, (terms = tokenizer.terms(text)));
      return terms;
    };
    items.forEach((item, position) => this.add(item, position));
    this.scores = new Float64Array(items.length);
    this.stamps = new Uint32Array(items.length);
    this.segment = (text) => tokenizer.terms(text);
  }

  private segment: (text: string) => string[];

  private nextStamp(): number {
    if (this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  /** How many items there are. */
  get size(): number {
    return this.items.length;
  }

  private fieldTerms(item: Item): Record<Field, Set<string>> {
    const titles = [item.name, ...item.aliases];
    const title = new Set(titles.map(compact));
    const titleWords = new Set(titles.flatMap((text) => this.segment(text)).filter((t) => !title.has(t)));
    const summary = new Set(this.segment(item.summary));
    const details = new Set(
      [...item.conditions, ...item.materials.map((m) => m.name), ...item.faq.map((f) => f.q)].flatMap((text) =>
        this.segment(text),
      ),
    );
    return { title, titleWords, summary, details };
  }

  private add(item: Item, position: number): void {
    const terms = this.fieldTerms(item);
    for (const field of FIELDS) {
      const postings = this.postings[field];
      for (const term of terms[field]) {
        const holders = postings.get(term);
        if (holders) holders.push(position);
        else postings.set(term, [position]);
      }
    }
    this.itemTitles[position] = [item.name, ...item.aliases].map(compact);
  }

  /**
   * How much of the item's best-matching name or alias the query's words spell out, as a share
   * of its characters, 0 … 1: "失业了怎么登记" covers all of 失业登记 but only two thirds of 失业证.
   * Breaks ties between items that share the query's words in their titles.
   */
  private titleMatch(position: number, words: ReadonlySet<string>): number {
    let best = 0;
    for (const title of this.itemTitles[position]!) {
      let covered: boolean[] | undefined;
      for (const word of words) {
        for (let at = title.indexOf(word); at !== -1; at = title.indexOf(word, at + 1)) {
          covered ??= new Array<boolean>(title.length).fill(false);
          covered.fill(true, at, at + word.length);
        }
      }
      if (!covered) continue;
      let count = 0;
      for (const c of covered) if (c) count++;
      // A longer name spelled out is more specific evidence than a two-character one.
      best = Math.max(best, (count / title.length) ** 2 * (0.7 + 0.1 * Math.min(count, 6)));
    }
    return best;
  }

  /**
   * Inverse document frequency within one field, scaled to 0 … 1 so that scores mean the same at
   * 59 items and at 50,000: a word no item holds there gets 1, a word every item holds close to 0.
   */
  private idf(field: Field, term: string): number {
    const df = this.postings[field].get(term)?.length ?? 0;
    const n = this.items.length;
    return Math.log(1 + n / Math.max(df, 0.5)) / Math.log(1 + n / 0.5);
  }

  private weight(field: Field, term: string): number {
    return FIELD_WEIGHTS[field] * this.idf(field, term);
  }

  /** Whether any item holds the word in any field. */
  knows(term: string): boolean {
    return FIELDS.some((field) => this.postings[field].has(term));
  }

  /**
   * The most a word can add to any item's score: its weight in the best field that holds it, or
   * a full title weight for a word no item holds (a word the knowledge base knows nothing of is
   * strong evidence that the question is about something else).
   */
  reach(term: string): number {
    let best = 0;
    for (const field of FIELDS) {
      if (this.postings[field].has(term)) best = Math.max(best, this.weight(field, term));
    }
    return best > 0 ? best : FIELD_WEIGHTS.title;
  }

  /**
   * Scores the items that hold any of the weighted query terms, best first. `terms` maps each
   * query word to a factor (1 for the resident's own words, less for synonym expansions);
   * `words` are all the query's words, stopwords included ("申请" in "申请养老金"), for the title
   * match.
   */
  score(terms: Map<string, number>, limit: number, words: ReadonlySet<string> = new Set(terms.keys())): ScoredItem[] {
    if (terms.size === 0) return [];
    // Accumulate each word's best field weight into the items holding it, from the postings,
    // strongest field first so that a word counts once per item.
    const touched: number[] = [];
    for (const [term, factor] of terms) {
      const stamp = this.nextStamp();
      const fields = FIELDS.map((field) => ({ field, weight: this.weight(field, term) * factor }))
        .filter(({ field }) => this.postings[field].has(term))
        .sort((a, b) => b.weight - a.weight);
      for (const { field, weight } of fields) {
        const holders = this.postings[field].get(term)!;
        for (let i = 0; i < Math.min(holders.length, CANDIDATES_PER_FIELD); i++) {
          const position = holders[i]!;
          if (this.stamps[position] === stamp) continue;
          this.stamps[position] = stamp;
          if (this.scores[position] === 0) touched.push(position);
          this.scores[position] = this.scores[position]! + weight;
        }
      }
    }
    let best = 0;
    for (const [term, factor] of terms) best += this.reach(term) * factor;
    let top = 0;
    for (const position of touched) top = Math.max(top, this.scores[position]!);
    // The title match lifts an item by at most MAX_TITLE_BONUS: only those within that reach
    // of the top can change places with it, so only they (the strongest TITLE_MATCH_POOL) are
    // matched; of the rest only the best `limit` can be in the answer.
    const pool: number[] = [];
    const rest: number[] = [];
    for (const position of touched) (this.scores[position]! >= top - MAX_TITLE_BONUS ? pool : rest).push(position);
    const byScore = (a: number, b: number) => this.scores[b]! - this.scores[a]!;
    pool.sort(byScore);
    const shortlist = [...pool.slice(0, TITLE_MATCH_POOL), ...bestOf(rest, limit, byScore)];
    const scored: ScoredItem[] = shortlist.map((position, rank) => {
      const score = this.scores[position]!;
      return {
        item: this.items[position]!,
        score: rank < Math.min(pool.length, TITLE_MATCH_POOL) ? score + TITLE_MATCH_WEIGHT * this.titleMatch(position, words) : score,
        coverage: best > 0 ? score / best : 0,
      };
    });
    for (const position of touched) this.scores[position] = 0;
    scored.sort((a, b) => b.score - a.score || a.item.name.length - b.item.name.length);
    return scored.slice(0, limit);
  }
}
