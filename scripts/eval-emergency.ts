/**
 * The emergency figures of `npm run eval` (called from scripts/eval.ts): on the corpus writers held
 * out of training, the detector's recall overall and per kind and its false alarms, then the same
 * rows end to end through the web channel, with the number each kind must be answered with.
 */
import type { Server } from '../src/main.ts';
import { WEB_KEY_HEADER } from './harness.ts';
import type { EmergencyRow, ResidentRow } from '../src/nlu/corpus.ts';
import { EMERGENCY_KINDS, type EmergencyKind } from '../src/nlu/emergency-kinds.ts';

/** The number each kind must be answered with (the emergency issue's list), whatever the advice table says. */
const EXPECTED_NUMBER: Record<EmergencyKind, string> = {
  fire: '119',
  gas: '119',
  carbon_monoxide: '120',
  electric: '120',
  medical: '120',
  stroke: '120',
  heart: '120',
  poisoning: '120',
  drowning: '120',
  rescue: '119',
  traffic: '120',
  violence: '110',
  intrusion: '110',
  missing_child: '110',
  missing_elder: '110',
  disaster: '119',
  fraud: '96110',
  self_harm: '12356',
};
const ALARM = /【紧急】|12356/;
const MISSES_SHOWN = 25;

function ratio(hit: number, total: number): string {
  return total === 0 ? 'n/a' : `${(hit / total).toFixed(3)} (${hit}/${total})`;
}

function clip(text: string, length = 70): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

async function answerOf(server: Server, userId: string, text: string): Promise<string> {
  const response = await server.app.inject({ method: 'POST', url: '/api/v1/messages', headers: WEB_KEY_HEADER, payload: { userId, text } });
  return (response.json() as { replies: { text: string }[] }).replies.map((r) => r.text).join('\n');
}

/** Prints the held-out emergency figures; returns recall and the hard-negative false-alarm rate. */
export async function evalEmergency(server: Server, rows: readonly EmergencyRow[], ordinary: readonly ResidentRow[]): Promise<{ recall: number; falseAlarms: number }> {
  const nlu = server.nlu;
  const positives = rows.filter((r) => r.emergency);
  const negatives = rows.filter((r) => !r.emergency);
  const writers = [...new Set(rows.map((r) => r.writer))].sort();
  console.log(`\n# emergencies: held-out writers ${writers.join(' ')} (${rows.length} rows: ${positives.length} emergencies, ${negatives.length} hard negatives)`);
  const read = (text: string) => nlu.emergency(text);
  const caught = positives.filter((r) => read(r.text).now);
  const alarmed = negatives.filter((r) => read(r.text).now);
  const ordinaryAlarmed = ordinary.filter((r) => read(r.text).now);
  const kindRight = caught.filter((r) => read(r.text).kind === r.kind);
  console.log(`detector: recall ${ratio(caught.length, positives.length)}; false alarms on hard negatives ${ratio(alarmed.length, negatives.length)}, on the held-out residents' other messages ${ratio(ordinaryAlarmed.length, ordinary.length)}; kind right when caught ${ratio(kindRight.length, caught.length)}`);
  const perKind = EMERGENCY_KINDS.map((kind) => {
    const of = positives.filter((r) => r.kind === kind);
    return `${kind} ${ratio(of.filter((r) => read(r.text).now).length, of.length)}`;
  });
  console.log(`recall per kind: ${perKind.join(', ')}`);
  const byNegative = new Map<string, { hit: number; total: number }>();
  for (const r of negatives) {
    const tally = byNegative.get(r.negative!) ?? { hit: 0, total: 0 };
    tally.total++;
    if (read(r.text).now) tally.hit++;
    byNegative.set(r.negative!, tally);
  }
  console.log(`false alarms per kind of hard negative: ${[...byNegative].map(([k, t]) => `${k} ${ratio(t.hit, t.total)}`).join(', ')}`);

  // End to end: what a resident reads in a private chat.
  let answered = 0;
  let rightNumber = 0;
  const wrongNumber: string[] = [];
  for (const [n, row] of positives.entries()) {
    const said = await answerOf(server, `eval-emergency-${n}`, row.text);
    if (ALARM.test(said)) answered++;
    if (said.includes(EXPECTED_NUMBER[row.kind!])) rightNumber++;
    else if (ALARM.test(said)) wrongNumber.push(`  ${row.kind}: ${clip(row.text)} → ${clip(said.split('\n')[0] ?? '', 40)}`);
  }
  let falseAnswers = 0;
  for (const [n, row] of negatives.entries()) if (ALARM.test(await answerOf(server, `eval-negative-${n}`, row.text))) falseAnswers++;
  console.log(`end to end (web channel, private chat): emergency answer ${ratio(answered, positives.length)}, with the kind's number ${ratio(rightNumber, positives.length)}; hard negatives answered as an emergency ${ratio(falseAnswers, negatives.length)}`);

  const misses = positives.filter((r) => !read(r.text).now);
  if (misses.length) console.log(`misses:\n${misses.slice(0, MISSES_SHOWN).map((r) => `  ${r.kind} p=${read(r.text).probability.toFixed(2)}: ${clip(r.text)}`).join('\n')}`);
  if (alarmed.length) console.log(`false alarms:\n${alarmed.slice(0, MISSES_SHOWN).map((r) => `  ${r.negative} p=${read(r.text).probability.toFixed(2)}: ${clip(r.text)}`).join('\n')}`);
  if (wrongNumber.length) console.log(`answered without the kind's number:\n${wrongNumber.slice(0, MISSES_SHOWN).join('\n')}`);
  return { recall: caught.length / Math.max(1, positives.length), falseAlarms: alarmed.length / Math.max(1, negatives.length) };
}
