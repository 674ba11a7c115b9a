import { encodeDirective } from '../../src/engine/directive.ts';
import { say, type IntentHandler } from '../../src/engine/intent.ts';

/** The short menu: what the bot can do, as numbered choices that route like typed text. */
export const handleHelp: IntentHandler = (context) => {
  if (context.directive?.kind === 'menu') {
    return say({ text: '直接问我想办的事就行，比如：\n"低保要带什么材料"\n"老年证在哪里办"\n"医保怎么交"\n"身份证丢了怎么补办"' });
  }
  const town = context.services.knowledge.current.base.town;
  return say({
    text: `您好，我是${town}办事小助手。直接打字问我就行，比如"低保怎么申请""老年证在哪办"。我能：`,
    buttons: [
      { label: '问办事指南（要带什么、在哪办）', value: encodeDirective({ kind: 'menu', topic: 'guide' }) },
      { label: '请代办员上门帮办', value: '预约代办员上门' },
      { label: '反映问题、投诉建议', value: '我要反映问题' },
      { label: '查我的预约和投诉', value: '我的预约进度' },
      { label: '找工作人员', value: '转人工' },
    ],
  });
};
