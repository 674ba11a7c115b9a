import { asksAmount, detectSections, sectionOfAsk, type Section } from '../../src/knowledge/sections.ts';
import type { Ranked } from '../../src/nlu/understanding-model.ts';

/**
 * From this probability on, the ask model's reading of a question (calibrated by writer
 * cross-validation: a reading at 0.6 is right about 60% of the time) decides which part of a guide
 * answers it; below it the cue words do. The cue words pick the right part for 0.61 of the training
 * writers' questions (`npm run eval -- --training-writers`; they learned nothing from them): the
 * model's calibrated 0.6 is as good as they are at their best.
 */
export const SURE_ASK = 0.6;

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
