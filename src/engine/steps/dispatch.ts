import type { EngineServices, IntentRegistry } from '../intent.ts';
import { mergePatches, patched, type SessionPatch } from '../session.ts';
import type { Step } from '../turn.ts';
import { contextOf } from './handler-context.ts';

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
        turn.outcome = { intent: decision.intent, ...result, replies: [...result.replies, ...resume], patch: mergePatches(routed, result.patch) };
      }
      turn.replies = turn.outcome.replies;
      turn.intent = turn.outcome.intent;
      turn.itemId = turn.outcome.itemId ?? null;
      await next();
    },
  };
}
