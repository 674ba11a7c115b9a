import type { IntentHandler } from '../../src/engine/intent.ts';
import { whereToReachPeople } from '../../src/knowledge/contacts.ts';

/**
 * Home-visit requests. Online booking is not built yet, so the bot says so plainly and gives
 * the village station's number to book by phone: it never pretends to have booked.
 */
export const handleVisit: IntentHandler = (context) => {
  const base = context.services.knowledge.current.base;
  const ask = context.session.village ? '' : '\n告诉我您是哪个村，我给您本村代办员的电话。';
  return [
    {
      text:
        '年纪大、残疾、重病、孤寡老人和烈属家庭办事不方便的，村代办员可以上门帮办代办。\n' +
        `在这里直接预约的功能还没开通，我现在还不能替您登记。请先打电话约代办员：\n${whereToReachPeople(base, context.session.village)}${ask}`,
    },
  ];
};
