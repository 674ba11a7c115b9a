import type { Section } from '../knowledge/sections.ts';
import { SECTION_LABELS } from '../knowledge/sections.ts';
import { INTENT_NAMES, type IntentName } from '../nlu/intent-declaration.ts';
import type { Directive } from './intent.ts';

const SECTIONS = new Set<string>([...Object.keys(SECTION_LABELS), 'full']);
const INTENTS = new Set<string>(INTENT_NAMES);

/**
 * Encodes a directive as a button value ("#item:dibao:materials", "#section:steps",
 * "#do:visit:cancel:V000123").
 */
export function encodeDirective(directive: Directive): string {
  if (directive.kind === 'item') return `#item:${directive.itemId}${directive.section ? `:${directive.section}` : ''}`;
  if (directive.kind === 'action') return ['#do', directive.intent, directive.action, ...directive.args].join(':');
  return `#section:${directive.section}`;
}

/** Decodes a button value back into a directive; anything else is plain text. */
export function decodeDirective(value: string): Directive | undefined {
  const [tag, first, second] = value.trim().split(':');
  if (tag === '#item' && first) {
    return second && SECTIONS.has(second) && second !== 'full'
      ? { kind: 'item', itemId: first, section: second as Section }
      : { kind: 'item', itemId: first };
  }
  if (tag === '#section' && first && SECTIONS.has(first)) return { kind: 'section', section: first as Section | 'full' };
  const parts = value.trim().split(':');
  if (tag === '#do' && first && INTENTS.has(first) && second) {
    return { kind: 'action', intent: first as IntentName, action: second, args: parts.slice(3) };
  }
  // A rating button sent with a notification: "#rate:V000123:满意".
  if (tag === '#rate' && first && second) return { kind: 'action', intent: 'feedback', action: 'rate', args: [first, second] };
  return undefined;
}

/** The help menu's "how to ask a guide question" choice: answered by the help intent. */
export const GUIDE_EXAMPLES = '#help:guide';
