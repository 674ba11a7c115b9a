/**
 * The one text likeness of the project: Dice over character pairs, with spaces, punctuation and
 * symbols left out. It serves FAQ matching, duplicate reports and (until the trained model takes
 * over) the intents' examples. Callers strip what must not count (names, places, filler) first.
 */

/** The set of adjacent character pairs of a text, spaces, punctuation and symbols left out. */
export function characterPairs(text: string): Set<string> {
  const chars = [...text.replace(/[\s\p{P}\p{S}]/gu, '')];
  const pairs = new Set<string>();
  for (let i = 0; i < chars.length - 1; i++) pairs.add(chars[i]! + chars[i + 1]!);
  return pairs;
}

/** How alike two sets of pairs are: Dice (0 … 1) and the number of pairs they share. */
export function likeness(a: Set<string>, b: Set<string>): { dice: number; shared: number } {
  if (a.size === 0 || b.size === 0) return { dice: 0, shared: 0 };
  let shared = 0;
  for (const pair of a) if (b.has(pair)) shared++;
  return { dice: (2 * shared) / (a.size + b.size), shared };
}

/** Dice likeness of two texts, 0 … 1. */
export function textLikeness(a: string, b: string): number {
  return likeness(characterPairs(a), characterPairs(b)).dice;
}
