import type { Button } from '../../message.ts';
import { readCues } from '../../nlu/cues.ts';
import type { IntentDeclaration } from '../../nlu/intent-declaration.ts';
import { NO_EMERGENCY } from '../../nlu/emergency-detector.ts';
import type { Nlu } from '../../nlu/nlu.ts';
import { NOTHING_SAID } from '../../nlu/slot-readers.ts';
import type { Understanding } from '../../nlu/understanding.ts';
import { decodeDirective, type Directive } from '../directive.ts';
import type { Step } from '../turn.ts';

const CHOICE = /^\s*(?:第\s*)?([1-9]\d?)\s*(?:个|项|号)?\s*[.。、]?\s*$/;

/**
 * A bare number picks the button of that number offered last; a button value stands for its
 * directive. `tapped`: the text is one of the choices offered (its value or its label).
 */
function resolveChoice(text: string, buttons: readonly Button[] | undefined): { text: string; choice?: Directive; tapped: boolean } {
  const number = CHOICE.exec(text)?.[1];
  // A button's label typed out ("材料" under a guide answer) picks that button, as its number does.
  const label = text.replace(/[。.!！?？~～\s]+$/u, '');
  const picked = number ? buttons?.[Number(number) - 1]?.value : buttons?.find((b) => b.label === label)?.value;
  const value = picked ?? text;
  const tapped = picked !== undefined || (buttons?.some((b) => b.value === text || b.label === text) ?? false);
  const choice = decodeDirective(value);
  return choice ? { text: value, choice, tapped } : { text: value, tapped };
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
      const { text: said, choice: picked, tapped } = resolveChoice(turn.message.text.trim(), turn.session!.buttons);
      // "您是想问…还是要反映问题？": the message asked about is read again, as the reading chosen.
      const pending = turn.session!.pending;
      const reread = picked?.kind === 'action' && picked.action === 'as' && pending !== undefined ? picked.intent : undefined;
      const text = reread ? pending! : said;
      const choice = reread ? undefined : picked;
      // A button's value is no sentence to classify, and a choice the bot offered is no call for help.
      const open = turn.session!.form;
      // At the summary the question is the summary itself (the corpus's "summary"), not the first message.
      const asking = open?.stage === 'confirming' ? 'summary' : open?.asking;
      const read = nlu.parse(choice ? '' : text, turn.now, tapped ? NO_EMERGENCY : turn.emergency, open && { name: open.name, ...(asking ? { asking } : {}) });
      // An offered choice's words ("上午/下午" in the change menu) are not read as a slot's value.
      const readings = tapped && !reread ? { ...read, slots: NOTHING_SAID } : read;
      const parsed = reread ? { ...readings, intent: { name: reread, confidence: 1, scores: read.intent.scores } } : readings;
      const command = choice ? undefined : declarations.map((d) => d.command?.(text)).find(Boolean);
      const followUp = choice ? undefined : declarations.map((d) => d.followUp?.(text)).find(Boolean);
      const understanding: Understanding = {
        // "#go:visit" starts a booking with nothing said yet.
        text: choice?.kind === 'intent' ? '' : text,
        ...(choice ? { choice } : {}),
        ...(command ? { command } : {}),
        ...(followUp ? { followUp } : {}),
        ...(reread ? { reread: true as const } : {}),
        ...parsed,
        cues: readCues(text),
      };
      turn.understanding = understanding;
      await next();
    },
  };
}
