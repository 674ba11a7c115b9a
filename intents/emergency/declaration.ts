import { phrases, type IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** Fire, injury, violence, gas, drowning: 119/120/110 at once. */
export const emergency: IntentDeclaration = {
  name: 'emergency',
  description: '紧急情况：火灾、受伤、暴力、燃气泄漏、溺水',
  triggers: phrases(
    3,
    /着火|失火|起火|火灾|烧起来|冒烟了/,
    /溺水|落水|掉河里|掉水里|掉进水|淹着/,
    /(煤气|燃气|液化气|天然气).{0,4}(泄漏|泄露|漏了|漏气|味|爆炸|爆了)|漏气了/,
    /受伤|流血|出血|昏迷|晕倒|不省人事|没气了|没呼吸|心脏病发|中风了|摔倒了起不来|骨折|车祸|撞人|触电|中毒/,
    /打人|杀人|砍人|持刀|打架|家暴|抢劫|绑架|要跳楼|想不开|自杀/,
  ),
  examples: ['着火了', '有人溺水了', '煤气泄漏了', '有人打人', '老人摔倒流血了'],
};
