/**
 * Measures the 12345 classifier on two kinds of TSV (called from scripts/eval.ts):
 *   id split subject detail category   level-1 category accuracy on subject + detail
 *   id split type domain text          type accuracy; the file's 投诉求助 accepts 投诉, 求助 or 举报
 * Each prints accuracy per split (dev and test separately) and the first dev misses, and, given a
 * way to talk to the bot, the share of the reports among them that start the 12345 intake.
 */
import type { AppealType } from '../src/hotline/categories.ts';
import type { HotlineClassification } from '../src/hotline/classifier.ts';

/** Classifies one text the way the server does (POST /api/v1/hotline/classify). */
export type Classify = (text: string) => Promise<Omit<HotlineClassification, 'confidence'>>;

/** Sends one message as a new resident in a private chat; answers the intent the bot routed it to. */
export type Say = (userId: string, text: string) => Promise<string | null>;

/** A TSV row keyed by the header's column names. */
export type Row = Record<string, string>;

const MISSES_SHOWN = 15;

interface Tally {
  hit: number;
  total: number;
}

function ratio({ hit, total }: Tally): string {
  return total === 0 ? 'n/a' : `${(hit / total).toFixed(3)} (${hit}/${total})`;
}

function clip(text: string, length = 60): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

function report(label: string, tallies: Map<string, Tally>, misses: string[]): void {
  const splits = [...tallies.keys()].sort((a, b) => (a === 'dev' ? -1 : b === 'dev' ? 1 : a.localeCompare(b)));
  console.log(`${label}: ${splits.map((s) => `${s} ${ratio(tallies.get(s)!)}`).join(', ')}`);
  if (misses.length > 0) console.log(misses.slice(0, MISSES_SHOWN).join('\n'));
}

function count(tallies: Map<string, Tally>, split: string, hit: boolean): void {
  const tally = tallies.get(split) ?? { hit: 0, total: 0 };
  tally.total++;
  if (hit) tally.hit++;
  tallies.set(split, tally);
}

/**
 * The share of real reports that start the 12345 intake when a resident sends them to the bot
 * (each as a new resident in a private chat), per split, and how many were taken as out of scope.
 */
async function evalIntake(label: string, rows: { split: string; text: string }[], say: Say): Promise<void> {
  const tallies = new Map<string, Tally>();
  const outOfScope = new Map<string, number>();
  for (const [n, row] of rows.entries()) {
    const intent = await say(`intake-${label}-${n}`, row.text.slice(0, 4000));
    count(tallies, row.split, intent === 'complaint');
    if (intent === 'out_of_scope') outOfScope.set(row.split, (outOfScope.get(row.split) ?? 0) + 1);
  }
  const splits = [...tallies.keys()].sort((a, b) => (a === 'dev' ? -1 : b === 'dev' ? 1 : a.localeCompare(b)));
  console.log(`${label} that start the 12345 intake: ${splits.map((s) => `${s} ${ratio(tallies.get(s)!)}, ${outOfScope.get(s) ?? 0} out of scope`).join('; ')}`);
}

/** Level-1 category accuracy per split; lists the first dev misses. Returns the tallies. */
export async function evalHotlineCategory(rows: Row[], classify: Classify, say?: Say): Promise<Map<string, Tally>> {
  const tallies = new Map<string, Tally>();
  const misses: string[] = [];
  for (const row of rows) {
    const split = row.split || '(none)';
    const got = await classify(`${row.subject ?? ''}\n${row.detail ?? ''}`);
    const hit = got.category === row.category;
    count(tallies, split, hit);
    if (!hit && split === 'dev') misses.push(`  ${row.id} ${clip(row.subject ?? '')} → expected ${row.category}, got ${got.category}/${got.subcategory}`);
  }
  report('hotline category', tallies, misses);
  if (say) await evalIntake('12345 letters', rows.map((r) => ({ split: r.split || '(none)', text: `${r.subject ?? ''}\n${r.detail ?? ''}` })), say);
  return tallies;
}

/** Which of our types the file's label accepts. */
export const ACCEPTS: Record<string, AppealType[]> = {
  投诉求助: ['投诉', '求助', '举报'],
  投诉: ['投诉'],
  求助: ['求助'],
  举报: ['举报'],
  建议: ['建议'],
  咨询: ['咨询'],
};

/** Type accuracy per split; lists the first dev misses. Returns the tallies. */
export async function evalAppealType(rows: Row[], classify: Classify, say?: Say): Promise<Map<string, Tally>> {
  const tallies = new Map<string, Tally>();
  const misses: string[] = [];
  for (const row of rows) {
    const split = row.split || '(none)';
    const got = await classify(row.text ?? '');
    const hit = (ACCEPTS[row.type ?? ''] ?? []).includes(got.type);
    count(tallies, split, hit);
    if (!hit && split === 'dev') misses.push(`  ${row.id} ${clip(row.text ?? '')} → expected ${row.type}, got ${got.type}`);
  }
  report('hotline type', tallies, misses);
  // A 咨询 is a question, not a report: the intake is measured on the others.
  const reports = rows.filter((r) => r.type !== '咨询').map((r) => ({ split: r.split || '(none)', text: r.text ?? '' }));
  if (say) await evalIntake('投诉求助 messages', reports, say);
  return tallies;
}
