import type { Reply } from '../../message.ts';
import type { EngineServices, TurnEvent } from '../intent.ts';
import type { KeyedLock } from '../keyed-lock.ts';
import type { SessionStore } from '../session-store.ts';
import { privateChatOf, sessionKey, type SessionPatch } from '../session.ts';
import type { Step, Turn } from '../turn.ts';

/** The choices a batch of replies offers (the last reply that has buttons), for a bare "2" to pick. */
function offeredChoices(replies: readonly Reply[]): SessionPatch {
  const buttons = replies.findLast((r) => r.buttons?.length)?.buttons;
  return { buttons: buttons ?? null };
}

/** What commits a turn, and the sessions it may touch besides its own. */
export interface CommitDependencies {
  store: SessionStore;
  lock: KeyedLock;
  services: EngineServices;
}

/**
 * Applies a patch to another session than the turn's own (the private chat a conversation moves
 * to, the chat a notification went to), under that session's lock. Only commit steps write sessions.
 */
export async function commitElsewhere(deps: CommitDependencies, key: string, now: Date, patch: SessionPatch): Promise<void> {
  await deps.lock.run(key, async () => {
    await deps.store.save(key, await deps.store.load(key, now), patch, now, false);
  });
}

async function carryOut(deps: CommitDependencies, turn: Turn, event: TurnEvent): Promise<void> {
  switch (event.kind) {
    case 'continue_privately': {
      const to = privateChatOf(turn.message);
      await commitElsewhere(deps, sessionKey(to), turn.now, { form: event.form, ...offeredChoices(event.replies) });
      await deps.services.notify(to, event.replies);
      return;
    }
    case 'duty_alert':
      await deps.services.dutyAlerts.raise(event);
      return;
    case 'open_handoff':
      await deps.services.handoffs.open(event.conversation, event.village, event.text, turn.now);
  }
}

/**
 * The one step that writes the session: the handler's patch and the choices the replies offer,
 * saved once; then the turn's events are carried out.
 */
export function commit(deps: CommitDependencies): Step {
  return {
    name: 'commit',
    async run(turn, next) {
      const outcome = turn.outcome!;
      turn.session = await deps.store.save(turn.key, turn.session!, { ...outcome.patch, ...offeredChoices(turn.replies) }, turn.now);
      for (const event of outcome.events ?? []) await carryOut(deps, turn, event);
      await next();
    },
  };
}
