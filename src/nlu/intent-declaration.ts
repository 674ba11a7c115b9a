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
  section?: Section;
}

/** A phrase (substring) or pattern that signals an intent, with how strongly. */
export interface Trigger {
  pattern: string | RegExp;
  weight: number;
}

/**
 * An intent declared as data: what it is for, its trigger phrases and example sentences.
 * The classifier scores text against these; no code per intent is needed to detect it.
 */
export interface IntentDeclaration {
  name: IntentName;
  description: string;
  triggers: Trigger[];
  /**
   * In the same clause just before a trigger, these take it back: the words are there but the
   * situation is not ("如果着火", "去年在工地受伤", "经常打架").
   */
  notNowBefore?: RegExp;
  /**
   * A message longer than this is an account written at leisure (a letter to the hotline), not a
   * call for help: only a `stillWhen` word by a trigger keeps its triggers.
   */
  accountLongerThan?: number;
  /** Anywhere in the text, these take every trigger back ("…拒付医疗费": a claim, not a call). */
  unless?: RegExp[];
  /**
   * Overrides both when it stands right by a trigger ("现在又在打人"); so does a trigger that has
   * just happened ("煤气漏了", "着火了") without a `notNowBefore` word before it.
   */
  stillWhen?: RegExp;
  examples: string[];
  /**
   * A command in the intent's own syntax ("办结 V000123 即办件 已递交" from an agent's chat): the
   * directive it stands for. The router sends it to the intent whatever else is going on.
   */
  command?: (text: string) => Directive | undefined;
  /** A follow-up about the item in context ("要带什么", "全部"), as this intent reads one. */
  followUp?: (text: string) => FollowUp | undefined;
}

/** Builds triggers of one weight from a list of phrases. */
export function phrases(weight: number, ...patterns: (string | RegExp)[]): Trigger[] {
  return patterns.map((pattern) => ({ pattern, weight }));
}
