import { phrases, type IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** Cancel a booking, a complaint or the form in progress. */
export const cancel: IntentDeclaration = {
  name: 'cancel',
  description: '取消预约、撤回投诉或不办了',
  triggers: [
    // 取消/撤回 alone, or of a booking or a report: "取消低保资格后…", "户口能撤回原籍吗" are questions.
    ...phrases(1.6, /^(取消|撤销|撤回)(吧|了|掉)?[。.!！]*$/, /(取消|撤销|撤回)(这个|那个|我的)?(预约|上门|投诉|反映|工单|举报)/, '不要上门', '不用上门', '不用来了', '不要来了', '别来了', '叫他别来', '不用他来'),
    ...phrases(1.2, '算了', '不办了', '不预约了', '不用了'),
  ],
  // "我家低保怎么被取消了" tells of something cancelled by someone else: a question or a complaint.
  unless: [/被.{0,4}(取消|撤销)|给(取消|撤销)了|(怎么|为什么|凭什么).{0,6}(取消|撤销)了/],
  examples: ['不要上门了取消吧', '取消预约', '算了不办了'],
};
