import { phrases, type IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** Ask for a person. */
export const human: IntentDeclaration = {
  name: 'human',
  description: '找人工、工作人员',
  triggers: [
    ...phrases(1.6, '人工', '转人工', '真人', '客服'),
    ...phrases(1.2, '工作人员', '找个人', '找人问', '跟人说', '打电话问'),
  ],
  examples: ['人工客服', '我要找工作人员', '转人工'],
};
