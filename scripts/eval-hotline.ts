/**
 * Measures the 12345 classifier on two kinds of TSV (called from scripts/eval.ts):
 *   id split subject detail category   level-1 category accuracy on subject + detail
 *   id split type domain text          type accuracy; the file's 投诉求助 accepts 投诉, 求助 or 举报
 * Each prints accuracy per split (dev and test separately) and the first dev misses.
 */
import type { AppealType } from '../src/hotline/categories.ts';
import type { HotlineClassification } from '../src/hotline/classifier.ts';

/** Classifies one text the way the server does (POST /api/v1/hotline/classify). */
export type Classify = (text: string) => Promise<Omit<HotlineClassification, 'confidence'>>;

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

/** Level-1 category accuracy per split; lists the first dev misses. Returns the tallies. */
export async function evalHotlineCategory(rows: Row[], classify: Classify): Promise<Map<string, Tally>> {
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
  return tallies;
}

/** Which of our types the file's label accepts. */
const ACCEPTS: Record<string, AppealType[]> = {
  投诉求助: ['投诉', '求助', '举报'],
  投诉: ['投诉'],
  求助: ['求助'],
  举报: ['举报'],
  建议: ['建议'],
  咨询: ['咨询'],
};

/** Type accuracy per split; lists the first dev misses. Returns the tallies. */
export async function evalAppealType(rows: Row[], classify: Classify): Promise<Map<string, Tally>> {
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
  return tallies;
}
