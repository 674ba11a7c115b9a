import { phrases, type IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** Ask about one's own booking or complaint. */
export const status: IntentDeclaration = {
  name: 'status',
  description: '查询自己的预约或投诉的进度',
  triggers: [
    ...phrases(1.5, /\b[TV]\d{6}\b/i, '我的投诉', '我的预约', '我的工单', '我的诉求', '办到哪', '到哪一步'),
    ...phrases(1.5, /我(反映|投诉|报|举报|说)的.{0,12}(咋样|怎么样|怎样|如何|结果|进展|修了没|处理了没)|催一下|催催|催办|帮我催/),
    ...phrases(1.2, /怎么还没人?(来|修|处理|弄|管)|还没人来|(投诉|反映|预约|工单|报修).{0,8}(咋样了|怎么样了)/),
    ...phrases(1.4, '进度', '有结果了吗', '有结果没', '有回复了吗', '有回音', '处理得怎么样', '处理了没', '查询工单', '工单号', '单号'),
  ],
  examples: ['我的投诉有结果了吗', '预约的上门服务进度', '我反映的问题处理得怎么样了'],
};
