import type { EmergencyKind } from './emergency-kinds.ts';

/**
 * The few hand-written rules kept beside the trained detector. Each can only add an alarm, never
 * take one back, and each says why a miss there is unacceptable whatever the model thinks. They
 * are checked after the model, on the message's own words.
 */
export interface EmergencyOverride {
  kind: EmergencyKind;
  pattern: RegExp;
  reason: string;
  /** Nothing says which kind it is: every emergency number is given. */
  anyKind?: true;
}

/** Words that place a short statement in the past, a dream, a wish or somewhere else. */
const NOT_HERE_NOW = '去年|前年|上次|上回|以前|之前|那年|那次|梦|如果|要是|万一|假如|电视|视频|新闻|听说|抖音|快手';

/**
 * A short statement that a danger is happening, and nothing else: "我家着火了", "有人落水了",
 * "隔壁打人了". With no word placing it in the past, a dream or somewhere else, the only reading
 * of such a message is that it is happening now.
 */
const BARE = (predicates: string) => new RegExp(`^(?!.*(?:${NOT_HERE_NOW}))[^，,。.!！?？\\s]{0,6}(?:${predicates})(?:了|啦|啊|呀)?[!！。.~～\\s]*$`);

/**
 * The same statement as the first clause, and then asking what to do ("厨房煤气漏了，要是炸了咋办啊"):
 * what she fears next does not take back what is happening.
 */
const STATED_THEN_ASKED = (predicates: string) =>
  new RegExp(`^(?![^，,。]*(?:${NOT_HERE_NOW}))[^，,。.!！?？\\s]{0,6}(?:${predicates})(?:了|啦)[，,。!！\\s]+.{0,12}(?:怎么办|咋办|咋弄|怎么弄|咋整|怎么整|该咋|该怎么)[啊呀吗？?!！。\\s]*$`);

/** Words that make a clause habitual ("经常在那打架"): a habit, not what is happening now. */
const HABITUAL = '经常|总是|老是|天天|每天|每次|一直都';

/**
 * A danger said to be going on right now, in a clause of its own ("隔壁在打架，经常这样", "有人在打人，
 * 我要举报"): whatever else the message says about it, it is happening.
 */
const ONGOING = (predicates: string) =>
  new RegExp(`(?:^|[，,。!！?？\\s])(?![^，,。!！?？\\s]*(?:${NOT_HERE_NOW}|${HABITUAL}))[^，,。!！?？\\s]{0,8}(?:正在|还在|在)(?:${predicates})`);

/** Words that frame a whole message as something other than real and here: a dream, a screen, news, a what-if (哪天), a play. */
const FRAMED = '梦|哪天|电视|电视剧|视频|新闻|听说|抖音|快手|电影|如果|要是|万一|假如|演|拍戏|所里办过|案子';
/** Words that place a clause in the past. */
const OVER = `${NOT_HERE_NOW}|昨天|昨晚|前天|前几天|上个月|上礼拜|上周|那天`;
/** Words that say, anywhere in the message, that it is over (那是前年的事了) or was dealt with: the ambulance came, she woke up. */
const DEALT_WITH = '的事了|那时候|那会儿|已经送|送到医院了|送去医院了|拉走了|拉走的|住院了|出院|抢救过来|醒过来了|醒了|没事了';
/** Words of a state that has lasted, or nearly happened: no emergency that started now. */
const LASTING = '长期|多年|好几年|好几次|几次了|植物人|差点|差一点|快要';
/** A clause separator, newlines included. */
const SEP = '，,。!！?？;；\\s';

/**
 * A clause that says `what` happens, which no past, habitual, lasting or "once" (…过我, …过三次)
 * word of its own places elsewhere, in a message that nothing frames as a dream, a screen or a
 * what-if nor says was dealt with, and whose clause saying `what` does not ask `unless` (a question of law, of a benefit):
 * the other clauses may tell what came before ("他之前喝了酒，拿刀追我", "我爸倒在地上，以前也摔过")
 * or ask about money after ("我爸晕倒了叫不醒，叫救护车能报销吗"); this one is now.
 */
const NOW_IN_ITS_CLAUSE = (what: string, unless: string) =>
  new RegExp(
    `^(?![\\s\\S]*(?:${FRAMED}|${DEALT_WITH}))(?:[\\s\\S]*[${SEP}])?(?![^${SEP}]*(?:${OVER}|${HABITUAL}|${LASTING}|${unless}|过(?:[我你他她人]|[一两几三四五]?[次回遍]|[${SEP}]|$)))[^${SEP}]{0,16}(?:${what})`,
  );

/** Things villagers attack with. */
const WEAPONS = '刀|菜刀|柴刀|砍刀|镰刀|斧头|斧子|棍子|棒子|木棍|铁棍|锄头|铁锹|砖头|剪刀';
/** Whom an attack is aimed at: a person, never a chore (劈柴, 打地基, 砍柴). */
const SOMEONE = '人|我|你|他|她|俺|我们|邻居|老婆|老公|媳妇|孩子|小孩|儿子|女儿|老人|大家';
/** Someone coming at people with a weapon. */
const ARMED = `(?:拿|提|举|持|拎|抄|握)(?:着|起|了)?(?:[一两]?[把根条块])?(?:${WEAPONS})[^${SEP}]{0,4}(?:(?:追|砍|打|捅|劈)(?:着)?(?:${SOMEONE})|要杀|冲过来|冲进)`;
/** Someone down and not getting up, or not answering: a person, never a tree or a tyre. */
const PERSON = '人|爸|妈|爷|奶|外公|外婆|老人|老头|老太|老伴|他|她|孩子|小孩|儿子|女儿|老公|老婆|公公|婆婆|阿婆|阿公';
const COLLAPSED = `(?:${PERSON})[^${SEP}]{0,3}(?:倒在地上|倒地不起)|晕倒|昏倒|晕过去|昏过去|不省人事|叫不醒|喊不醒|没有呼吸|没呼吸了`;
/** What a question of law or of a benefit asks about such a thing. */
const A_QUESTION_OF_LAW = '怎么判|判几年|判多久|犯法|什么罪|坐牢|算不算|起诉|离婚';
const A_QUESTION_OF_A_BENEFIT = '补贴|补助|低保|救助|申请|报销|残疾证|能不能办|怎么办理|保险';

export const EMERGENCY_OVERRIDES: readonly EmergencyOverride[] = [
  {
    kind: 'medical',
    anyKind: true,
    pattern: /^(?:(?:救命|救救我|救救|快来人|来人啊|快救人|有人吗快来|help|sos)[啊呀!！。.~～\s，,]*)+$/i,
    reason: 'a bare cry for help carries nothing else to judge by: answering it with the emergency numbers costs little, ignoring it could cost a life',
  },
  { kind: 'fire', pattern: BARE('着火|起火|失火|烧起来|冒烟|爆炸'), reason: 'a bare statement that something is on fire is a fire now' },
  { kind: 'gas', pattern: BARE('煤气泄漏|燃气泄漏|煤气漏了|液化气漏了|漏气'), reason: 'a bare statement that gas is leaking is a leak now' },
  {
    kind: 'electric',
    pattern: new RegExp(`^(?!.*(?:${NOT_HERE_NOW}|修好|接好|弄好|拉好|处理好))[^。]{0,20}电线[^，,。]{0,6}(?:掉|耷拉|落|垂|断)(?:到|在)?(?:了)?地上`),
    reason: 'a wire on the ground is live until the power company says otherwise: everyone must keep away now',
  },
  { kind: 'violence', pattern: ONGOING('打架|打人|砍人|杀人|动刀|拿刀砍|抢劫|抢东西'), reason: 'violence said to be going on right now is in progress, whatever else is said about it' },
  { kind: 'violence', pattern: NOW_IN_ITS_CLAUSE(ARMED, A_QUESTION_OF_LAW), reason: 'someone coming at people with a weapon, not placed in the past, is violence now: a miss can cost a life' },
  { kind: 'medical', pattern: NOW_IN_ITS_CLAUSE(COLLAPSED, A_QUESTION_OF_A_BENEFIT), reason: 'someone down and not getting up, not placed in the past, needs an ambulance now, whatever happened before' },
  { kind: 'intrusion', pattern: ONGOING('撬门|撬锁|翻墙进'), reason: 'a break-in said to be going on right now is in progress' },
  { kind: 'fire', pattern: STATED_THEN_ASKED('着火|起火|失火|烧起来|冒烟'), reason: 'a fire stated as happening, with a question of what to do, is a fire now' },
  { kind: 'gas', pattern: STATED_THEN_ASKED('煤气漏|燃气漏|液化气漏|漏气'), reason: 'a leak stated as happening, with a question of what to do, is a leak now' },
  { kind: 'drowning', pattern: BARE('有人落水|落水|掉水里|掉河里|掉塘里|溺水'), reason: 'a bare statement that someone fell into the water is a drowning now' },
  { kind: 'medical', pattern: BARE('晕倒|昏倒|倒地|昏迷|不省人事|叫不醒|流血不止'), reason: 'a bare statement that someone collapsed is a collapse now' },
  { kind: 'violence', pattern: BARE('打人|砍人|杀人|动刀|拿刀'), reason: 'a bare statement that someone is attacking people is violence now' },
  { kind: 'intrusion', pattern: BARE('有贼|进贼|抢劫|撬门'), reason: 'a bare statement that a thief is here is a break-in now' },
  {
    kind: 'self_harm',
    pattern: /^(我|俺|我真的|我实在|我是真的|真的|实在)?(不想活|活不下去|想死(?!你|您)|不活了|想寻死|想轻生|想自杀)|^.{0,24}(不想活|活不下去|撑不下去|不活了)[了啦]?[。.!！…\s]*$/,
    reason: 'a person who says she wants to die must always get the crisis line: a missed one can cost a life, a mistaken one costs a kind word',
  },
  {
    kind: 'violence',
    pattern: /(?:打|砍|捅|掐|踢|追着)(?:我|俺)(?!电话|手机|的电话|一下电话|微信)(?:了|呢|啊|呀|！|!|，|,|$)/,
    reason: 'someone who says she is being beaten right now is in danger by her own account',
  },
  {
    kind: 'medical',
    pattern: /(快|赶紧|马上)(打|叫|喊|拨).{0,3}(120|救护车|急救)|(120|救护车)(怎么还没|还没到|快来)/,
    reason: 'someone asking for an ambulance right now is in an emergency by her own account',
  },
  {
    kind: 'fire',
    pattern: /(快|赶紧|马上)(打|叫|喊|拨).{0,3}(119|消防)|(119|消防车)(怎么还没|还没到|快来)/,
    reason: 'someone asking for the fire brigade right now is in an emergency by her own account',
  },
  {
    kind: 'violence',
    pattern: /(快|赶紧|马上)(打|叫|喊|拨|报).{0,3}(110|警察|报警)|(110|警察)(怎么还没|还没到|快来)/,
    reason: 'someone asking for the police right now is in danger by her own account',
  },
];

/** The first override a text matches, if any. */
export function overrideFor(text: string): EmergencyOverride | undefined {
  return EMERGENCY_OVERRIDES.find((o) => o.pattern.test(text.trim()));
}
