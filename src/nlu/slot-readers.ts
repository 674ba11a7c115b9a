import { ELIGIBILITY_REASONS, HALF_DAYS, RATINGS, type EligibilityReason, type HalfDay, type Rating } from '../visits/types.ts';
import { halfDayFeatures, personFeatures } from './slot-cues.ts';

/**
 * The form answers that are a choice among a few values, read by trained models rather than
 * patterns: a pattern cannot hear "不用匿名" (not anonymous), "不要上午，下午来" (the afternoon) or
 * "不太满意" (not 满意). Each reader learns from the corpus rows of its forms: the first message of a
 * booking, a report or a rating, and every answer given inside the form (with the question asked
 * as a feature, and the reader's cues of `slot-cues.ts`); "unsaid" is a message that does not say.
 */
export const SLOT_READERS = {
  for: { forms: ['visit'], values: ['self', 'other'], cues: personFeatures },
  half: { forms: ['visit', 'reschedule'], values: HALF_DAYS, cues: halfDayFeatures },
  anonymous: { forms: ['complaint'], values: ['yes', 'no'] },
  grade: { forms: ['rating'], values: RATINGS },
} as const satisfies Record<string, { forms: readonly string[]; values: readonly string[]; cues?: (text: string) => string[] }>;

/** The cues a choice-slot reader weighs for a message (none for most). */
export function cuesFor(slot: string, text: string): string[] {
  const reader = (SLOT_READERS as Record<string, { cues?: (text: string) => string[] }>)[slot];
  return reader?.cues?.(text) ?? [];
}
export type ChoiceSlot = keyof typeof SLOT_READERS;

/**
 * The circumstances, each read by its own yes/no model (a message may give several). 年迈 is not
 * read: it follows from the age (70 and over), which the form asks and checks itself.
 */
export const REASON_READERS = { forms: ['visit'], values: ELIGIBILITY_REASONS.filter((r) => r !== '年迈') } as const;

/** The label of a message that does not say. */
export const UNSAID = 'unsaid';

/** The intent of a top-level message that opens each form (its first message is read too). */
export const OPENING_INTENT: Record<string, string> = { visit: 'visit', complaint: 'complaint', rating: 'feedback' };

/** The corpus's names of the forms' slots, where they differ. */
export const CORPUS_SLOT_NAME: Record<string, string> = { forOther: 'for', residentName: 'name' };

/** The context feature of a first message (no question asked yet). */
export const OPENING = 'opening';

/**
 * What one message says of the choice slots, where a reader is sure (a calibrated probability of
 * 0.85 and over; "中午" is read as 上午 at 0.80, and is better asked about). A form takes a sure reading first, then what its patterns read plainly ("我叫…"
 * books for herself). A likelier-than-not reading is not taken: on words unlike the corpus (a
 * catalogue name chosen from a list) the readers guess, and a guessed "帮家里人约" or 下午 is worse
 * than a question (measured on the held-out writers: slot F1 0.809 with such guesses, 0.805 without).
 * Nor is an offered choice's label ("上午/下午" in the change menu) read as a value.
 */
export interface SlotReadings {
  /** Spans of the message the taggers are sure of (span-reader.ts): taken where the pattern finds nothing. */
  location?: string;
  since?: string;
  name?: string;
  relation?: string;
  address?: string;
  forOther?: boolean;
  half?: HalfDay;
  anonymous?: boolean;
  grade?: Rating;
  reasons?: EligibilityReason[];
}

export const NOTHING_SAID: SlotReadings = {};

/** A form's readings of a text: the turn's own for the message itself, nothing for other words. */
export function readingsFor(understanding: { text: string; slots: SlotReadings }): (text: string) => SlotReadings {
  return (text) => (text.trim() === understanding.text.trim() ? understanding.slots : NOTHING_SAID);
}

/** A slot's value from a message: the sure reading, else what the form's pattern reads. */
export function slotValue<K extends keyof SlotReadings>(readings: SlotReadings, slot: K, pattern: SlotReadings[K] | undefined): SlotReadings[K] | undefined {
  return readings[slot] ?? pattern;
}
