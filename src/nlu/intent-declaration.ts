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
}

/** Builds triggers of one weight from a list of phrases. */
export function phrases(weight: number, ...patterns: (string | RegExp)[]): Trigger[] {
  return patterns.map((pattern) => ({ pattern, weight }));
}
