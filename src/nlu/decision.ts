import type { Retrieval } from '../knowledge/retriever.ts';
import type { EmergencyReading } from './emergency-detector.ts';
import type { IntentName } from './intent-declaration.ts';
import type { Ranked } from './understanding-model.ts';

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
