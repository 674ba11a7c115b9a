import { phrases, type FollowUp, type IntentDeclaration } from '../../src/nlu/intent-declaration.ts';
import { detectSection } from '../../src/knowledge/sections.ts';

const MORE = /^(全部|完整|详细|详情|更多|都要|全的|所有)/;

/** "要带什么", "在哪办" about the item in context: that section; "全部": the whole guide. */
function followUp(text: string): FollowUp | undefined {
  const section = detectSection(text);
  if (section) return { section };
  return MORE.test(text.trim()) ? {} : undefined;
}

/** A question about a service item: materials, conditions, steps, place, time, phone. */
export const guide: IntentDeclaration = {
  name: 'guide',
  description: '办事指南：问某个事项怎么办、要带什么、在哪办、多久办好',
  triggers: [
    ...phrases(0.6, /怎么(申请|办|弄|领|交|开|报|认定|登记|迁|备案|提取|补|换|参保|注销)/, /咋(办|弄|申请|领)/, '如何办理', '如何申请', '办理流程', '申请条件'),
    ...phrases(0.6, /要(带|准备)(什么|啥|哪些)/, '需要什么材料', '什么材料', '在哪办', '在哪里办', '去哪办', '去哪里办', '能不能办', '多久能', '多长时间'),
    ...phrases(0.4, '材料', '条件', '流程', '补贴', '证明', '登记', '报销', '标准', '多少钱'),
  ],
  examples: ['低保怎么申请', '老年证在哪里办', '残疾证要带什么材料', '医保怎么交', '养老金怎么领', '身份证丢了怎么补办'],
  followUp,
};
