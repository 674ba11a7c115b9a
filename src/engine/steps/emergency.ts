import type { Reply } from '../../message.ts';
import type { IntentRegistry } from '../intent.ts';
import type { Step } from '../turn.ts';
import { contextOf } from './handler-context.ts';

/** Said before an answer to a question that also spoke of danger. */
const EMERGENCY_NUMBERS: Reply = { text: '如果有人正处在危险中，请马上拨打 120 急救、110 报警或 119 火警。' };

/**
 * An emergency happening now is answered at once, whatever else is going on (an open form stays
 * as it was): the numbers, and nothing routed. A question about a service that also spoke of
 * danger ("我爸去年中风了，现在能申请护理补贴吗") is answered as a question, the numbers first.
 */
export function emergency(deps: Parameters<typeof contextOf>[0] & { intents: IntentRegistry }): Step {
  return {
    name: 'emergency',
    async run(turn, next) {
      const u = turn.understanding!;
      if (u.intent.name === 'emergency') {
        const aboutAService = u.retrieval.confidence === 'sure' && u.cues.serviceQuestion;
        if (!aboutAService) {
          const result = await deps.intents.emergency.handle(contextOf(deps, turn, turn.session!));
          turn.outcome = { intent: 'emergency', ...result };
        } else turn.first.push(EMERGENCY_NUMBERS);
      }
      await next();
    },
  };
}
