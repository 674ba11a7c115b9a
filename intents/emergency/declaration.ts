import { phrases, type IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

const HYPOTHETICAL = /如果|万一|一旦|假如|要是|隐患|容易|防止|预防|以免|避免/;
const PAST_OR_HABITUAL = /频发|经常|常常|天天|多次|屡次|总是|老是|每年|每次|好几次|曾经|以前|之前|去年|前年|上个月|上月|前几天|前些天|\d{4}年|\d+月\d+[日号]/;

/** Fire, injury, violence, gas, drowning: 119/120/110 at once. */
export const emergency: IntentDeclaration = {
  name: 'emergency',
  description: '紧急情况：火灾、受伤、暴力、燃气泄漏、溺水',
  triggers: phrases(
    3,
    /着火|失火|起火|火灾(?!保险|险)|烧起来|冒烟了|冒黑烟|火苗|火窜/,
    /(?<!手机|钥匙|东西|钱包|衣服)(溺水|落水|掉河里|掉水里|掉进水|淹着|掉.{0,2}(水塘|池塘|塘里|井里|水库|河里|江里|粪坑))/,
    /(煤气|燃气|液化气|天然气).{0,4}(泄漏|泄露|漏了|漏气|味|爆炸|爆了)|漏气了/,
    /受伤|流血|出血|昏迷|晕倒|不省人事|没气了|没呼吸|心脏病发|中风了|摔倒了起不来|骨折|车祸|撞人|触电|中毒/,
    /喝了?农药|喝药|吃了?(老鼠药|安眠药|农药)|服毒|(吞|吃)了.{0,4}(一整瓶|一瓶|一把|好多|很多).{0,4}药/,
    /说不出话|半边身子|半身不能动|嘴歪了|口眼歪斜|叫不醒|抽搐|喘不上气|喘不过气/,
    /撞了人|被车撞|躺在地上不动|倒在地上|被狗咬|被蛇咬|狗咬了|蛇咬了|压在下面|被压住|压住了|人被埋|滚下来|摔下来|全是血|满头是血|头破血流/,
    /电线.{0,6}(掉|耷拉|落|垂)(到|在)?地上/,
    /打人|杀人|砍人|持刀|打架|家暴|抢劫|绑架|打我(?!电话|手机|的电话)|被.{0,4}打(了|伤)|挨打|拿刀|追着?砍|砸人|拿砖头/,
    /要跳楼|想不开|自杀|不想活|^我?(真的)?活不下去了?[。!！]*$|寻死|轻生|想死(?!你|您)|上吊/,
    /救命(?!钱)|快叫救护车/,
  ),
  // A past, habitual or feared event is a complaint or a question, not a call for help now: a
  // word of it in the same clause before the trigger ("如果着火", "去年在工地受伤", "经常打架"), or
  // a claim for costs anywhere ("医疗费", "赔偿").
  accountLongerThan: 150,
  notNowBefore: new RegExp(`${HYPOTHETICAL.source}|${PAST_OR_HABITUAL.source}`),
  unless: [/医疗费|医药费|赔偿|工伤|报销|索赔|鉴定|伤残|拒付|不给钱|维权|消防通道/],
  stillWhen: /现在|正在|刚才|刚刚|救命|快来|快点|赶紧|马上|还在|这会儿/,
  examples: ['着火了', '有人溺水了', '煤气泄漏了', '有人打人', '老人摔倒流血了', '救命'],
};
