import type { Button } from '../../message.ts';
import { readCues } from '../../nlu/cues.ts';
import type { IntentDeclaration } from '../../nlu/intent-declaration.ts';
import type { Nlu } from '../../nlu/nlu.ts';
import type { Understanding } from '../../nlu/understanding.ts';
import { decodeDirective, type Directive } from '../directive.ts';
import type { Step } from '../turn.ts';

const CHOICE = /^\s*(?:第\s*)?([1-9]\d?)\s*(?:个|项|号)?\s*[.。、]?\s*$/;

/** A bare number picks the button of that number offered last; a button value stands for its directive. */
function resolveChoice(text: string, buttons: readonly Button[] | undefined): { text: string; choice?: Directive } {
  const number = CHOICE.exec(text)?.[1];
  const value = (number ? buttons?.[Number(number) - 1]?.value : undefined) ?? text;
  const choice = decodeDirective(value);
  return choice ? { text: value, choice } : { text: value };
}

/**
 * Understands the message once for the whole turn: which offered choice it picks, what the
 * classifier and retrieval make of it, its entities, the commands and follow-ups the intents
 * declare, and the cues the router reads. Nothing downstream parses the text again.
 */
export function understand({ nlu, declarations }: { nlu: Nlu; declarations: readonly IntentDeclaration[] }): Step {
  return {
    name: 'understand',
    async run(turn, next) {
      const { text, choice } = resolveChoice(turn.message.text.trim(), turn.session!.buttons);
      // A button's value is no sentence to classify.
      const parsed = nlu.parse(choice ? '' : text, turn.now);
      const command = choice ? undefined : declarations.map((d) => d.command?.(text)).find(Boolean);
      const followUp = choice ? undefined : declarations.map((d) => d.followUp?.(text)).find(Boolean);
      const understanding: Understanding = {
        text,
        ...(choice ? { choice } : {}),
        ...(command ? { command } : {}),
        ...(followUp ? { followUp } : {}),
        ...parsed,
        cues: readCues(text),
      };
      turn.understanding = understanding;
      await next();
    },
  };
}
