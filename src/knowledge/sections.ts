/** The parts of a guide a resident can ask about on their own. */
export type Section = 'materials' | 'conditions' | 'steps' | 'time' | 'place' | 'phone' | 'fees' | 'online' | 'proxy';

/** Chinese labels for the sections, as shown in replies and menus. */
export const SECTION_LABELS: Record<Section, string> = {
  materials: '材料',
  conditions: '条件',
  steps: '流程',
  time: '时限',
  place: '地点',
  phone: '电话',
  fees: '费用',
  online: '网上办',
  proxy: '代办',
};

/** Cue phrases, checked in order: the first section whose cue occurs wins. */
const CUES: [Section, RegExp][] = [
  ['materials', /材料|资料|要带|带什么|带啥|带哪些|拿什么|拿啥|准备什么|准备啥|证件|要啥|要什么东西/],
  ['time', /多久|多长时间|几天|时限|多少天|啥时候能|什么时候能|多快|几个工作日|要等/],
  ['fees', /多少钱|收费|收钱|费用|要钱|花钱|免费吗|交钱/],
  ['phone', /电话|号码|打哪个|热线|联系/],
  ['online', /网上|线上|手机上|手机办|浙里办|app|小程序|不用跑/],
  ['proxy', /代办|帮办|帮我办|上门|跑腿/],
  ['place', /在哪|哪里办|哪儿办|去哪|地址|地点|窗口|几点|上班时间|开门|办公时间/],
  ['conditions', /条件|资格|能不能办|能办吗|可以办吗|符合|够不够|谁能|哪些人|什么人/],
  ['steps', /流程|步骤|程序|顺序|先干什么|先做什么/],
];

/**
 * "一个月多少钱", "能领多少", "坐公交免费吗", "医保能报吗": what a benefit is worth, which the fees section
 * (the cost of applying, often "不收费") does not answer and would seem to.
 */
const BENEFIT_AMOUNT = /(一个月|每月|每个月|一年|每年|能领|能拿|能补|领到|发)[^，。？?]{0,3}多少|(补贴|津贴|补助|养老金|低保金|救助金)[^，。？?]{0,3}多少|(坐|乘|看|进|游|玩|用)[^，。？?]{0,6}免费|能报|能不能报|报多少|报销多少/;

/** Whether a question asks what a benefit is worth ("一个月能拿多少"), by its cue words. */
export function asksAmount(text: string): boolean {
  return BENEFIT_AMOUNT.test(text.toLowerCase());
}

/**
 * The section answering what the ask model read a question as asking (the corpus's asks): hours
 * are in the place section; what a benefit pays, "other" and the general question have none.
 */
export function sectionOfAsk(ask: string): Section | undefined {
  if (ask === 'hours') return 'place';
  return (Object.keys(SECTION_LABELS) as Section[]).find((s) => s === ask);
}

/** Every section a question's cue words ask about, in the order they are said. */
export function detectSections(text: string): Section[] {
  const lowered = text.toLowerCase();
  const amount = BENEFIT_AMOUNT.test(lowered);
  return CUES.map(([section, cue]) => ({ section, at: lowered.search(cue) }))
    .filter(({ section, at }) => at >= 0 && !(amount && section === 'fees'))
    .sort((a, b) => a.at - b.at)
    .map(({ section }) => section);
}

/** The section a question asks about, if it asks about one. */
export function detectSection(text: string): Section | undefined {
  const lowered = text.toLowerCase();
  const amount = BENEFIT_AMOUNT.test(lowered);
  return CUES.find(([section, cue]) => cue.test(lowered) && !(amount && section === 'fees'))?.[0];
}
