import { Index } from 'flexsearch';
import type { Tokenizer } from '../nlu/tokenizer.ts';
import { normalizeText } from '../nlu/tokenizer.ts';
import type { Item } from './schema.ts';

/** How much a word found in each field says about the item: names over summary over details. */
export const FIELD_WEIGHTS = { name: 3, aliases: 3, summary: 1.5, details: 1 } as const;
type Field = keyof typeof FIELD_WEIGHTS;
const FIELDS = Object.keys(FIELD_WEIGHTS) as Field[];

/** A scored candidate, before confidence is judged. */
export interface ScoredItem {
  item: Item;
  /** Sum over the query's words of scaled idf × the weight of the best field holding the word. */
  score: number;
  /** `score` divided by the best score the query's words could reach: 0 … 1. */
  coverage: number;
}

function fieldText(item: Item, field: Field): string[] {
  switch (field) {
    case 'name':
      return [item.name];
    case 'aliases':
      return item.aliases;
    case 'summary':
      return [item.summary];
    case 'details':
      return [
        ...item.conditions,
        ...item.materials.map((m) => m.name),
        ...item.faq.map((f) => f.q),
      ];
  }
}

/**
 * The inverted index over the service items: flexsearch finds candidates per field from jieba
 * words, then each candidate is scored by the idf of the query words it holds, weighted by field.
 * Item names and aliases are whole words in the tokenizer, so "吃低保" hits its alias exactly.
 */
export class SearchIndex {
  private readonly fieldIndexes = new Map<Field, Index>();
  private readonly termWeights: Map<string, number>[] = [];
  private readonly documentFrequency = new Map<string, number>();

  constructor(
    private readonly items: Item[],
    private readonly tokenizer: Tokenizer,
  ) {
    tokenizer.addWords(items.flatMap((item) => [item.name, ...item.aliases]));
    for (const field of FIELDS) {
      this.fieldIndexes.set(field, new Index({ tokenize: 'strict', encode: (text: string) => text.split(' ').filter(Boolean) }));
    }
    items.forEach((item, position) => this.add(item, position));
  }

  /** How many items there are. */
  get size(): number {
    return this.items.length;
  }

  private add(item: Item, position: number): void {
    const weights = new Map<string, number>();
    for (const field of FIELDS) {
      const terms = new Set<string>();
      for (const text of fieldText(item, field)) {
        for (const term of this.tokenizer.terms(text)) terms.add(term);
        // The whole alias or name is a term too, even where jieba would split it.
        if (field === 'name' || field === 'aliases') terms.add(normalizeText(text).replace(/\s+/g, ''));
      }
      for (const term of terms) weights.set(term, Math.max(weights.get(term) ?? 0, FIELD_WEIGHTS[field]));
      this.fieldIndexes.get(field)!.add(position, [...terms].join(' '));
    }
    for (const term of weights.keys()) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    this.termWeights[position] = weights;
  }

  /**
   * Inverse document frequency, scaled to 0 … 1 so that scores mean the same at 59 items and at
   * 50,000: a word no item holds gets 1, a word every item holds close to 0.
   */
  idf(term: string): number {
    const df = this.documentFrequency.get(term) ?? 0;
    const n = this.items.length;
    return Math.log(1 + n / Math.max(df, 0.5)) / Math.log(1 + n / 0.5);
  }

  /** Whether any item holds the word. */
  knows(term: string): boolean {
    return this.documentFrequency.has(term);
  }

  /**
   * Scores the items that hold any of the weighted query terms, best first. `terms` maps each
   * query word to a factor (1 for the resident's own words, less for synonym expansions).
   */
  score(terms: Map<string, number>, limit: number): ScoredItem[] {
    if (terms.size === 0) return [];
    const query = [...terms.keys()].join(' ');
    const candidates = new Set<number>();
    for (const index of this.fieldIndexes.values()) {
      for (const id of index.search(query, { limit: 200, suggest: true })) candidates.add(id as number);
    }
    let best = 0;
    for (const [term, factor] of terms) best += this.idf(term) * factor * FIELD_WEIGHTS.name;
    const scored: ScoredItem[] = [];
    for (const position of candidates) {
      const weights = this.termWeights[position]!;
      let score = 0;
      for (const [term, factor] of terms) {
        const weight = weights.get(term);
        if (weight) score += this.idf(term) * factor * weight;
      }
      if (score > 0) scored.push({ item: this.items[position]!, score, coverage: best > 0 ? score / best : 0 });
    }
    scored.sort((a, b) => b.score - a.score || a.item.name.length - b.item.name.length);
    return scored.slice(0, limit);
  }
}
