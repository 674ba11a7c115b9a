import type { IntentName } from '../nlu/intent-declaration.ts';
import type { Understanding } from '../nlu/understanding.ts';
import type { Directive } from './directive.ts';
import type { Session } from './session.ts';

/** What the router decided, and why. */
export interface Decision {
  intent: IntentName;
  /** The choice or command the handler acts on. */
  directive?: Directive;
  /** The rule that decided, in words: logged, and read by the router's test. */
  why: string;
  /** The open optional form (a comment after a rating) gives way to this message: close it. */
  closesForm?: true;
  /** A question answered on the side: the open form stays, and its question is asked again after the answer. */
  aside?: true;
}

/** The part of the session the router looks at. */
export type RouteState = Pick<Session, 'form' | 'lastItemId'>;

interface Rule {
  why: string;
  when: (state: RouteState, u: Understanding) => boolean;
  then: (state: RouteState, u: Understanding) => Omit<Decision, 'why'>;
}

/** Intents that end an optional question (a rating comment) when a message clearly means them. */
const LEAVES_OPTIONAL_FORM = new Set<IntentName>(['status', 'help', 'cancel', 'human']);

const is = (u: Understanding, ...names: IntentName[]) => names.includes(u.intent.name);

/**
 * A message the intent model takes for small talk this surely ("谢谢你啊" after an answer) is not a
 * follow-up, though it names no service: below it, more of the model's belief is elsewhere (mostly
 * on a question) than on small talk.
 */
const SMALL_TALK_SURE = 0.5;

/**
 * The routing table, read top to bottom: the first rule whose condition holds decides. Emergencies
 * are not here: the emergency step answers them before anything is routed.
 */
const RULES: Rule[] = [
  {
    why: 'a button (or its number) chose an action',
    when: (_s, u) => u.choice?.kind === 'action',
    then: (_s, u) => ({ intent: (u.choice as Extract<Directive, { kind: 'action' }>).intent, directive: u.choice! }),
  },
  {
    why: "a command in an intent's own syntax (an agent's outcome report)",
    when: (_s, u) => u.command?.kind === 'action',
    then: (_s, u) => ({ intent: (u.command as Extract<Directive, { kind: 'action' }>).intent, directive: u.command! }),
  },
  {
    why: 'a message that clearly means something else ends an optional question',
    // "没有" answers "还有什么想说的吗？没有请回复"没有"" — it is no request for her records.
    when: (s, u) => s.form?.optional === true && !u.cues.controlWord && (is(u, ...LEAVES_OPTIONAL_FORM) || (is(u, 'visit') && u.cues.asksToBook)),
    then: (s, u) => ({ ...route({ ...s, form: undefined }, u), closesForm: true }),
  },
  {
    why: 'her own bookings or tickets asked about mid-form: answered, and the form waits',
    when: (s, u) => s.form !== undefined && is(u, 'status') && u.cues.ownRecords,
    then: () => ({ intent: 'status', aside: true }),
  },
  {
    why: 'a question about another service mid-form: answered, and the form resumes',
    when: (s, u) =>
      s.form !== undefined && s.form.asking !== 'item' && !s.form.optional && is(u, 'guide') && u.cues.question && u.retrieval.confidence === 'sure',
    then: () => ({ intent: 'guide', aside: true }),
  },
  {
    why: 'a command to cancel while a form is open stops that form',
    when: (s, u) => s.form !== undefined && u.choice?.kind === 'intent' && u.choice.intent === 'cancel',
    then: (s, u) => ({ intent: s.form!.intent, directive: u.choice! }),
  },
  {
    why: 'the menu or a command chose what to do',
    when: (_s, u) => u.choice?.kind === 'intent',
    then: (_s, u) => ({ intent: (u.choice as Extract<Directive, { kind: 'intent' }>).intent, directive: u.choice! }),
  },
  {
    why: 'an open form takes the message (and the choice it made: an offered half-day, the slot to change)',
    when: (s) => s.form !== undefined,
    then: (s, u) => ({ intent: s.form!.intent, ...(u.choice ? { directive: u.choice } : {}) }),
  },
  {
    why: "the help menu's examples were chosen",
    when: (_s, u) => u.choice?.kind === 'menu',
    then: (_s, u) => ({ intent: 'help', directive: u.choice! }),
  },
  {
    why: 'an offered item or section was chosen',
    when: (_s, u) => u.choice !== undefined,
    then: (_s, u) => ({ intent: 'guide', directive: u.choice! }),
  },
  {
    why: 'a follow-up about the item in context ("那要带啥"): the item model reads it as naming no service of its own, or it asks a section naming nothing else',
    when: (s, u) =>
      s.lastItemId !== undefined &&
      (u.inContext ||
        (u.followUp !== undefined && u.retrieval.confidence !== 'sure' && (u.followUp.section === undefined || u.followUp.section === 'full' || u.retrieval.unknownWords.length === 0))) &&
      (is(u, 'guide') || (is(u, 'out_of_scope') && (u.intent.confidence < SMALL_TALK_SURE || u.followUp?.section === 'full'))),
    then: (s, u) => ({ intent: 'guide', directive: { kind: 'item', itemId: s.lastItemId!, ...u.followUp } }),
  },
  {
    why: 'an addition to a report ("对了忘了说…" right after it, "补充一下…" or "…补充到T000002" any time) goes to that report',
    when: (_s, u) => u.cues.addsToReport && is(u, 'out_of_scope', 'complaint', 'status', 'help'),
    then: () => ({ intent: 'complaint' }),
  },
  {
    why: 'praise of an agent or the service is a rating, never a booking or a report ("上礼拜代办员来帮我弄了社保卡…想给她打个好评")',
    when: (s, u) => s.form === undefined && u.cues.praises && is(u, 'visit', 'feedback', 'complaint', 'out_of_scope', 'help', 'human'),
    then: () => ({ intent: 'feedback' }),
  },
  {
    why: 'a question about a service that asks for someone to come books the visit',
    when: (_s, u) => (is(u, 'guide') || is(u, 'visit')) && u.cues.asksForVisit,
    then: () => ({ intent: 'visit' }),
  },
  {
    why: 'unsure between two readings: ask which one is meant',
    when: (_s, u) => u.intent.clarify !== undefined && !u.reread,
    then: (_s, u) => ({ intent: 'help', directive: { kind: 'action', intent: 'help', action: 'clarify', args: [...u.intent.clarify!] } }),
  },
  {
    why: 'the intent the message was understood as',
    when: () => true,
    then: (_s, u) => ({ intent: u.intent.name }),
  },
];

/**
 * Decides what to do with a message: a pure function of the conversation state and what the
 * message was understood as. It changes nothing; the pipeline carries the decision out.
 */
export function route(state: RouteState, u: Understanding): Decision {
  const rule = RULES.find((r) => r.when(state, u))!;
  return { why: rule.why, ...rule.then(state, u) };
}
