import type { IntentRegistry } from '../intent.ts';
import type { Step } from '../turn.ts';
import { contextOf } from './handler-context.ts';

/**
 * While the bot waits for the answer to a form's question, a fragment of a few characters is that
 * answer ("家门口", "我是她闺女") unless the detector is sure: measured by writer
 * cross-validation, this halves the false alarms on form answers for 0.2% of recall mid-form.
 */
const FRAGMENT_CHARS = 6;
const FRAGMENT_SURE = 0.8;

/** For this long after an emergency answer, a call for someone to come is a call for help now. */
export const EMERGENCY_FOLLOW_UP_MS = 30 * 60_000;
/**
 * What such a call is read as when it names no emergency of its own: "村里能不能来个人帮忙" reads
 * as a booking of the agent, "村里要通知谁" as a report, "有人吗" as a call for help, "怎么办啊" as
 * anything. Asking for a person is handed to one, as any time.
 */
const CALLS_FOR_HELP = new Set(['visit', 'help', 'out_of_scope', 'complaint']);

/**
 * An emergency happening now (the detector's reading, made once in the understand step) is
 * answered at once, whatever else is going on: mid-form (the form stays as it was, and no form
 * question follows), in a group, with a photo. Nothing is routed. So is, soon after one, a
 * message that asks for help without a form to answer: the numbers again and who can come now,
 * never a booking of next week's visit.
 */
export function emergency(deps: Parameters<typeof contextOf>[0] & { intents: IntentRegistry }): Step {
  return {
    name: 'emergency',
    async run(turn, next) {
      const reading = turn.understanding!.emergency;
      const answersTheForm =
        turn.session!.form?.asking !== undefined && !reading.override && [...turn.understanding!.text].length <= FRAGMENT_CHARS && reading.probability < FRAGMENT_SURE;
      const last = turn.session!.lastEmergency;
      const soonAfter = last !== undefined && turn.now.getTime() - Date.parse(last.at) < EMERGENCY_FOLLOW_UP_MS;
      const callsForHelp = soonAfter && !turn.session!.form && !turn.understanding!.choice && CALLS_FOR_HELP.has(turn.understanding!.intent.name);
      if ((reading.now && !answersTheForm) || callsForHelp) {
        const result = await deps.intents.emergency.handle(contextOf(deps, turn, turn.session!));
        turn.outcome = { intent: 'emergency', ...result };
      }
      await next();
    },
  };
}
