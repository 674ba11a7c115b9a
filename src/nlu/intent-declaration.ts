import type { Directive } from '../engine/directive.ts';
import type { Section } from '../knowledge/sections.ts';

/** Every intent the engine knows (CONTRACT.md). */
export const INTENT_NAMES = [
  'guide',
  'visit',
  'complaint',
  'status',
  'cancel',
  'feedback',
  'human',
  'emergency',
  'help',
  'out_of_scope',
] as const;

/** An intent's name. */
export type IntentName = (typeof INTENT_NAMES)[number];

/** What a follow-up asks of the item in context: one section of its guide, or (no section) the guide. */
export interface FollowUp {
  /** The section asked for, or the whole guide ("全部"). */
  section?: Section | 'full';
}

/**
 * An intent declared as data: its name and what it is for, and the readings of a message that are
 * its own business (an agent's report syntax, a follow-up about the item in context). Which intent
 * a message means is the trained model's to say (`npm run train`), not the declaration's.
 */
export interface IntentDeclaration {
  name: IntentName;
  description: string;
  /**
   * A command in the intent's own syntax ("办结 V000123 即办件 已递交" from an agent's chat): the
   * directive it stands for. The router sends it to the intent whatever else is going on.
   */
  command?: (text: string) => Directive | undefined;
  /** A follow-up about the item in context ("要带什么", "全部"), as this intent reads one. */
  followUp?: (text: string) => FollowUp | undefined;
}
