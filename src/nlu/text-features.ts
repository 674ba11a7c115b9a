import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { pinyin } from 'pinyin-pro';
import { normalizeText } from './tokenizer.ts';

/** Which features a model reads; stored with the model, so training and prediction agree. */
export interface FeatureSpec {
  /** Character n-gram lengths (1 = single characters). */
  chars: number[];
  /** Toneless pinyin syllables and syllable pairs, for voice-typing and pinyin slips ("着伙", "低包"). */
  pinyin: boolean;
  /**
   * Character pairs and triples of the last clause again, marked as such: where a message says how
   * things stand now ("…浇灭了 没事了", "…现在还在烧").
   */
  lastClause?: boolean;
  /** Words (jieba with its own dictionary only, so a knowledge edit never changes a model's features) and word pairs. */
  words?: boolean;
  /**
   * Place names (the town's villages) read as one placeholder: where something happens says
   * nothing about what it is, and a bare "岭口村" must not sound like "岭口村3组着火了".
   */
  places?: string[];
  /** A length bucket (default on): short, medium, long, a story. */
  length?: boolean;
}

let segmenter: Jieba | undefined;

/** jieba's segmentation of a text, every character in one piece (punctuation and spaces too); loaded on first use. */
export function segment(text: string): string[] {
  segmenter ??= Jieba.withDict(dict);
  return segmenter.cut(text, false);
}

/** jieba's words of the feature text. */
function wordsOf(text: string): string[] {
  return segment(text).filter((w) => /[\p{Script=Han}a-z0-9]/u.test(w));
}

const HAN = /\p{Script=Han}/u;

/**
 * The text as the features see it: normalized (full-width to half-width, lower case), spaces out,
 * every run of punctuation one mark ("!" for alarm, "?" for a question, "," for the rest), and a
 * long number (a phone, an ID) a single "#".
 */
export function featureText(text: string, places: readonly string[] = []): string {
  let said = normalizeText(text);
  for (const place of places) said = said.split(place).join('地');
  return said
    .replace(/\d{5,}[\dx]*/g, '#')
    .replace(/[!！]+/g, '!')
    .replace(/[?？]+/g, '?')
    .replace(/[\s]+/g, '')
    .replace(/[\p{P}\p{S}]+/gu, (run) => (run.includes('!') ? '!' : run.includes('?') ? '?' : ','));
}

/** The pinyin syllables of a text's Chinese characters; other characters break the run. */
function syllables(text: string): (string | undefined)[] {
  const chars = [...text];
  // One reading per character, read in context ("着火" is zhao huo); anything but Han text is a break.
  const readings = pinyin(text, { toneType: 'none', type: 'array' });
  return chars.map((c, i) => (HAN.test(c) ? readings[i] : undefined));
}

/**
 * The features of one message: character n-grams of the feature text between start and end
 * marks, its pinyin syllables and syllable pairs, and a length bucket. Each feature once.
 */
export function textFeatures(text: string, spec: FeatureSpec): readonly string[] {
  // One message is read by a dozen models with the same spec in one turn: its features are worked out once.
  let key = specKeys.get(spec);
  if (key === undefined) specKeys.set(spec, (key = JSON.stringify(spec)));
  let bySpec = recent.get(key);
  if (!bySpec) recent.set(key, (bySpec = new Map()));
  const known = bySpec.get(text);
  if (known) return known;
  const features = Object.freeze(computeFeatures(text, spec));
  if (bySpec.size >= RECENT_TEXTS) bySpec.delete(bySpec.keys().next().value!);
  bySpec.set(text, features);
  return features;
}

/** How many recent texts' features are kept per spec (the messages of the current turns). */
const RECENT_TEXTS = 32;
const recent = new Map<string, Map<string, readonly string[]>>();
const specKeys = new WeakMap<FeatureSpec, string>();

function computeFeatures(text: string, spec: FeatureSpec): string[] {
  const said = featureText(text, spec.places);
  const features = new Set<string>();
  const chars = ['^', ...said, '$'];
  for (const n of spec.chars) {
    for (let i = 0; i + n <= chars.length; i++) {
      const gram = chars.slice(i, i + n).join('');
      if (gram !== '^' && gram !== '$') features.add(`c${n}:${gram}`);
    }
  }
  if (spec.pinyin) {
    const readings = syllables(said);
    for (let i = 0; i < readings.length; i++) {
      const one = readings[i];
      if (!one) continue;
      features.add(`p1:${one}`);
      const next = readings[i + 1];
      if (next) features.add(`p2:${one}_${next}`);
    }
  }
  if (spec.lastClause) {
    const clauses = said.split(/[,!?]/).filter(Boolean);
    const last = [...(clauses.at(-1) ?? '')];
    for (const n of [2, 3]) for (let i = 0; i + n <= last.length; i++) features.add(`e${n}:${last.slice(i, i + n).join('')}`);
  }
  if (spec.words) {
    const words = wordsOf(said);
    for (let i = 0; i < words.length; i++) {
      features.add(`w1:${words[i]}`);
      if (i + 1 < words.length) features.add(`w2:${words[i]}_${words[i + 1]}`);
    }
  }
  if (spec.length !== false) {
    const length = [...said].length;
    features.add(length <= 6 ? 'len:short' : length <= 25 ? 'len:mid' : length <= 60 ? 'len:long' : 'len:story');
  }
  return [...features];
}
