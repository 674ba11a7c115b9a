import { say, type IntentHandler } from '../../src/engine/intent.ts';
import { whereToReachPeople } from '../../src/knowledge/contacts.ts';

/** Ask for a person: the numbers of the people who can help, the village station first. */
export const handleHuman: IntentHandler = (context) => {
  const base = context.services.knowledge.current.base;
  const hint = context.session.village ? '' : '\n告诉我您是哪个村，我给您本村代办员的电话。';
  return say({ text: `可以找这些工作人员：\n${whereToReachPeople(base, context.session.village)}${hint}` });
};
