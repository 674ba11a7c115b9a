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
  // A past, habitual or feared event is a complaint or a question, not a call for help now.
  unless: [
    /如果|万一|一旦|假如|要是|隐患|容易|防止|预防|以免|避免/,
    /频发|经常|常常|天天|多次|屡次|总是|老是|每年|每次|好几次|曾经|以前|之前|去年|前年|上个月|上月|前几天|前些天|\d{4}年|\d+月\d+[日号]/,
    /医疗费|医药费|赔偿|工伤|报销|索赔|鉴定|伤残|拒付|不给钱|维权|投诉|举报|消防通道/,
  ],
  stillWhen: /现在|正在|刚才|刚刚|救命|快来|快点|赶紧|马上|还在/,
  examples: ['着火了', '有人溺水了', '煤气泄漏了', '有人打人', '老人摔倒流血了'],
};
