import { detectSection } from '../knowledge/sections.ts';
import { isAddendum } from '../nlu/addendum.ts';
import type { IntentName } from '../nlu/intent-declaration.ts';
import type { NluResult } from '../nlu/nlu.ts';
import { decodeDirective, GUIDE_EXAMPLES } from './directive.ts';
import type { Directive } from './intent.ts';
import type { Session } from './session.ts';

/** Where a message goes: an intent, with the text to act on and any directive it carries. */
export interface Route {
  intent: IntentName;
  text: string;
  directive?: Directive;
}

/** An agent's report from the agent's own chat: "办结 V000123 即办件 已递交", "未办成 V000123 材料不全". */
const AGENT_OUTCOME = /^(办结|已办结|办好了|未办成|没办成|未办结)\s*[:：]?\s*(V\d{6})\s*(即办件|承诺件|补办件|联办件|退回件|代理件)?\s*[,，。]?\s*(.*)$/is;
const LEAVES_OPTIONAL_FORM = new Set<IntentName>(['status', 'help', 'cancel', 'human']);
const CHOICE = /^\s*(?:第\s*)?([1-9]\d?)\s*(?:个|项|号)?\s*[.。、]?\s*$/;
const MORE = /^(全部|完整|详细|详情|更多|都要|全的|所有)/;
/** A question about a service: how, whether, when, what it takes. */
const SERVICE_QUESTION = /怎么|如何|咋|能不能|能否|可以|什么时候|多少|哪里|在哪|要带|申请|补办|报销|[吗么呢？?]/;
/** A resident's own bookings or tickets, by number or by name. */
const OWN_RECORDS = /[TV]\d{6}|我的(投诉|预约|工单)|我(反映|投诉)的/i;
/** A guide question that also asks for someone to come: "高龄补贴怎么弄…能不能叫人上门". */
const ASKS_FOR_VISIT = /(能不能|能否|可不可以|可以|叫|派|让).{0,6}(上门|到家里|到我家|来家里|来我家)/;

/**
 * Resolves a bare number or a button value into what it stands for: the choice offered last.
 * Returns the text to handle and the directive, if any.
 */
export function resolveChoice(text: string, session: Session): { text: string; directive?: Directive } {
  const number = CHOICE.exec(text)?.[1];
  const chosen = number ? session.buttons?.[Number(number) - 1]?.value : undefined;
  const value = chosen ?? text;
  const directive = decodeDirective(value);
  return directive ? { text: value, directive } : { text: value };
}

/**
 * Picks the intent: emergencies first; then an action chosen from a button; then an open form;
 * then a directive from an offered choice; then a follow-up
 * about the item in context ("要带什么", "全部"); else what the classifier said.
 */
export function route(text: string, directive: Directive | undefined, nlu: NluResult, session: Session): Route {
  // "这是我的救命钱，养老金什么时候发", "我爸去年中风了，现在能申请护理补贴吗": a question about a
  // service the knowledge base surely has is answered (the engine puts the emergency numbers first).
  const servicesQuestion = nlu.retrieval.confidence === 'sure' && SERVICE_QUESTION.test(text);
  if (nlu.intent.name === 'emergency' && !servicesQuestion) return { intent: 'emergency', text };
  if (directive?.kind === 'action') return { intent: directive.intent, text, directive };
  const outcome = AGENT_OUTCOME.exec(text.trim());
  if (outcome) {
    const done = /^(办结|已办结|办好了)$/.test(outcome[1]!) ? 'done' : 'not_done';
    const args = [done, outcome[2]!.toUpperCase(), outcome[3] ?? '', outcome[4]!.trim()];
    return { intent: 'visit', text, directive: { kind: 'action', intent: 'visit', action: 'outcome', args } };
  }
  // A comment may well sound like a complaint or name an item; a request for something else ends it.
  const leaves = LEAVES_OPTIONAL_FORM.has(nlu.intent.name) || (nlu.intent.name === 'visit' && /预约|约.{0,6}上门/.test(text));
  if (session.form?.optional && leaves) delete session.form;
  // "T000001办得咋样了", "我的预约" mid-form: answered, and the form waits for the next message.
  if (session.form && nlu.intent.name === 'status' && OWN_RECORDS.test(text)) return { intent: 'status', text };
  if (session.form) return { intent: session.form.intent, text };
  if (directive) return { intent: 'guide', text, directive };
  if (text === GUIDE_EXAMPLES) return { intent: 'help', text };
  // "要带什么" follows up the last item; "办护照要带啥" names something else, which we do not have.
  const followUp = session.lastItemId !== undefined && nlu.retrieval.confidence !== 'sure' && nlu.retrieval.unknownWords.length === 0;
  if (followUp && (nlu.intent.name === 'guide' || nlu.intent.name === 'out_of_scope')) {
    const section = detectSection(text);
    if (section) return { intent: 'guide', text, directive: { kind: 'item', itemId: session.lastItemId!, section } };
    if (MORE.test(text.trim())) return { intent: 'guide', text, directive: { kind: 'item', itemId: session.lastItemId! } };
  }
  // "对了忘了说…" right after a report: the complaint intent adds it to that report.
  if (isAddendum(text) && (nlu.intent.name === 'out_of_scope' || nlu.intent.name === 'complaint')) return { intent: 'complaint', text };
  if (nlu.intent.name === 'emergency') return { intent: 'guide', text };
  // The item is named, but what she wants is the visit: book it (the form takes the item from the text).
  if (nlu.intent.name === 'guide' && ASKS_FOR_VISIT.test(text)) return { intent: 'visit', text };
  return { intent: nlu.intent.name, text };
}
