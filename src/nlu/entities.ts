import { pinyin } from 'pinyin-pro';
import type { Village } from '../knowledge/schema.ts';
import { parseDates } from './dates.ts';
import { isValidIdNumber } from './id-number.ts';
import { plainDigits } from '../personal-numbers.ts';

/** The entity types the NLU reports. */
export type EntityType = 'phone' | 'id_number' | 'village' | 'date' | 'item';

/** One entity: its type, its normalized value and the text it was found in. */
export interface Entity {
  type: EntityType;
  value: string;
  text: string;
}

const MOBILE = /(?<![\d])1[3-9]\d(?:[ -]?\d{4}){2}(?![\d])/g;
// A landline with its area code, as written ("0579-84563721", "0579-8456 3721", "0579 84563721").
const LANDLINE = /(?<![\d-])0\d{2,3}(?:-|\s)?\d{3,4}[ -]?\d{4}(?![\d])/g;
const ID_CANDIDATE = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;

/** Phone numbers: mobile numbers (spaces or dashes allowed, digits typed or spoken) and landlines with an area code. */
export function findPhones(text: string): Entity[] {
  const entities: Entity[] = [];
  for (const match of text.matchAll(MOBILE)) entities.push({ type: 'phone', value: match[0].replace(/[ -]/g, ''), text: match[0] });
  // Spoken digits ("幺三五…"), read as typed ones: the same positions, so the words said stay the entity's text.
  const plain = plainDigits(text);
  if (plain !== text) {
    for (const match of plain.matchAll(MOBILE)) {
      const said = text.slice(match.index, match.index + match[0].length);
      if (said !== match[0]) entities.push({ type: 'phone', value: match[0].replace(/[ -]/g, ''), text: said });
    }
  }
  for (const match of text.matchAll(LANDLINE)) {
    const digits = match[0].replace(/[\s-]/g, '');
    const area = /^0(?:10|2\d)/.test(digits) ? 3 : 4;
    entities.push({ type: 'phone', value: `${digits.slice(0, area)}-${digits.slice(area)}`, text: match[0] });
  }
  return entities;
}

/** 18-character ID numbers whose check character is right; others are not ID numbers. */
export function findIdNumbers(text: string): Entity[] {
  return [...text.matchAll(ID_CANDIDATE)]
    .filter((match) => isValidIdNumber(match[0]))
    .map((match) => ({ type: 'id_number' as const, value: match[0].toUpperCase(), text: match[0] }));
}

/** Toneless pinyin of each character. */
function soundsOf(text: string): string[] {
  return pinyin(text, { toneType: 'none', type: 'array' });
}

/**
 * A village written with a voice-typing slip, said with 村 ("中胡村" for 中湖村): the same sounds
 * before 村. Without 村 a homophone is too often a plain word ("珍惜" for 珍溪).
 */
/** Each village name's sounds before 村, worked out once: the town's villages do not change between messages. */
const stemSounds = new Map<string, { length: number; sounds: string }>();

function soundsOfStem(name: string): { length: number; sounds: string } {
  let known = stemSounds.get(name);
  if (!known) {
    const stem = name.replace(/村$/, '');
    stemSounds.set(name, (known = { length: [...stem].length, sounds: soundsOf(stem).join(' ') }));
  }
  return known;
}

function soundsLikeVillage(chars: readonly string[], heard: readonly string[], village: Village): string | undefined {
  const { length, sounds: wanted } = soundsOfStem(village.name);
  for (let i = 0; i + length < chars.length; i++) {
    if (chars[i + length] !== '村') continue;
    if (heard.slice(i, i + length).join(' ') === wanted) return chars.slice(i, i + length + 1).join('');
  }
  return undefined;
}

/** Villages named by their full name or a short alias ("岭口" for 岭口村), or a slip that sounds the same ("中胡村"). */
export function findVillages(text: string, villages: readonly Village[]): Entity[] {
  const entities: Entity[] = [];
  for (const village of villages) {
    const spelled = [village.name, ...village.aliases].sort((a, b) => b.length - a.length).find((name) => text.includes(name));
    if (spelled) entities.push({ type: 'village', value: village.name, text: spelled });
  }
  if (entities.length || !text.includes('村')) return entities;
  const chars = [...text];
  const heard = soundsOf(text);
  for (const village of villages) {
    const said = soundsLikeVillage(chars, heard, village);
    if (said) entities.push({ type: 'village', value: village.name, text: said });
  }
  return entities;
}

/** Dates, future-biased, as Asia/Shanghai days with an optional half-day ("2026-11-26 上午"). */
export function findDates(text: string, now: Date = new Date()): Entity[] {
  return parseDates(text, now).map((d) => ({
    type: 'date' as const,
    value: d.halfDay ? `${d.date} ${d.halfDay === 'am' ? '上午' : '下午'}` : d.date,
    text: d.text,
  }));
}
