import { say, type IntentHandler } from '../../src/engine/intent.ts';
import { privateChatOf } from '../../src/engine/session.ts';
import { whereToReachPeople } from '../../src/knowledge/contacts.ts';
import { centreOpen, whoAnswers } from '../../src/staff/office-hours.ts';
import { asksForPerson } from './asks-for-person.ts';

/**
 * Ask for a person. Asked to be put through ("找人工", "我要跟工作人员说"), the conversation goes
 * into the town's handoff inbox and the resident is told honestly who answers and when; asked for
 * a number or the hours, the numbers of the people who can help, the village station first.
 */
export const handleHuman: IntentHandler = async (context) => {
  const base = context.services.knowledge.current.base;
  const village = context.session.village ?? context.message.village ?? null;
  if (!asksForPerson(context.text)) {
    const hint = context.session.village ? '' : '\n告诉我您是哪个村，我给您本村代办员的电话。';
    return say({ text: `可以找这些工作人员：\n${whereToReachPeople(base, context.session.village)}${hint}` });
  }
  const conversation = privateChatOf(context.message);
  const open = await context.services.handoffs.active(conversation);
  const who = whoAnswers(base, village);
  const when = centreOpen(base, context.now)
    ? '现在是上班时间，一般几分钟内回复。'
    : `现在不在上班时间（${base.centre.hours}），上班后回复您。急事请拨打12345热线（24小时）；遇到危险请打110、119、120。`;
  const group = context.message.chatType === 'group';
  // Waiting is hard for someone who cannot type: the numbers to call instead come with it.
  const call = `等不及的话，也可以直接打电话：\n${whereToReachPeople(base, village ?? undefined)}`;
  const text = open
    ? `已经在为您转人工了，${who}会回复您。${when}\n${call}`
    : `好的，已为您转人工：${who}会${group ? '私聊' : '在这里'}回复您。${when}\n${group ? '请留意和我的私聊。' : '请直接说您要办的事。'}\n${call}`;
  return {
    replies: [{ text }],
    events: open ? [] : [{ kind: 'open_handoff', conversation, village, text: context.text }],
  };
};
