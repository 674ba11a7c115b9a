import type { Step } from '../turn.ts';

/**
 * In a group the bot answers what is addressed to it (an @-mention), and in a group configured
 * for it also a clear service question nobody put to it (the route step decides that one).
 */
export function groupGate(): Step {
  return {
    name: 'group gate',
    async run(turn, next) {
      const { chatType, mentioned, answerIfClear } = turn.message;
      if (chatType === 'group' && !mentioned && !answerIfClear) return;
      await next();
    },
  };
}
