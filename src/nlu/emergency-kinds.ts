/**
 * The kinds of emergency the detector tells apart (the emergency corpus's `kind` label): each
 * gets its own numbers and first words of advice.
 */
export const EMERGENCY_KINDS = [
  'fire',
  'gas',
  'carbon_monoxide',
  'electric',
  'medical',
  'stroke',
  'heart',
  'poisoning',
  'drowning',
  'rescue',
  'traffic',
  'violence',
  'intrusion',
  'missing_child',
  'missing_elder',
  'disaster',
  'fraud',
  'self_harm',
] as const;

export type EmergencyKind = (typeof EMERGENCY_KINDS)[number];

/** Why a message that sounds like an emergency is not one (the corpus's hard-negative `negative` label). */
export const NOT_AN_EMERGENCY = ['past', 'fixed', 'dream', 'fear', 'figurative', 'news', 'benefit', 'complaint', 'other'] as const;

/** Below this the kind model is not sure of its kind: the runner-up's numbers are given too, and self-harm's own bar does not apply. */
export const UNSURE_OF_KIND = 0.5;
