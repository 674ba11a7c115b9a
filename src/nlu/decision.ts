import type { Retrieval } from '../knowledge/retriever.ts';
import type { Item } from '../knowledge/schema.ts';
import type { ScoredItem } from '../knowledge/search-index.ts';
import type { EmergencyReading } from './emergency-detector.ts';
import type { IntentName } from './intent-declaration.ts';
import { normalizeText } from './tokenizer.ts';
import { IN_CONTEXT, NO_ITEM, type Ranked } from './understanding-model.ts';

/** The intent a message was understood as, how sure, and the two readings to ask between when unsure. */
export interface IntentResult {
  name: IntentName;
  confidence: number;
  /** Every intent's (calibrated) probability, after the retrieval's evidence. */
  scores: Partial<Record<IntentName, number>>;
  /** Unsure between these two: the bot asks which one is meant. */
  clarify?: [IntentName, IntentName];
}

/**
 * How much an item named outright (retrieval sure) or nearly (ambiguous) counts for the readings
 * that are about an item (a guide question, a visit to do it), as log-odds added to the model's:
 * a message that spells out "残疾证" is about that service, not chit-chat.
 */
const ITEM_EVIDENCE = { sure: 1.2, ambiguous: 0.5, unknown: 0 } as const;
const ABOUT_AN_ITEM = new Set(['guide', 'visit']);
/** Below this the best reading is not sure enough to act on when a close second stands beside it. */
const SURE_ENOUGH = 0.55;
/** A second reading this likely is a real alternative. */
const CLOSE_SECOND = 0.25;
/** Readings between which the bot asks rather than guesses: what a resident can mean by a long story. */
const ASKABLE = new Set<IntentName>(['guide', 'complaint', 'visit']);
/** For a message the model would call out of scope, this much guide + report probability makes it worth asking. */
const WORTH_ASKING = 0.35;

/**
 * The one place where what a message means is decided: the model's calibrated probabilities, the
 * retrieval's confidence and the emergency detector, together. An emergency happening now is the
 * emergency intent. Otherwise the retrieval's evidence is added to the readings about an item; when the
 * best reading is unsure and a second one close, or a message the model would put out of scope
 * may well be a question or a report, the result says to ask ("您是想问怎么申请（1），还是要反映问题（2）？")
 * instead of guessing or answering "这个我帮不上忙".
 */
export function decideIntent(ranked: readonly Ranked[], retrieval: Retrieval, emergency: EmergencyReading): IntentResult {
  const logits = ranked.map(({ label, probability }) => Math.log(Math.max(probability, 1e-9)) + (ABOUT_AN_ITEM.has(label) ? ITEM_EVIDENCE[retrieval.confidence] : 0));
  const max = Math.max(...logits);
  const total = logits.reduce((sum, l) => sum + Math.exp(l - max), 0);
  const scored = ranked
    .map(({ label }, i) => ({ name: label as IntentName, probability: Math.exp(logits[i]! - max) / total }))
    .sort((a, b) => b.probability - a.probability);
  const scores = Object.fromEntries(scored.map((s) => [s.name, round(s.probability)])) as Partial<Record<IntentName, number>>;
  if (emergency.now) return { name: 'emergency', confidence: round(Math.max(emergency.probability, 0.5)), scores };
  const [best, second] = scored;
  if (!best) return { name: 'out_of_scope', confidence: 1, scores };
  const result: IntentResult = { name: best.name, confidence: round(best.probability), scores };
  if (second && best.probability < SURE_ENOUGH && second.probability >= CLOSE_SECOND && ASKABLE.has(best.name) && ASKABLE.has(second.name)) {
    return { ...result, clarify: [best.name, second.name] };
  }
  if (best.name === 'out_of_scope') {
    const guide = scores.guide ?? 0;
    const report = scores.complaint ?? 0;
    if (guide + report >= WORTH_ASKING) return { ...result, clarify: guide >= report ? ['guide', 'complaint'] : ['complaint', 'guide'] };
  }
  return result;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The item model's best is answered from when this sure, whatever the retrieval says (writer cross-validation: README). */
const ITEM_SURE = 0.5;
/** …and when only this sure, unless the retrieval is sure of another item the model also gives some weight. */
const ITEM_LIKELY = 0.3;
/** A retrieval's sure item stands against the model when the model gives it this much. */
const RETRIEVAL_STANDS = 0.6;
/** …or when the guides' own words fit it this many times better than the model's item ("优抚对象抚恤金" is not a pensioner's death grant). */
const RETRIEVAL_CLEAR = 2;
/** The model this sure that a message names no service of ours ("我要预约上门服务") outweighs a word the retrieval matched. */
const NONE_SURE = 0.9;
/** A second item this likely beside an unsure first makes a numbered choice of two. */
const ITEM_SECOND = 0.2;

/** Which item a message is about, and whether it names none of its own (a follow-up about the one in context). */
export interface ItemDecision {
  retrieval: Retrieval;
  inContext: boolean;
}

/**
 * Which item a message is about: the trained item model (learned from how residents ask, long
 * stories and slips included) and the retrieval (which knows the guides' own words) together. The
 * model decides when it is sure, or likely and the retrieval does not stand against it; a likely
 * first with a close second is a numbered choice, and so are two items the guides' own words both
 * fit ("残疾人补贴": the model's pick first), however sure the model; a message the model is sure concerns nothing we
 * have is an honest "don't know"; a message that names no service ("那要多久") is left to the item
 * in context; otherwise the retrieval decides as before.
 */
export function decideItem(text: string, retrieval: Retrieval, ranked: readonly Ranked[], itemsById: ReadonlyMap<string, Item>): ItemDecision {
  const as = (r: Retrieval, inContext = false): ItemDecision => ({ retrieval: r, inContext });
  const scored = (it: Item): ScoredItem => ({ ...(retrieval.hits.find((h) => h.item.id === it.id) ?? { item: it, score: 0, coverage: 0 }), item: it });
  const sureOf = (it: Item): ItemDecision => {
    const hits = [scored(it), ...retrieval.hits.filter((h) => h.item.id !== it.id)];
    return as({ ...retrieval, hits, confidence: 'sure', choices: [hits[0]!] });
  };
  // Named in so many words, it is that item, whatever the model learnt from how residents say it.
  const named = namedItem(text, itemsById);
  if (named) return sureOf(named);
  const [first, second] = ranked;
  if (!first) return as(retrieval);
  const probability = (id: string) => ranked.find((r) => r.label === id)?.probability ?? 0;
  const retrieved = retrieval.confidence === 'sure' ? retrieval.choices[0]!.item.id : undefined;
  // "那要带户口本伐" names no service of its own: a word of it that the retrieval found in some item
  // (户口本 is in many) does not make it about that item, unless the model also finds that item likely.
  if (first.label === IN_CONTEXT) return as(retrieval, first.probability >= ITEM_SURE && (!retrieved || probability(retrieved) < RETRIEVAL_STANDS * first.probability));
  if (first.label === NO_ITEM) {
    if ((first.probability >= ITEM_SURE && !retrieved) || first.probability >= NONE_SURE) return as({ ...retrieval, confidence: 'unknown', choices: [] });
    return as(retrieval);
  }
  const item = itemsById.get(first.label);
  const scoreOf = (id: string) => retrieval.hits.find((h) => h.item.id === id)?.score ?? 0;
  const retrievalStands = (id: string) => probability(id) >= RETRIEVAL_STANDS * first.probability || scoreOf(id) >= RETRIEVAL_CLEAR * scoreOf(first.label);
  if (!item || (retrieved && retrieved !== item.id && retrievalStands(retrieved))) return as(retrieval);
  // The guides' words fit other items clearly better ("残疾补贴" is no 农机补贴): the retrieval's choice stands.
  const top = retrieval.hits[0];
  if (retrieval.confidence === 'ambiguous' && top && !retrieval.choices.some((c) => c.item.id === item.id) && top.score >= RETRIEVAL_CLEAR * scoreOf(item.id)) return as(retrieval);
  if (first.probability < ITEM_LIKELY) return as(retrieval);
  if (retrieval.confidence === 'ambiguous' && retrieval.choices.some((c) => c.item.id === item.id)) {
    const choices = [...retrieval.choices].sort((a, b) => probability(b.item.id) - probability(a.item.id));
    return as({ ...retrieval, choices });
  }
  const alternative = second && second.label !== NO_ITEM && second.label !== IN_CONTEXT ? itemsById.get(second.label) : undefined;
  if (first.probability < ITEM_SURE && alternative && second!.probability >= ITEM_SECOND && retrieved !== item.id) {
    return as({ ...retrieval, confidence: 'ambiguous', choices: [scored(item), scored(alternative)] });
  }
  return sureOf(item);
}

/** A catalogue name is named when the message holds it whole (spaces aside), with or without its bracketed part, and it is this long. */
const NAMED_AT_LEAST = 5;

/**
 * The item whose full catalogue name the message holds ("城乡居民基本医疗保险参保登记要带啥"): the
 * longest when one name holds another, none when it names two. Residents seldom type the formal
 * names, so the item model learnt little from them: it read "城乡居民基本医疗保险参保登记" as the
 * pension's 参保登记 (0.96), the retrieval rightly as the medical insurance's.
 */
export function namedItem(text: string, itemsById: ReadonlyMap<string, Item>): Item | undefined {
  const said = normalizeText(text).replace(/\s+/g, '');
  const found = catalogueNames(itemsById).flatMap(({ item, names }) => {
    const name = names.filter((n) => said.includes(n)).sort((a, b) => b.length - a.length)[0];
    return name ? [{ item, name }] : [];
  });
  const longest = found.filter((f) => !found.some((g) => g !== f && g.name.length > f.name.length && g.name.includes(f.name)));
  return longest.length === 1 ? longest[0]!.item : undefined;
}

/** Each item's names as a message would hold them, worked out once per knowledge snapshot (not per message). */
const namesOf = new WeakMap<ReadonlyMap<string, Item>, { item: Item; names: string[] }[]>();
function catalogueNames(itemsById: ReadonlyMap<string, Item>): { item: Item; names: string[] }[] {
  let names = namesOf.get(itemsById);
  if (!names) {
    names = [...itemsById.values()].map((item) => ({
      item,
      names: [item.name, item.name.replace(/[（(][^）)]*[）)]/g, '')].map((n) => normalizeText(n).replace(/\s+/g, '')).filter((n) => [...n].length >= NAMED_AT_LEAST),
    }));
    namesOf.set(itemsById, names);
  }
  return names;
}
