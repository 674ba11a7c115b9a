import type { RecentIds } from '../recent-ids.ts';
import type { Step } from '../turn.ts';

/** A message a channel delivers twice (a webhook retry, a reconnect) is answered once. */
export function dedupe({ recent }: { recent: RecentIds }): Step {
  return {
    name: 'dedupe',
    async run(turn, next) {
      const { id, channel, chat } = turn.message;
      if (id && (await recent.seen(`${channel}:${chat}:${id}`))) return;
      await next();
    },
  };
}
