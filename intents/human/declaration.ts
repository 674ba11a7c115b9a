import { phrases, type IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** Ask for a person. */
export const human: IntentDeclaration = {
  name: 'human',
  description: '找人工、工作人员',
  triggers: [
    ...phrases(1.6, '人工', '转人工', '真人', '客服'),
    // Who and where the people are: the agent's phone, the town centre's place and hours.
    ...phrases(1.7, /代办员.{0,4}(电话|号码|手机|联系|是谁|叫什么)/, /便民(服务)?中心.{0,6}(在哪|地址|几点|开门|上班|电话|怎么走)/),
    ...phrases(1.2, '工作人员', '找个人', '找人问', '跟人说', '打电话问'),
  ],
  examples: ['人工客服', '我要找工作人员', '转人工'],
};
