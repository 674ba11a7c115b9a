import { asksAmount, detectSections, sectionOfAsk, type Section } from '../../src/knowledge/sections.ts';
import { SURE_ASK } from '../../src/nlu/nlu.ts';
import type { Ranked } from '../../src/nlu/understanding-model.ts';


/** The parts of a guide a question asks for: sections, what a benefit pays, or neither (the whole item). */
export type AskedPart = Section | 'amount';

/**
 * What a question asks: the ask model's reading when it is sure and names a part, then any other
 * part the cue words find ("要带照片吗 要不要交钱" asks for materials and fees).
 */
export function askedParts(text: string, ask: Ranked | undefined): AskedPart[] {
  const cued: AskedPart[] = detectSections(text);
  if (asksAmount(text)) cued.unshift('amount');
  const read: AskedPart | undefined = ask && ask.probability >= SURE_ASK ? (ask.label === 'amount' ? 'amount' : sectionOfAsk(ask.label)) : undefined;
  const parts = read ? [read, ...cued.filter((part) => part !== read)] : cued;
  // "一个月能拿多少钱" asks what the benefit pays, not what applying costs.
  return parts.filter((part) => !(part === 'fees' && parts.includes('amount')));
}
