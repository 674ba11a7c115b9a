import { SECTION_LABELS, type Section } from '../knowledge/sections.ts';
import { INTENT_NAMES, type IntentName } from '../nlu/intent-declaration.ts';

/**
 * A choice the bot offered, coming back as a button value (or its number typed): structured, so
 * that no handler re-guesses it from text. Every button value the bot builds goes through
 * `encodeDirective`, and every one it reads through `decodeDirective`: this file is the protocol.
 */
export type Directive =
  /** A guide item, optionally one section of it ("#item:dibao:materials"). */
  | { kind: 'item'; itemId: string; section?: Section | 'full' }
  /** A section of the item in context ("#section:steps"), or the whole guide. */
  | { kind: 'section'; section: Section | 'full' }
  /** An action of an intent with its arguments ("#do:cancel:visit:V000123"). */
  | { kind: 'action'; intent: IntentName; action: string; args: string[] }
  /** An offered half-day for a visit ("#slot:2026-11-27:am"). */
  | { kind: 'slot'; date: string; half: 'am' | 'pm' }
  /** The slot to change at a form's summary ("#change:phone"). */
  | { kind: 'change'; slot: string }
  /** The help menu's "how to ask a guide question". */
  | { kind: 'menu'; topic: 'guide' }
  /** Start what an intent does, as the help menu and the channels' commands offer it ("#go:visit"). */
  | { kind: 'intent'; intent: IntentName };

const SECTIONS = new Set<string>(Object.keys(SECTION_LABELS));
const INTENTS = new Set<string>(INTENT_NAMES);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The button value of a directive. */
export function encodeDirective(directive: Directive): string {
  switch (directive.kind) {
    case 'item':
      return `#item:${directive.itemId}${directive.section ? `:${directive.section}` : ''}`;
    case 'section':
      return `#section:${directive.section}`;
    case 'action':
      return ['#do', directive.intent, directive.action, ...directive.args].join(':');
    case 'slot':
      return `#slot:${directive.date}:${directive.half}`;
    case 'change':
      return `#change:${directive.slot}`;
    case 'menu':
      return `#help:${directive.topic}`;
    case 'intent':
      return `#go:${directive.intent}`;
  }
}

/** The directive a button value stands for; undefined for any other text. */
export function decodeDirective(value: string): Directive | undefined {
  const parts = value.trim().split(':');
  const [tag, first, second] = parts;
  if (!tag?.startsWith('#') || !first) return undefined;
  switch (tag) {
    case '#item':
      return second && (SECTIONS.has(second) || second === 'full') ? { kind: 'item', itemId: first, section: second as Section | 'full' } : { kind: 'item', itemId: first };
    case '#section':
      return SECTIONS.has(first) || first === 'full' ? { kind: 'section', section: first as Section | 'full' } : undefined;
    case '#do':
      return INTENTS.has(first) && second ? { kind: 'action', intent: first as IntentName, action: second, args: parts.slice(3) } : undefined;
    case '#slot':
      return DATE.test(first) && (second === 'am' || second === 'pm') ? { kind: 'slot', date: first, half: second } : undefined;
    case '#change':
      return { kind: 'change', slot: first };
    case '#go':
      return INTENTS.has(first) ? { kind: 'intent', intent: first as IntentName } : undefined;
    case '#help':
      return first === 'guide' ? { kind: 'menu', topic: 'guide' } : undefined;
    case '#rate':
      // Rating buttons sent before the codec existed ("#rate:V000123:满意") may still wait in the outbox.
      return second ? { kind: 'action', intent: 'feedback', action: 'rate', args: [first, second] } : undefined;
    default:
      return undefined;
  }
}

/** Shorthand for an action's button value. */
export function actionValue(intent: IntentName, action: string, ...args: string[]): string {
  return encodeDirective({ kind: 'action', intent, action, args });
}
