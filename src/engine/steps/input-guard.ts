import { guardInput, MAX_TEXT_LENGTH } from '../input-guard.ts';
import type { Step } from '../turn.ts';

/**
 * A message nobody can read (too long, empty, only symbols) is answered with what to send
 * instead. A bare photo or emoji may still answer an open form, so short ones go on with the
 * guard's words held back: the session step says them when no form is open.
 */
export function inputGuard(): Step {
  return {
    name: 'input guard',
    async run(turn, next) {
      const guarded = guardInput(turn.message);
      if (guarded && turn.message.text.length > MAX_TEXT_LENGTH) {
        turn.replies = guarded;
        return;
      }
      if (guarded) turn.guarded = guarded;
      await next();
    },
  };
}
