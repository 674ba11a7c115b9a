import type { IntentHandler } from '../../src/engine/intent.ts';

const ADVICE: [RegExp, string][] = [
  [/煤气|燃气|液化气/, '燃气泄漏：马上关阀门、开窗，不要开关电器、不要打电话在屋里打，到屋外拨打 119。'],
  [/着火|失火|起火|火灾|烧起来|冒烟/, '着火了：马上拨打 119，先带人撤到安全的地方，别回去拿东西。'],
  [/溺水|落水|掉河里|掉水里|掉进水|淹着/, '有人落水：马上拨打 120 和 110，喊人帮忙，递竹竿、绳子，不会水别下去。'],
  [/打人|杀人|砍人|持刀|打架|家暴|抢劫|绑架/, '有人行凶或打架：马上拨打 110，先保护好自己，躲到安全的地方。'],
  [/跳楼|想不开|自杀/, '有人想不开：马上拨打 110 和 120，守在身边别让他一个人待着。'],
];

/**
 * Emergencies get the emergency numbers at once — fire, injury, violence, gas, drowning are not
 * 12345 matters — and nothing else: no ticket, no questions first.
 */
export const handleEmergency: IntentHandler = (context) => {
  const advice = ADVICE.find(([pattern]) => pattern.test(context.text))?.[1] ?? '有人受伤或病危：马上拨打 120 急救。';
  return [
    {
      text: `【紧急】请马上打电话！\n${advice}\n火警 119 · 急救 120 · 报警 110\n打完电话后如需帮助，再来找我。`,
    },
  ];
};
