import type { FloodLimiter } from '../flood-limiter.ts';
import type { Step } from '../turn.ts';

const TOO_FAST = '您发得太快了，请歇一分钟再发，我会一条条回复您。';

/** A person sending more than the limit a minute is warned once, then not answered for the rest of the minute. */
export function floodLimit({ flood }: { flood: FloodLimiter }): Step {
  return {
    name: 'flood limit',
    async run(turn, next) {
      const verdict = await flood.check(`${turn.message.channel}:${turn.message.user}`);
      if (verdict === 'drop') return;
      if (verdict === 'warn') {
        turn.replies = [{ text: TOO_FAST }];
        return;
      }
      await next();
    },
  };
}
