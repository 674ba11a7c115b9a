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
   * When one of these matches, the triggers do not count: the words are there but the situation
   * is not ("如果发生火灾", "去年在工地受伤，老板不给医疗费") — unless `stillWhen` matches too.
   */
  unless?: RegExp[];
  /** Overrides `unless` when it stands right by a trigger: it is happening now ("现在又在打人"). */
  stillWhen?: RegExp;
  /** Just before a trigger, keeps `unless` in force even for "…了" ("如果着火了", "去年受伤了"). */
  notNowBefore?: RegExp;
  examples: string[];
}

/** Builds triggers of one weight from a list of phrases. */
export function phrases(weight: number, ...patterns: (string | RegExp)[]): Trigger[] {
  return patterns.map((pattern) => ({ pattern, weight }));
}
