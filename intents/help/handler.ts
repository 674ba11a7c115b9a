import { actionValue, encodeDirective } from '../../src/engine/directive.ts';
import { say, type HandlerResult, type IntentContext, type IntentHandler } from '../../src/engine/intent.ts';
import { INTENT_NAMES, type IntentName } from '../../src/nlu/intent-declaration.ts';
import { smallTalkReply } from '../out-of-scope/handler.ts';

/** How each reading is offered when the bot asks which one is meant. */
const READINGS: Partial<Record<IntentName, string>> = {
  guide: '问这件事怎么办理',
  complaint: '反映问题、转给12345',
  visit: '约代办员上门帮办',
};

/** "您是想问怎么办理（1），还是要反映问题（2）？": the message is kept, and the choice made next is applied to it. */
function clarify(context: IntentContext, [first, second]: string[]): HandlerResult {
  const readings = [first, second].filter((r): r is IntentName => INTENT_NAMES.includes(r as IntentName) && READINGS[r as IntentName] !== undefined);
  const text = `您是想${readings.map((r, i) => `${READINGS[r]}（${i + 1}）`).join('，还是')}？回复序号就行。`;
  return {
    replies: [{ text, buttons: readings.map((r) => ({ label: READINGS[r]!, value: actionValue(r, 'as') })) }],
    patch: { pending: context.text.slice(0, 2000) },
  };
}

/** The short menu: what the bot can do, as numbered choices that route like typed text. */
export const handleHelp: IntentHandler = (context) => {
  if (context.directive?.kind === 'action' && context.directive.action === 'clarify') return clarify(context, context.directive.args);
  if (context.directive?.kind === 'menu') {
    return say({ text: '直接问我想办的事就行，比如：\n"低保要带什么材料"\n"老年证在哪里办"\n"医保怎么交"\n"身份证丢了怎么补办"' });
  }
  // Praise or thanks read as a greeting ("小助手真不错") gets its kind word, not the menu.
  const smallTalk = context.directive ? undefined : smallTalkReply(context.text);
  if (smallTalk) return say({ text: smallTalk });
  const town = context.services.knowledge.current.base.town;
  return say({
    text: `您好，我是${town}办事小助手。直接打字问我就行，比如"低保怎么申请""老年证在哪办"。我能：`,
    buttons: [
      { label: '问办事指南（要带什么、在哪办）', value: encodeDirective({ kind: 'menu', topic: 'guide' }) },
      { label: '请代办员上门帮办', value: encodeDirective({ kind: 'intent', intent: 'visit' }) },
      { label: '反映问题、投诉建议', value: encodeDirective({ kind: 'intent', intent: 'complaint' }) },
      { label: '查我的预约和投诉', value: encodeDirective({ kind: 'intent', intent: 'status' }) },
      { label: '找工作人员', value: encodeDirective({ kind: 'intent', intent: 'human' }) },
    ],
  });
};
