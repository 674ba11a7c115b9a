/**
 * The understanding figures of `npm run eval` (called from scripts/eval.ts), on the resident
 * corpus's writers held out of training: intent accuracy, guide answers from the right item end to
 * end (all, and messages of 25 characters or more), follow-ups answered from the item in context,
 * reports that start the 12345 intake, what form answers do, slot F1, and a report's type and
 * category. Everything a resident sees goes through the web channel, as on `npm start`.
 */
import type { SlotSpec } from '../src/engine/form.ts';
import type { Server } from '../src/main.ts';
import { WEB_KEY_HEADER } from './harness.ts';
import type { ResidentRow } from '../src/nlu/corpus.ts';
import { CORPUS_SLOT_NAME, NOTHING_SAID, REASON_READERS, slotValue } from '../src/nlu/slot-readers.ts';
import { COMPLAINT_SLOTS } from '../intents/complaint/slots.ts';
import { SURE_ASK } from '../src/nlu/nlu.ts';
import { asksAmount, detectSection, sectionOfAsk } from '../src/knowledge/sections.ts';
import { ratingIn } from '../intents/feedback/handler.ts';
import { relationKind, VISIT_SLOTS, type VisitFormContext } from '../intents/visit/slots.ts';

const LONG = 25;
const MISSES_SHOWN = Number(process.env.EVAL_MISSES_SHOWN ?? 15);

interface Tally {
  hit: number;
  total: number;
}
const tally = (): Tally => ({ hit: 0, total: 0 });
const count = (t: Tally, hit: boolean) => {
  t.total++;
  if (hit) t.hit++;
};
const ratio = ({ hit, total }: Tally) => (total === 0 ? 'n/a' : `${(hit / total).toFixed(3)} (${hit}/${total})`);
const clip = (text: string, length = 50) => (text.length > length ? `${text.slice(0, length)}…` : text).replace(/\s+/g, ' ');

async function say(server: Server, userId: string, text: string) {
  const response = await server.app.inject({ method: 'POST', url: '/api/v1/messages', headers: WEB_KEY_HEADER, payload: { userId, text } });
  return response.json() as { replies: { text: string; buttons?: { label: string }[] }[]; intent: string | null; itemId: string | null };
}

type AnySpec = SlotSpec<Record<string, unknown>, string, VisitFormContext>;
/** The corpus's slot names as the forms name them. */
const SLOT_NAMES: Record<string, string> = Object.fromEntries(Object.entries(CORPUS_SLOT_NAME).map(([form, corpus]) => [corpus, form]));

/** The reasons a form stores: the circumstances (年迈 follows from the age, which is its own slot). */
function circumstances(reasons: unknown): string[] | undefined {
  const left = Array.isArray(reasons) ? reasons.filter((r) => (REASON_READERS.values as readonly string[]).includes(r)) : [];
  return left.length ? left : undefined;
}

/** A slot value compared the way a resident would judge it: the same thing said, not the same characters. */
function same(slot: string, predicted: unknown, gold: unknown, spec: AnySpec | undefined, context: VisitFormContext, text: (v: unknown) => string): boolean {
  if (predicted === undefined) return false;
  const flat = (v: unknown) => String(v).replace(/[\s\p{P}\p{S}]/gu, '');
  switch (slot) {
    case 'for':
      return predicted === (gold === 'other');
    case 'anonymous':
      return predicted === (gold === 'yes');
    case 'age':
      return Number(predicted) === Number(gold);
    case 'relation': {
      // The form stores her relation to the elder ("公公" said: 儿媳或女婿): the gold words read as she would say them.
      const said = String(gold).replace(/^我/, '');
      const parsed = spec?.parse(String(gold), {}, context) as { ok: boolean; value?: unknown } | undefined;
      const readings = [gold, spec?.extract?.(`帮我${said}约个上门`, {}, context), parsed?.ok === true ? parsed.value : undefined].filter((r) => r !== undefined).map(String);
      // "外甥女" (what she is) and "侄辈或外甥" (what "我姨" makes her) say the same; "儿子" and "女儿" do not.
      const agree = (a: string, b: string) => a === b || relationKind(a) === b || relationKind(b) === a;
      return readings.some((r) => agree(r, String(predicted)));
    }
    case 'reasons':
      return JSON.stringify([...(predicted as string[])].sort()) === JSON.stringify([...((gold as string[]) ?? [])].sort());
    case 'phone':
      return flat(predicted).replace(/\D/g, '') === flat(gold).replace(/\D/g, '');
    case 'address':
    case 'location':
    case 'since':
    case 'comment':
      return flat(predicted).includes(flat(gold)) || flat(gold).includes(flat(predicted));
    default: {
      // Read the gold words with the slot's own reader (a date to its day, a relation to its kind, a village to its name).
      const extracted = spec?.extract?.(text(gold), {}, context);
      const parsed = extracted === undefined && spec ? spec.parse(text(gold), {}, context) : undefined;
      const goldValue = extracted ?? (parsed?.ok ? parsed.value : gold);
      return JSON.stringify(predicted) === JSON.stringify(goldValue) || flat(predicted) === flat(gold);
    }
  }
}

/** Prints the understanding figures on the writers given (`which` says whose they are). */
export async function evalUnderstanding(server: Server, rows: readonly ResidentRow[], which: string): Promise<void> {
  const writers = [...new Set(rows.map((r) => r.writer))].sort();
  console.log(`\n# understanding: ${which} resident writers ${writers.join(' ')} (${rows.length} rows)`);
  const knowledge = server.knowledge.current;
  const idOf = new Map(knowledge.base.items.map((i) => [i.name, i.id]));
  // The gold words are read without the trained readers; each row's own words with them, as in the forms.
  const context: VisitFormContext = { knowledge, visits: server.visits, now: new Date('2026-11-25T02:00:00Z'), retrieve: (t) => knowledge.retriever.retrieve(t), said: () => NOTHING_SAID };
  const topLevel = rows.filter((r) => r.intent !== 'form' && !r.context);

  // Intent, as decided (the model, the retrieval and the detector together).
  const intent = tally();
  const asked = tally();
  const intentMisses: string[] = [];
  for (const row of topLevel) {
    const decided = server.nlu.parse(row.text).intent;
    count(intent, decided.name === row.intent);
    count(asked, decided.clarify !== undefined);
    if (decided.name !== row.intent) intentMisses.push(`  ${row.intent} → ${decided.name}${decided.clarify ? ' (asks)' : ''}: ${clip(row.text)}`);
  }
  console.log(`intent: accuracy ${ratio(intent)}; asked which one was meant ${ratio(asked)}`);

  // Guide questions end to end: the answer comes from the item the resident meant.
  const guide = tally();
  const guideLong = tally();
  const noItem = tally();
  const offeredAmong = tally();
  const guideMisses: string[] = [];
  for (const [n, row] of topLevel.filter((r) => r.intent === 'guide').entries()) {
    const answer = await say(server, `eval-guide-${n}`, row.text);
    if (row.item == null) {
      count(noItem, answer.itemId === null);
      continue;
    }
    const hit = answer.itemId === idOf.get(row.item);
    count(guide, hit);
    if ([...row.text].length >= LONG) count(guideLong, hit);
    const offered = !hit && answer.replies.some((r) => r.buttons?.some((b) => b.label === row.item));
    count(offeredAmong, offered);
    if (!hit) guideMisses.push(`  ${row.item} → ${offered ? 'offered among others' : (answer.itemId ?? (answer.intent === 'help' ? 'asks' : answer.intent))}: ${clip(row.text)}`);
  }
  console.log(
    `guide end to end: ${ratio(guide)}; ${LONG}+ characters ${ratio(guideLong)}; asked which item, the right one offered ${ratio(offeredAmong)}; about what we have no item for, answered from none ${ratio(noItem)}`,
  );

  // Follow-ups: the item answered just before, then the short question.
  const followUp = tally();
  const followUpMisses: string[] = [];
  for (const [n, row] of rows.filter((r) => r.context && 'last_item' in r.context && r.item).entries()) {
    const user = `eval-follow-${n}`;
    const last = (row.context as { last_item: string }).last_item;
    await say(server, user, last);
    const answer = await say(server, user, row.text);
    const hit = answer.itemId === idOf.get(row.item!);
    count(followUp, hit);
    if (!hit) followUpMisses.push(`  after ${last}: ${row.item} → ${answer.itemId ?? answer.intent}: ${clip(row.text)}`);
  }
  console.log(`follow-ups about the item in context: ${ratio(followUp)}`);

  // What a guide question asks, as the answer needs it: a section, what a benefit pays, or neither.
  const answerPart = (ask: string) => (ask === 'amount' ? 'amount' : (sectionOfAsk(ask) ?? 'none'));
  const byModel = tally();
  const byModelSure = tally();
  const byCues = tally();
  for (const row of rows.filter((r) => r.intent === 'guide' && r.ask)) {
    const gold = answerPart(row.ask!);
    const read = server.nlu.model.asks(row.text)[0]!;
    count(byModel, answerPart(read.label) === gold);
    if (read.probability >= SURE_ASK) count(byModelSure, answerPart(read.label) === gold);
    count(byCues, (detectSection(row.text) ?? (asksAmount(row.text) ? 'amount' : 'none')) === gold);
  }
  console.log(`what a question asks (the part of the guide that answers it): model ${ratio(byModel)}, sure from ${SURE_ASK} on ${ratio(byModelSure)}; cue words ${ratio(byCues)}`);

  // Reports: the 12345 intake starts.
  const intake = tally();
  const intakeMisses: string[] = [];
  for (const [n, row] of topLevel.filter((r) => r.intent === 'complaint').entries()) {
    const answer = await say(server, `eval-report-${n}`, row.text);
    const started = answer.intent === 'complaint';
    count(intake, started);
    if (!started) intakeMisses.push(`  → ${answer.intent}: ${clip(row.text)}`);
  }
  console.log(`reports that start the 12345 intake: ${ratio(intake)}`);

  // Type and category, through the classify endpoint the intake uses.
  const type = tally();
  const category = tally();
  const confusions = new Map<string, number>();
  const confused = (kind: string, gold: string, got: string) => {
    if (gold !== got) confusions.set(`${kind} ${gold} → ${got}`, (confusions.get(`${kind} ${gold} → ${got}`) ?? 0) + 1);
  };
  for (const row of topLevel.filter((r) => r.intent === 'complaint' && r.type)) {
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/hotline/classify', payload: { text: row.text } });
    const got = response.json() as { type: string; category: string };
    count(type, got.type === row.type);
    count(category, got.category === row.category);
    confused('type', row.type!, got.type);
    confused('category', row.category!, got.category);
  }
  console.log(`report type ${ratio(type)}; category (level 1) ${ratio(category)}`);
  const commonest = [...confusions].sort((a, b) => b[1] - a[1]).slice(0, MISSES_SHOWN);
  if (commonest.length) console.log(`commonest confusions:\n${commonest.map(([pair, n]) => `  ${n} ${pair}`).join('\n')}`);

  // Form answers: what they do.
  const act = tally();
  for (const row of rows.filter((r) => r.intent === 'form' && r.act)) {
    const { form, asking } = row.context as { form: string; asking: string };
    count(act, server.nlu.model.acts(row.text, form, asking)[0]!.label === row.act);
  }
  console.log(`form answers, what they do (answer, affirm, change…): ${ratio(act)}`);

  // Slots: what a form reads from a first message (every slot's extractor) and from an answer (the slot asked's reader).
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const perSlot = new Map<string, { tp: number; fp: number; fn: number }>();
  const slotMisses: string[] = [];
  const specsOf = (form: string) => (form === 'complaint' ? COMPLAINT_SLOTS : VISIT_SLOTS) as unknown as AnySpec[];
  const judge = (slot: string, predicted: unknown, gold: unknown, spec: AnySpec | undefined, text: string) => {
    const s = perSlot.get(slot) ?? { tp: 0, fp: 0, fn: 0 };
    if (gold === undefined) {
      if (predicted !== undefined) (s.fp++, fp++);
    } else if (same(slot, predicted, gold, spec, context, (v) => String(v))) (s.tp++, tp++);
    else {
      s.fn++;
      fn++;
      if (predicted !== undefined) (s.fp++, fp++);
      slotMisses.push(`  ${slot}: wanted ${JSON.stringify(gold)}, read ${JSON.stringify(predicted)}: ${clip(text)}`);
    }
    perSlot.set(slot, s);
  };
  const SKIP = new Set(['item', 'content', 'comment']);
  for (const row of rows) {
    const slots = row.slots ?? {};
    const formRow = row.intent === 'form' && row.context && 'form' in row.context && row.act === 'answer' ? row.context : undefined;
    if (row.intent === 'feedback' || formRow?.form === 'rating') {
      const grade = slotValue(server.nlu.slots(row.text, formRow ? { name: 'rating', asking: 'grade' } : { name: 'rating' }), 'grade', ratingIn(row.text));
      if (slots.grade !== undefined) judge('grade', grade, slots.grade, undefined, row.text);
      continue;
    }
    const form = formRow?.form === 'reschedule' ? 'visit' : formRow?.form ?? (row.intent === 'visit' || row.intent === 'complaint' ? row.intent : undefined);
    if (!form) continue;
    const specs = specsOf(form);
    const readings = server.nlu.slots(row.text, formRow ? { name: formRow.form, asking: formRow.asking } : { name: form });
    const own: VisitFormContext = { ...context, said: () => readings };
    for (const spec of specs) {
      const slot = Object.entries(SLOT_NAMES).find(([, v]) => v === spec.name)?.[0] ?? spec.name;
      if (SKIP.has(slot)) continue;
      const gold = slot === 'reasons' ? circumstances(slots.reasons) : (slots as Record<string, unknown>)[slot];
      let predicted: unknown;
      const answering = formRow && (SLOT_NAMES[formRow.asking] ?? formRow.asking) === spec.name;
      if (answering) {
        const parsed = spec.parse(row.text, {}, own) as { ok: boolean; value?: unknown };
        predicted = parsed.ok ? parsed.value : undefined;
        if (predicted === '' && slot === 'name') predicted = undefined;
      } else predicted = spec.extract?.(row.text, {}, own);
      if (formRow && gold === undefined && predicted !== undefined && (SLOT_NAMES[formRow.asking] ?? formRow.asking) !== spec.name) continue;
      judge(slot, predicted, gold, spec, row.text);
    }
  }
  const f1 = (a: number, b: number, c: number) => (a === 0 ? 0 : (2 * a) / (2 * a + b + c));
  console.log(`slot F1 ${f1(tp, fp, fn).toFixed(3)} (${tp} right, ${fp} read wrongly or not there, ${fn} missed); per slot: ${[...perSlot].map(([k, s]) => `${k} ${f1(s.tp, s.fp, s.fn).toFixed(2)}`).join(', ')}`);

  const show = (title: string, lines: string[]) => lines.length && console.log(`${title}:\n${lines.slice(0, MISSES_SHOWN).join('\n')}${lines.length > MISSES_SHOWN ? `\n  … and ${lines.length - MISSES_SHOWN} more` : ''}`);
  show('intent misses', intentMisses);
  show('guide misses', guideMisses);
  show('follow-up misses', followUpMisses);
  show('reports that did not start the intake', intakeMisses);
  show('slot misses', slotMisses);
}
