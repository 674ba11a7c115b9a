import { normalizeText } from '../nlu/tokenizer.ts';
import { APPEAL_TYPES, type AppealType, type HotlineCategories } from './categories.ts';

/** What the hotline needs to route a complaint or request. */
export interface HotlineClassification {
  type: AppealType;
  /** A level-1 name of the hotline taxonomy. */
  category: string;
  /** A level-2 name under `category`; "其他" when nothing more precise was found. */
  subcategory: string;
  /** 0–1: how clearly the category won; 0 when no keyword matched at all. */
  confidence: number;
}

/** Anything that classifies a complaint for the hotline: the offline rules, or a chat model in front of them. */
export interface AppealClassifier {
  classify(text: string): HotlineClassification | Promise<HotlineClassification>;
}

/** The first line or sentence (a subject, when there is one) counts HEAD_BOOST times. */
const HEAD = /[\n。！？!?]/;
const HEAD_MAX = 40;
const HEAD_BOOST = 3;
/** For the type, the last TAIL_LENGTH characters (what the resident asks for) count more. */
const TAIL_LENGTH = 60;
const TAIL_BOOST = 2;
/** Each further occurrence of a word adds this share of its weight, up to REPEAT_MAX times. */
const REPEAT_BONUS = 0.4;
const REPEAT_MAX = 2;

/**
 * Shapes of a message that say what kind of request it is, beyond single words: a message that
 * asks mostly questions, or ends on one, asks; an incident told with its date or a sum of money,
 * or a message ending on "解决/处理", wants something put right.
 */
const TYPE_RULES: { test: (text: string) => boolean; type: AppealType; weight: number }[] = [
  { test: (t) => t.includes('?'), type: '咨询', weight: 1.5 },
  { test: (t) => /\?[^?]{0,20}$/.test(t), type: '咨询', weight: 2 },
  { test: (t) => questionShare(t) >= 0.5, type: '咨询', weight: 2 },
  { test: (t) => /\d+月\d+日/.test(t), type: '投诉', weight: 2 },
  { test: (t) => /\d+(\.\d+)?元/.test(t), type: '投诉', weight: 2 },
  { test: (t) => /(解决|处理)[。!.]*$/.test(t), type: '投诉', weight: 2 },
];

/** The share of sentences that end in a question mark (text already normalized to "?"). */
function questionShare(text: string): number {
  const ends = text.match(/[。!?;]/g) ?? [];
  return ends.length === 0 ? 0 : ends.filter((e) => e === '?').length / ends.length;
}

/** Used when no keyword matched: the hotline's largest category, unspecified within it. */
const FALLBACK = { category: '城乡建设', subcategory: '其他' } as const;

/**
 * Finds keywords in text longest-first, left to right, so that each character belongs to one
 * match at most: "医疗保险" matches once and never also as "医疗".
 */
class KeywordMatcher<T> {
  private readonly entries = new Map<string, T[]>();
  private longest = 0;

  add(word: string, payload: T): void {
    const key = normalizeText(word).replace(/\s+/g, '');
    if (key === '') return;
    const list = this.entries.get(key);
    if (list) list.push(payload);
    else this.entries.set(key, [payload]);
    this.longest = Math.max(this.longest, key.length);
  }

  /** Every match with its position; `text` must already be normalized. */
  *matches(text: string): Generator<{ word: string; index: number; payloads: T[] }> {
    let i = 0;
    while (i < text.length) {
      let found = false;
      for (let length = Math.min(this.longest, text.length - i); length >= 1; length--) {
        const word = text.slice(i, i + length);
        const payloads = this.entries.get(word);
        if (payloads) {
          yield { word, index: i, payloads };
          i += length;
          found = true;
          break;
        }
      }
      if (!found) i++;
    }
  }
}

interface Target {
  category: number;
  /** -1: the level-1 category's own keyword. */
  subcategory: number;
  weight: number;
}

/** How much a match at `index` counts: the first line or sentence (a subject) counts more. */
function headBoost(text: string): (index: number) => number {
  const cut = text.search(HEAD);
  const head = cut === -1 ? Math.min(text.length, HEAD_MAX) : Math.min(cut, HEAD_MAX);
  return (index) => (index < head ? HEAD_BOOST : 1);
}

/** For the kind of request, the closing words count more: that is where residents say what they want. */
function tailBoost(text: string): (index: number) => number {
  const tail = Math.max(0, text.length - TAIL_LENGTH);
  return (index) => (index >= tail ? TAIL_BOOST : 1);
}

/** The text normalized line by line, so that a first line (a subject) stays a line of its own. */
function normalizedLines(text: string): string {
  return text.split(/\r?\n/).map(normalizeText).filter((line) => line !== '').join('\n');
}

/** Adds up weighted matches; a repeated word adds a little, up to a limit. */
function score<T extends { weight: number }>(matcher: KeywordMatcher<T>, text: string, boost: (index: number) => number, add: (payload: T, points: number) => void): void {
  const seen = new Map<string, number>();
  for (const { word, index, payloads } of matcher.matches(text)) {
    const count = seen.get(word) ?? 0;
    seen.set(word, count + 1);
    if (count > REPEAT_MAX) continue;
    const factor = (count === 0 ? 1 : REPEAT_BONUS) * boost(index);
    for (const payload of payloads) add(payload, payload.weight * factor);
  }
}

/**
 * The offline classifier for complaints and requests going to 12345: hand-written keywords from
 * `knowledge/hotline-categories.yaml` and a few rules, no model, so it answers the same way
 * every time, without a network, and staff can see why by reading the file.
 */
export class HotlineClassifier implements AppealClassifier {
  private readonly categoryMatcher = new KeywordMatcher<Target>();
  private readonly typeMatcher = new KeywordMatcher<{ type: AppealType; weight: number }>();

  constructor(private readonly taxonomy: HotlineCategories) {
    taxonomy.categories.forEach((category, c) => {
      for (const { word, weight } of category.keywords) this.categoryMatcher.add(word, { category: c, subcategory: -1, weight });
      category.subcategories.forEach((sub, s) => {
        for (const { word, weight } of sub.keywords) this.categoryMatcher.add(word, { category: c, subcategory: s, weight });
      });
    });
    for (const type of APPEAL_TYPES) {
      for (const { word, weight } of taxonomy.types[type]) this.typeMatcher.add(word, { type, weight });
    }
  }

  /** The type, the level-1 and level-2 category of a resident's message, and a confidence. */
  classify(text: string): HotlineClassification {
    const normalized = normalizedLines(text);
    return { type: this.cuedType(normalized) ?? '投诉', ...this.category(normalized) };
  }

  /** The type the keywords and shapes of the message point to, or undefined when none of them is there. */
  typeCued(text: string): AppealType | undefined {
    return this.cuedType(normalizedLines(text));
  }

  private category(text: string): Omit<HotlineClassification, 'type'> {
    const { categories } = this.taxonomy;
    const totals = categories.map(() => 0);
    const subs = categories.map((c) => c.subcategories.map(() => 0));
    score(this.categoryMatcher, text, headBoost(text), (t, points) => {
      totals[t.category]! += points;
      if (t.subcategory >= 0) subs[t.category]![t.subcategory]! += points;
    });

    // indexOf keeps the first maximum: ties go to the category listed first in the file.
    const best = totals.indexOf(Math.max(...totals));
    const second = Math.max(0, ...totals.filter((_, i) => i !== best));
    const top = totals[best]!;
    if (top === 0) return { ...FALLBACK, confidence: 0 };

    const category = categories[best]!;
    const subScores = subs[best]!;
    const subTop = Math.max(...subScores);
    const fallback = category.subcategories.find((s) => s.name === '其他') ?? category.subcategories[0]!;
    const subcategory = subTop > 0 ? category.subcategories[subScores.indexOf(subTop)]!.name : fallback.name;

    const share = top / (top + second);
    const strength = 1 - Math.exp(-top / 4);
    return { category: category.name, subcategory, confidence: Math.round(share * strength * 100) / 100 };
  }

  private cuedType(text: string): AppealType | undefined {
    const points: Record<AppealType, number> = { 咨询: 0, 求助: 0, 投诉: 0, 举报: 0, 建议: 0 };
    score(this.typeMatcher, text, tailBoost(text), (t, p) => {
      points[t.type] += p;
    });
    for (const { test, type, weight } of TYPE_RULES) if (test(text)) points[type] += weight;

    // 投诉, 求助 and 举报 all ask the hotline to act on a situation; their cues add up against
    // a question (咨询) or a proposal (建议), and the strongest of them names the kind. With no
    // cue at all there is no type to tell (classify takes the message as a complaint).
    if (Object.values(points).every((p) => p === 0)) return undefined;
    const act = points.投诉 + points.求助 + points.举报;
    if (points.咨询 > act && points.咨询 >= points.建议) return '咨询';
    if (points.建议 > act && points.建议 > points.咨询) return '建议';
    if (points.举报 > 0 && points.举报 >= points.投诉 && points.举报 >= points.求助) return '举报';
    if (points.求助 > points.投诉) return '求助';
    return '投诉';
  }
}
