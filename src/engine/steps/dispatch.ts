import type { EngineServices, IntentRegistry } from '../intent.ts';
import { mergePatches, patched, type SessionPatch } from '../session.ts';
import type { Step } from '../turn.ts';
import { contextOf } from './handler-context.ts';

/** Said first while her conversation waits for a member of staff. */
const WHILE_WAITING = '（工作人员还没接上，小助手先回答您：）';

/**
 * Hands the message to the intent the router chose, with a read-only context, and keeps what it
 * returns. What routing itself changes (the village now known, an optional question closed) is
 * part of the same patch; a question answered on the side is followed by the open form's question.
 */
export function dispatch(deps: { intents: IntentRegistry; services: EngineServices }): Step {
  return {
    name: 'dispatch',
    async run(turn, next) {
      if (!turn.outcome) {
        const decision = turn.decision!;
        const u = turn.understanding!;
        const stored = turn.session!;
        const village = u.entities.find((e) => e.type === 'village')?.value ?? (stored.village ? undefined : turn.message.village);
        const routed: SessionPatch = {
          ...(village ? { village } : {}),
          ...(decision.closesForm ? { form: null } : {}),
          ...(u.reread || decision.directive?.kind !== 'action' || decision.directive.action !== 'clarify' ? { pending: null } : {}),
        };
        const session = patched(stored, routed);
        const context = contextOf(deps, turn, session, decision.directive);
        const result = await deps.intents[decision.intent].handle(context);
        const form = session.form;
        const resume = decision.aside && form ? (deps.intents[form.intent].resume?.(context, form) ?? []) : [];
        const replies = [...result.replies, ...resume];
        // Waiting for a person, she may take the answer for the person's: it says whose it is.
        if (turn.waitingForPerson && decision.intent !== 'human' && replies[0]) replies[0] = { ...replies[0], text: `${WHILE_WAITING}\n${replies[0].text}` };
        turn.outcome = { intent: decision.intent, ...result, replies, patch: mergePatches(routed, result.patch) };
      }
      turn.replies = turn.outcome.replies;
      turn.intent = turn.outcome.intent;
      turn.itemId = turn.outcome.itemId ?? null;
      await next();
    },
  };
}
