import { characterPairs, likeness } from '../nlu/similarity.ts';
import { normalizeText } from '../nlu/tokenizer.ts';
import type { Item } from './schema.ts';

/** How alike a question and an FAQ question must be (Dice over character pairs, names left out). */
const MIN_LIKENESS = 0.4;
/** …and how many character pairs they must share, so that two short texts do not match by chance. */
const MIN_SHARED = 3;

/** Words that say nothing about which FAQ is meant. */
const FILLER = /[\s\p{P}\p{S}]|请问|我想问|问一下|想问|的|了|吗|呢|啊|呀|吧|我家|我们|俺|咱/gu;

/** The text without the item's own names (both sides share them) and without filler. */
function core(text: string, names: readonly string[]): string {
  let said = normalizeText(text);
  for (const name of names) said = said.split(name).join('');
  return said.replace(FILLER, '');
}

/**
 * The item's FAQ entry that a question asks, when one clearly does: "低保一个月多少钱" is the FAQ
 * "低保一个月能拿多少？", whose answer says more than the fees section ("不收费") ever could.
 */
export function matchFaq(item: Item, question: string): Item['faq'][number] | undefined {
  const names = [item.name, ...item.aliases].map(normalizeText).sort((a, b) => b.length - a.length);
  const asked = characterPairs(core(question, names));
  if (asked.size < MIN_SHARED) return undefined;
  let best: { entry: Item['faq'][number]; dice: number } | undefined;
  for (const entry of item.faq) {
    const { dice, shared } = likeness(asked, characterPairs(core(entry.q, names)));
    if (shared >= MIN_SHARED && dice >= MIN_LIKENESS && (!best || dice > best.dice)) best = { entry, dice };
  }
  return best?.entry;
}
