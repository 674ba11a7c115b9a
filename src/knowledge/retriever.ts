import type { Tokenizer } from '../nlu/tokenizer.ts';
import { normalizeText } from '../nlu/tokenizer.ts';
import type { ScoredItem, SearchIndex } from './search-index.ts';

/** How sure the retriever is: one item, two or three close ones, or none. */
export type Confidence = 'sure' | 'ambiguous' | 'unknown';

/** The result of a question: the hits best first and what the bot may do with them. */
export interface Retrieval {
  hits: ScoredItem[];
  confidence: Confidence;
  /** The items to offer as a numbered choice when ambiguous (two or three). */
  choices: ScoredItem[];
  /**
   * The question's words of two or more characters that no item holds ("护照", "摩托车"): a
   * question naming something the knowledge base does not have is not a follow-up of the last item.
   */
  unknownWords: string[];
}

/** Calibrated on the development questions (`npm run eval`); see the README. */
export const THRESHOLDS = {
  /** Below this score no item is close enough to answer from (one rare title word is about 2.5). */
  minScore: 2,
  /** Below this share of the query's weight the question is mostly about something else. */
  minCoverage: 0.2,
  /**
   * A runner-up less than this behind the best makes the question ambiguous. An absolute gap,
   * not a ratio: a long question shares many words with several items, which inflates both
   * scores alike while the evidence that tells them apart stays the same size.
   */
  ambiguousGap: 0.5,
} as const;

const SYNONYM_FACTOR = 0.8;
/** Characters of question and errand words ("哪办", "办好", "能领"): a word made only of these names no thing. */
const ERRAND_CHARS = new Set('在哪办好能多久要带去领交开补换什么啥咋怎么样呢吗了的是有没不几时候天里儿边到给拿弄搞问下说会可以找谁个些还再先后才就都已经'.split(''));
const LATIN = /^[a-z0-9.'-]+$/;

/**
 * Finds the service item a question is about: expands colloquial words through the synonym
 * list, scores items with the search index and judges how sure it is.
 */
export class Retriever {
  private readonly synonyms: [string, string[]][];
  private readonly placeNames: Set<string>;

  constructor(
    private readonly index: SearchIndex,
    private readonly tokenizer: Tokenizer,
    synonyms: Record<string, string[]>,
    /** Village names: they say where the resident lives, not what she asks about. */
    placeNames: readonly string[] = [],
  ) {
    this.synonyms = Object.entries(synonyms).map(([word, targets]) => [normalizeText(word), targets]);
    tokenizer.addWords(this.synonyms.map(([word]) => word));
    this.placeNames = new Set(placeNames.map((name) => normalizeText(name).replace(/\s+/g, '')));
  }

  /**
   * The query's weighted words: the resident's own, then synonym expansions. Latin-script words
   * the knowledge base does not know ("how", "to") and village names are dropped: residents mix
   * them in as filler or to say where they live, and counting them would make a plain question
   * look out of scope.
   */
  queryTerms(text: string): Map<string, number> {
    const normalized = normalizeText(text);
    const compacted = normalized.replace(/\s+/g, '');
    const terms = new Map<string, number>();
    for (const term of this.tokenizer.terms(normalized)) {
      if (LATIN.test(term) && !this.index.knows(term)) continue;
      // "我是岭口村的，残疾证过期了" asks about 残疾证 alone; an unknown word would count against it.
      if (this.placeNames.has(term) && !this.index.knows(term)) continue;
      terms.set(term, 1);
    }
    for (const [word, targets] of this.synonyms) {
      if (!compacted.includes(word)) continue;
      for (const target of targets) {
        for (const term of this.tokenizer.terms(target)) {
          if (!terms.has(term)) terms.set(term, SYNONYM_FACTOR);
        }
      }
    }
    return terms;
  }

  /** Retrieves and judges confidence. */
  retrieve(text: string, limit = 5): Retrieval {
    const terms = this.queryTerms(text);
    const words = new Set([...this.tokenizer.words(text), ...terms.keys()]);
    const hits = this.index.score(terms, Math.max(limit, 3), words).slice(0, limit);
    const unknownWords = [...terms.keys()].filter(
      (term) => [...term].length >= 2 && terms.get(term) === 1 && !this.index.knows(term) && [...term].some((c) => !ERRAND_CHARS.has(c)),
    );
    const top = hits[0];
    if (!top || top.score < THRESHOLDS.minScore || top.coverage < THRESHOLDS.minCoverage) {
      return { hits, confidence: 'unknown', choices: [], unknownWords };
    }
    const close = hits.slice(1, 3).filter((hit) => top.score - hit.score < THRESHOLDS.ambiguousGap);
    if (close.length > 0) return { hits, confidence: 'ambiguous', choices: [top, ...close], unknownWords };
    return { hits, confidence: 'sure', choices: [top], unknownWords };
  }
}
