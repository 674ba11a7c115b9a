import type { Nlu } from '../../nlu/nlu.ts';
import type { Step } from '../turn.ts';

/**
 * In a group the bot answers what is addressed to it (an @-mention), and in a group configured
 * for it also a clear service question nobody put to it (the route step decides that one). An
 * emergency is answered in the group whoever it was said to: the detector reads every message.
 */
export function groupGate({ nlu }: { nlu: Nlu }): Step {
  return {
    name: 'group gate',
    async run(turn, next) {
      const { chatType, mentioned, answerIfClear, text } = turn.message;
      if (chatType === 'group' && !mentioned && !answerIfClear) {
        const reading = nlu.emergency(text);
        if (!reading.now) return;
        turn.emergency = reading;
      }
      await next();
    },
  };
}
