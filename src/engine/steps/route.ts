import { route as decide } from '../router.ts';
import type { Step } from '../turn.ts';

/**
 * Decides what the message is for (the pure router). A group message nobody addressed to the bot
 * is answered only when it is a clear service question; otherwise nothing happens and no state is kept.
 */
export function route(): Step {
  return {
    name: 'route',
    async run(turn, next) {
      if (turn.outcome) return next();
      const u = turn.understanding!;
      const session = turn.session!;
      if (turn.message.chatType === 'group' && !turn.message.mentioned) {
        const clear = u.intent.name === 'guide' && u.retrieval.confidence === 'sure' && !session.form;
        if (!clear) return;
      }
      turn.decision = decide(session, u);
      await next();
    },
  };
}
