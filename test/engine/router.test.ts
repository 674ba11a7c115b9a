import { describe, expect, it } from 'vitest';
import type { Directive } from '../../src/engine/directive.ts';
import type { StoredForm } from '../../src/engine/form.ts';
import { route, type RouteState } from '../../src/engine/router.ts';
import type { Retrieval } from '../../src/knowledge/retriever.ts';
import type { Cues } from '../../src/nlu/cues.ts';
import type { IntentName } from '../../src/nlu/intent-declaration.ts';
import type { Understanding } from '../../src/nlu/understanding.ts';
import { NOTHING_SAID } from '../../src/nlu/slot-readers.ts';

const NO_CUES: Cues = { question: false, ownRecords: false, asksForVisit: false, asksToBook: false, addsToReport: false, controlWord: false, praises: false };
const UNKNOWN: Retrieval = { hits: [], confidence: 'unknown', choices: [], unknownWords: [] };
const SURE = { ...UNKNOWN, confidence: 'sure' } as Retrieval;
const NOT_NOW = { now: false, probability: 0.01, kind: 'medical', kindProbability: 0.2 } as const;

/** What a message was understood as: an intent, and whatever else the case needs. */
function understood(intent: IntentName, extra: Partial<Understanding> = {}, cues: Partial<Cues> = {}): Understanding {
  return { text: '…', intent: { name: intent, confidence: 0.9, scores: {} }, intents: [{ label: intent, probability: 0.9 }], emergency: NOT_NOW, retrieval: UNKNOWN, inContext: false, ask: { label: 'general', probability: 0.9 }, slots: NOTHING_SAID, entities: [], cues: { ...NO_CUES, ...cues }, ...extra };
}

function form(intent: IntentName, extra: Partial<StoredForm> = {}): StoredForm {
  return { name: intent, intent, slots: {}, stage: 'filling', startedAt: '2026-11-25T02:00:00Z', ...extra };
}

const none: RouteState = {};

describe('the router table, rule by rule', () => {
  it('sends a chosen action to its intent with the choice, even mid-form', () => {
    const choice: Directive = { kind: 'action', intent: 'cancel', action: 'visit', args: ['V000001'] };
    expect(route({ form: form('complaint') }, understood('out_of_scope', { choice }))).toMatchObject({ intent: 'cancel', directive: choice });
  });

  it("sends an intent's own command (an agent's outcome report) to it, even mid-form", () => {
    const command: Directive = { kind: 'action', intent: 'visit', action: 'outcome', args: ['done', 'V000001', '即办件', ''] };
    expect(route({ form: form('complaint') }, understood('guide', { command }))).toMatchObject({ intent: 'visit', directive: command });
  });

  it('closes an optional question (a rating comment) for a message that clearly means something else, and routes it as if no form were open', () => {
    const rating = { form: form('feedback', { name: 'rating', optional: true }) };
    expect(route(rating, understood('status'))).toMatchObject({ intent: 'status', closesForm: true });
    expect(route(rating, understood('visit', {}, { asksToBook: true }))).toMatchObject({ intent: 'visit', closesForm: true });
    // "没有" answers the optional question, whatever the model makes of it.
    expect(route(rating, understood('status', {}, { controlWord: true }))).toMatchObject({ intent: 'feedback' });
    // A comment that sounds like a complaint is still the comment.
    expect(route(rating, understood('complaint'))).toMatchObject({ intent: 'feedback' });
    expect(route(rating, understood('complaint')).closesForm).toBeUndefined();
  });

  it('answers her own records asked about mid-form on the side, keeping the form', () => {
    expect(route({ form: form('visit') }, understood('status', {}, { ownRecords: true }))).toMatchObject({ intent: 'status', aside: true });
    // "进度" without naming her records is an answer to the form.
    expect(route({ form: form('visit') }, understood('status'))).toMatchObject({ intent: 'visit' });
  });

  it('answers a question about a service mid-form on the side, unless the form is asking which service', () => {
    const question = understood('guide', { retrieval: SURE }, { question: true });
    expect(route({ form: form('complaint', { asking: 'since' }) }, question)).toMatchObject({ intent: 'guide', aside: true });
    expect(route({ form: form('visit', { asking: 'item' }) }, question)).toMatchObject({ intent: 'visit' });
    expect(route({ form: form('visit') }, understood('guide', { retrieval: SURE }))).toMatchObject({ intent: 'visit' });
  });

  it('gives an open form every other message, with the choice it made', () => {
    const choice = { kind: 'slot', date: '2026-11-27', half: 'am' } as const;
    expect(route({ form: form('visit') }, understood('guide', { choice }))).toMatchObject({ intent: 'visit', directive: choice });
    expect(route({ form: form('complaint') }, understood('emergency'))).toMatchObject({ intent: 'complaint' });
  });

  it("sends the help menu's examples to help, and any other offered choice to the guide", () => {
    expect(route(none, understood('out_of_scope', { choice: { kind: 'menu', topic: 'guide' } }))).toMatchObject({ intent: 'help' });
    const item = { kind: 'item', itemId: 'dibao', section: 'materials' } as const;
    expect(route(none, understood('out_of_scope', { choice: item }))).toMatchObject({ intent: 'guide', directive: item });
  });

  it('reads a follow-up about the item in context, unless retrieval is sure of another item or the question names something unknown', () => {
    const followUp = understood('guide', { followUp: { section: 'materials' } });
    expect(route({ lastItemId: 'dibao' }, followUp)).toMatchObject({ intent: 'guide', directive: { kind: 'item', itemId: 'dibao', section: 'materials' } });
    // Read as small talk, but unsurely: still a follow-up; surely ("谢谢你啊" after an answer): small talk.
    const unsure = understood('out_of_scope', { followUp: {} });
    expect(route({ lastItemId: 'dibao' }, { ...unsure, intent: { ...unsure.intent, confidence: 0.4 } })).toMatchObject({ directive: { kind: 'item', itemId: 'dibao' } });
    expect(route({ lastItemId: 'dibao' }, understood('out_of_scope', { followUp: {}, inContext: true })).directive).toBeUndefined();
    expect(route({ lastItemId: 'dibao' }, { ...followUp, retrieval: SURE }).directive).toBeUndefined();
    expect(route({ lastItemId: 'dibao' }, { ...followUp, retrieval: { ...UNKNOWN, unknownWords: ['护照'] } }).directive).toBeUndefined();
    expect(route(none, followUp).directive).toBeUndefined();
    expect(route({ lastItemId: 'dibao' }, understood('complaint', { followUp: { section: 'phone' } }))).toMatchObject({ intent: 'complaint' });
    // The item model reads "那要带啥" as naming no service of its own: a word the index lacks does not make it another service.
    const inContext = understood('guide', { inContext: true, retrieval: { ...UNKNOWN, unknownWords: ['那要'] } });
    expect(route({ lastItemId: 'dibao' }, inContext)).toMatchObject({ intent: 'guide', directive: { kind: 'item', itemId: 'dibao' } });
    expect(route({ lastItemId: 'dibao' }, { ...inContext, followUp: { section: 'materials' } })).toMatchObject({ directive: { itemId: 'dibao', section: 'materials' } });
    // The item model weighed the retrieval already: a word found in some item ("户口本") does not take it away.
    expect(route({ lastItemId: 'dibao' }, { ...inContext, retrieval: SURE })).toMatchObject({ directive: { kind: 'item', itemId: 'dibao' } });
    expect(route(none, inContext).directive).toBeUndefined();
  });

  it('sends an addition right after a report to the complaint intent', () => {
    expect(route(none, understood('out_of_scope', {}, { addsToReport: true }))).toMatchObject({ intent: 'complaint' });
    expect(route(none, understood('guide', {}, { addsToReport: true }))).toMatchObject({ intent: 'guide' });
  });

  it('books a visit for a guide question that asks for someone to come', () => {
    expect(route(none, understood('guide', {}, { asksForVisit: true }))).toMatchObject({ intent: 'visit' });
  });

  it('otherwise follows the intent, and always says why', () => {
    for (const intent of ['guide', 'visit', 'complaint', 'status', 'cancel', 'feedback', 'human', 'help', 'out_of_scope'] as IntentName[]) {
      const decision = route(none, understood(intent));
      expect(decision.intent).toBe(intent);
      expect(decision.why).toBe('the intent the message was understood as');
    }
  });

  it('changes neither the state nor the understanding it is given', () => {
    const state = Object.freeze({ form: Object.freeze(form('feedback', { optional: true })) });
    const u = Object.freeze(understood('status'));
    expect(() => route(state, u)).not.toThrow();
  });
});
