import { phrases, type IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** Book a proxy-agent home visit (帮办代办上门). */
export const visit: IntentDeclaration = {
  name: 'visit',
  description: '预约代办员上门帮办代办',
  triggers: [
    ...phrases(1.2, '上门', '到家里', '到我家', '来家里', '来我家', '派人', '代办员来', '预约代办', '预约上门'),
    ...phrases(0.9, '帮办代办', '代办员', '帮我跑', '行动不便', '走不动', '腿脚不便', '腿脚不好', '卧床', '出不了门'),
    ...phrases(0.7, '预约', '代办'),
  ],
  examples: ['我想预约上门办理', '老人行动不便请代办员上门', '能不能派人到我家帮忙办事', '我妈走不动路能不能来家里办'],
};
