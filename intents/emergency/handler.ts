import type { IntentHandler } from '../../src/engine/intent.ts';

/** A resident who says they want to die is spoken to, not handed a list of numbers. */
const SELF_HARM = /^我.{0,4}(不想活|活不下去|想死|想不开|寻死)|^(不想活|活不下去|想死)/;
const SELF_HARM_REPLY = '您愿意说出来，我很在意您。请马上打心理援助热线 12356（也可以打 110 或 120），再叫一个家里人或邻居来陪着您。您不是一个人，我也一直在这儿。';

const ADVICE: [RegExp, string][] = [
  [/煤气|燃气|液化气/, '燃气泄漏：马上关阀门、开窗，不要开关电器、不要打电话在屋里打，到屋外拨打 119。'],
  [/着火|失火|起火|火灾|烧起来|冒烟/, '着火了：马上拨打 119，先带人撤到安全的地方，别回去拿东西。'],
  [/压在下面|被压住|压住了|人被埋/, '有人被压住：马上拨打 119 和 120，别冒险进去，等救援，把周围的人疏散开。'],
  [/溺水|落水|掉河里|掉水里|掉进水|淹着|掉.{0,2}(水塘|池塘|塘里|井里|水库|河里|江里|粪坑)/, '有人落水：马上拨打 120 和 110，喊人帮忙，递竹竿、绳子，不会水别下去。'],
  [/农药|喝药|老鼠药|安眠药|服毒|中毒/, '有人中毒：马上拨打 120，把药瓶、农药瓶带上给医生看。'],
  [/说不出话|半边身子|半身不能动|嘴歪|口眼歪斜|中风/, '可能是中风：马上拨打 120，让病人躺下别乱动，不要喂水喂药，记下发病的时间。'],
  [/狗咬|蛇咬/, '被咬伤：马上拨打 120；被狗咬的，用肥皂水和清水冲洗伤口 15 分钟，尽快去打狂犬疫苗；被蛇咬的别乱动，记住蛇的样子。'],
  [/撞了人|被车撞|车祸|撞人/, '有人被撞：马上拨打 120 和 110，别随便挪动伤者，注意后面来车。'],
  [/打人|杀人|砍人|持刀|打架|家暴|抢劫|绑架|打我|被.{0,4}打|挨打/, '有人行凶或打人：马上拨打 110，先保护好自己，躲到安全的地方。'],
  [/跳楼|想不开|自杀|不想活|活不下去|寻死|轻生|想死|上吊/, '有人想不开：马上拨打 110 和 120，守在身边别让他一个人待着。心理援助热线：12356。'],
];

/**
 * Emergencies get the emergency numbers at once — fire, injury, violence, gas, drowning are not
 * 12345 matters — and nothing else: no ticket, no questions first.
 */
export const handleEmergency: IntentHandler = (context) => {
  if (SELF_HARM.test(context.text.trim())) return [{ text: SELF_HARM_REPLY }];
  const advice = ADVICE.find(([pattern]) => pattern.test(context.text))?.[1] ?? '有人受伤或病危：马上拨打 120 急救。';
  return [
    {
      text: `【紧急】请马上打电话！\n${advice}\n火警 119 · 急救 120 · 报警 110\n打完电话后如需帮助，再来找我。`,
    },
  ];
};
