import type { KeyedLock } from '../keyed-lock.ts';
import type { SessionStore } from '../session-store.ts';
import type { Step } from '../turn.ts';

/**
 * Loads the session once, under the per-person lock that the rest of the turn runs in: two quick
 * messages of one person are handled in order, each seeing what the other saved.
 */
export function session({ lock, store }: { lock: KeyedLock; store: SessionStore }): Step {
  return {
    name: 'session',
    async run(turn, next) {
      await lock.run(turn.key, async () => {
        turn.session = await store.load(turn.key, turn.now);
        // What the input guard held back is said now, unless an open form may read the message.
        if (turn.guarded && !turn.session.form) {
          turn.replies = turn.guarded;
          return;
        }
        await next();
      });
    },
  };
}
