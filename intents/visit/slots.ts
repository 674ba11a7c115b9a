import { z } from 'zod';
import type { Directive } from '../../src/engine/directive.ts';
import { FormType, type Result, type SlotSpec, type SlotSpecs, type SlotsOf } from '../../src/engine/form.ts';
import type { KnowledgeSnapshot } from '../../src/knowledge/knowledge-service.ts';
import { slotValue, type SlotReadings } from '../../src/nlu/slot-readers.ts';
import type { Retrieval } from '../../src/knowledge/retriever.ts';
import type { Item } from '../../src/knowledge/schema.ts';
import { attendanceLine, sample } from '../../src/knowledge/render.ts';
import { parseChineseNumber } from '../../src/nlu/chinese-number.ts';
import { normalizeText } from '../../src/nlu/tokenizer.ts';
import { findName, parseName, parseNameAnswer, parsePhone } from '../../src/nlu/contact-details.ts';
import { findPhones } from '../../src/nlu/entities.ts';
import { findAge } from '../../src/nlu/ages.ts';
import { halfDayMentions } from '../../src/nlu/slot-cues.ts';
import { settledDate, shanghaiToday } from '../../src/nlu/dates.ts';
import { ELIGIBILITY_REASONS, HALF_DAYS, type DateProblem, type EligibilityReason, type HalfDay, type VisitService } from '../../src/visits/types.ts';
import { villageSlot } from '../shared/village-slot.ts';
import { VISIT_PROMPTS as P } from './declaration.ts';

/** What a booking stores: the zod types every stored booking is checked against. */
export const VISIT_FORM = new FormType(
  'visit',
  'visit',
  z.object({
    item: z.string(),
    /** Booked for someone else (a parent, a spouse) rather than oneself. */
    forOther: z.boolean(),
    relation: z.string(),
    age: z.number().int(),
    reasons: z.array(z.enum(ELIGIBILITY_REASONS)),
    residentName: z.string(),
    phone: z.string(),
    village: z.string(),
    address: z.string(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    half: z.enum(HALF_DAYS),
    /** Free half-days were offered after the one asked for was full: picking one books it. */
    offered: z.boolean(),
    /** How many times the half-day chosen was found full: the third time a person takes over. */
    fullTries: z.number().int(),
  }),
);
export type VisitSlots = SlotsOf<typeof VISIT_FORM>;

/** What moving a booked visit to another half-day stores. */
export const RESCHEDULE_FORM = new FormType(
  'reschedule',
  'visit',
  z.object({ rescheduleId: z.string(), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), half: z.enum(HALF_DAYS) }),
);
export type RescheduleSlots = SlotsOf<typeof RESCHEDULE_FORM>;

/** What the visit form's readers consult. */
export interface VisitFormContext {
  knowledge: KnowledgeSnapshot;
  visits: VisitService;
  now: Date;
  /** Retrieval for a text (the turn's own is reused for the message itself). */
  retrieve(text: string): Retrieval;
  /** What the trained readers make of a text's choice slots (the turn's own reading for the message itself). */
  said(text: string): SlotReadings;
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(error: string): Result<T> => ({ ok: false, error });

const HALF_LABEL: Record<HalfDay, string> = { am: '上午', pm: '下午' };
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** "11月27日（周五）上午" for a date and half-day. */
export function describeSlot(date: string, half?: HalfDay): string {
  const [, month, day] = date.split('-').map(Number);
  const weekday = WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()];
  return `${month}月${day}日（周${weekday}）${half ? HALF_LABEL[half] : ''}`;
}

const DATE_PROBLEMS: Record<DateProblem, string> = {
  past: '这个日子已经过去了，请说一个以后的日子。',
  today_passed: '这个时段已经过了，请换一个时间。',
  holiday: '那天是节假日或周末，代办员不上班，请换个工作日。',
  too_far: '只能预约14天以内的日子，请说近一点的时间。',
};

// ---- item ----

function visitableByName(text: string, knowledge: KnowledgeSnapshot): Item | undefined {
  const said = normalizeText(text).replace(/\s+/g, '');
  let best: { item: Item; length: number } | undefined;
  for (const item of knowledge.base.items) {
    for (const title of [item.name, ...item.aliases]) {
      const t = normalizeText(title).replace(/\s+/g, '');
      if (t.length >= 2 && said.includes(t) && (!best || t.length > best.length)) best = { item, length: t.length };
    }
  }
  return best?.item;
}

/** The visitable items an answer may mean, when it could mean one of a few. */
function itemCandidates(text: string, context: VisitFormContext): Item[] {
  const retrieval = context.retrieve(text);
  if (retrieval.confidence !== 'ambiguous') return [];
  return retrieval.choices.map((choice) => choice.item).filter((item) => context.visits.canVisitFor(item.id));
}

/** Words of getting a service done: a guessed item is taken only from a message that has one. */
const SPEAKS_OF_A_SERVICE = /办|证|补贴|津贴|补助|救助|申请|认证|报销|登记|领|交|保险|养老金|低保|五保|备案|换/;

/** The service item a message names (or is surely about), if any. */
export function findItem(text: string, context: VisitFormContext): Item | undefined {
  const named = visitableByName(text, context.knowledge);
  if (named) return named;
  const retrieval = context.retrieve(text);
  return retrieval.confidence === 'sure' ? retrieval.choices[0]!.item : undefined;
}

function checkItem(itemId: string, context: VisitFormContext): Result<string> {
  const item = context.knowledge.itemsById.get(itemId);
  if (!item) return fail(P.itemUnknown);
  if (!context.visits.canVisitFor(itemId)) {
    // The guide not saying who may do it: one honest sentence, not "cannot" and "not written" together.
    if (item.attendance.who === '待确认') return fail(P.itemVisitUnknown(item.name, sample(item, item.phones.consult)));
    return fail(P.itemNotVisitable(item.name, attendanceLine(item), item.place));
  }
  return ok(itemId);
}

// ---- village and address ----


// A bare "27号" is a date as often as a house number: only "3组", "3组12号", "七组二十五号" or a
// natural village ("下宅自然村8号", its name never running back into the village's: "中湖村下宅…")
// are taken as said.
const HOUSE_NUMBER = '(?:\\d{1,4}|[一二三四五六七八九十百零]{1,5})号';
const ADDRESS = new RegExp(`((?:\\d{1,2}|[一二三四五六七八九十]{1,3})组(?:${HOUSE_NUMBER})?|(?:(?![村住在是到])\\p{Script=Han}){2,4}自然村(?:${HOUSE_NUMBER})?)`, 'u');

// ---- situation ----

const REASON_WORDS: [EligibilityReason, RegExp][] = [
  ['残疾', /残疾|残障|残疾证|(?<!偏)瘫|失明|聋哑|截肢/],
  ['重症', /重病|重症|大病|癌|卧床|住院|中风|偏瘫|病重|透析|下不了床|起不了床|躺在床上/],
  ['孤寡', /孤寡|独居|一个人住|孤老|五保|无儿无女|没儿没女|特困/],
  ['烈属', /烈属|烈士/],
];

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}

/**
 * The circumstances a message states: those the trained readers are sure of, and those its words
 * say plainly and do not deny ("中风了…残疾证也有的": 重症 and 残疾, where the readers saw one).
 */
function statedReasons(text: string, context: VisitFormContext): EligibilityReason[] | undefined {
  const read = context.said(text).reasons ?? [];
  const plain = findReasons(text);
  return nonEmpty(ELIGIBILITY_REASONS.filter((r) => read.includes(r) || plain.includes(r)));
}

/** Whom a message books for, where its words say so plainly ("我自己", "帮我妈", "我叫…"). */
function forWhomIn(said: string): boolean | undefined {
  if (SELF.test(said)) return false;
  if (FOR_OTHER.test(said) || findRelation(said) || /帮(?:老人|家里人|家人|别人)|替/.test(said)) return true;
  if (/我叫|我是|我今年|我\d{2,3}(?:岁|了|多)|我[一二三四五六七八九]?十/.test(said)) return false;
  return undefined;
}

/** The circumstances the text states, leaving out denied ones ("没有残疾", "不是烈属"). */
function findReasons(text: string): EligibilityReason[] {
  return REASON_WORDS.filter(([, pattern]) => {
    const global = new RegExp(pattern.source, 'g');
    for (const match of text.matchAll(global)) {
      const before = text.slice(Math.max(0, match.index - 3), match.index);
      if (!/(没有|没|不是|无|不)$/.test(before)) return true;
    }
    return false;
  }).map(([reason]) => reason);
}


function parseAge(text: string): Result<number> {
  const said = text.trim();
  const age = findAge(said, true) ?? (/^\d{1,3}$/.test(said) ? Number(said) : parseChineseNumber(said));
  if (age === undefined) return fail(P.ageInvalid);
  return validAge(age);
}

function validAge(age: number): Result<number> {
  return Number.isInteger(age) && age >= 1 && age <= 120 ? ok(age) : fail(P.ageInvalid);
}

// ---- booking for someone else ----

const HOME = '(?:家|家里|屋里)?';
/** Whom a message says the visit is for ("我妈", "我屋里老头子"), as the resident's relation to that person. */
const RELATIONS: [RegExp, string][] = [
  [new RegExp(`我${HOME}(?:老)?(?:妈|母亲|娘|爸|父亲|爹)|家里老人|我家老人|父母`), '子女'],
  [new RegExp(`我${HOME}(?:奶奶|爷爷|外婆|外公|姥姥|姥爷|太公|太婆|阿公|阿婆)`), '孙辈'],
  [new RegExp(`我${HOME}(?:婆婆|公公|岳母|岳父|丈母娘|丈母|老丈人|丈人)`), '儿媳或女婿'],
  [new RegExp(`我${HOME}(?:爱人|老婆|老公|丈夫|妻子)|老伴|老头子|老太婆|老婆子`), '配偶'],
  [new RegExp(`我${HOME}(?:哥哥|哥|弟弟|弟|姐姐|姐|妹妹|妹|兄弟|堂哥|堂弟|堂姐|堂妹|表哥|表弟|表姐|表妹)`), '兄弟姐妹'],
  [new RegExp(`我${HOME}(?:舅舅|舅|叔叔|叔公|叔|伯伯|大伯|伯|姑姑|姑妈|姑|阿姨|姨妈|大姨|姨|婶婶|婶子|婶)`), '侄辈或外甥'],
  [/邻居|隔壁/, '邻居'],
];

/** A relation named in words ("女儿", "老伴"), and how it is stored. */
const KIN = '儿子|女儿|闺女|姑娘|子女|孙子|孙女|外孙女|外孙|儿媳妇|儿媳|女婿|侄子|侄女|外甥女|外甥|哥哥|弟弟|姐姐|妹妹|兄弟|姐妹|邻居|亲戚|朋友|老伴|配偶|丈夫|妻子|老公|老婆|爱人|村干部|网格员|志愿者';
/** "我是张桂兰的儿子", "我是她女儿". */
const CHILD_OF = new RegExp(`我是(?:.{1,6}?的|她的?|他的?|老人的?)(${KIN})`);
/** A relation said alone, as an answer: "女儿", "是她女儿", "老伴". */
const KIN_ALONE = new RegExp(`^我?是?(?:她|他|老人|办事人)?的?(${KIN})[。.!！]*$`);

/** Dialect words for a relation, stored as the plain one; a spouse by any name is 配偶. */
const PLAIN_KIN: Record<string, string> = { 儿媳妇: '儿媳', 闺女: '女儿', 姑娘: '女儿' };
const SPOUSE = /^(老伴|丈夫|妻子|老公|老婆|爱人)$/;

function storedRelation(word: string): string {
  if (SPOUSE.test(word)) return '配偶';
  return PLAIN_KIN[word] ?? word;
}

/**
 * The kind of a stored relation: "女儿" (she said what she is) and "子女" (she said "我妈") are one
 * kind, for comparing two readings of the same words.
 */
const KIN_KINDS: [RegExp, string][] = [
  [/^(儿子|女儿|子女)$/, '子女'],
  [/^(孙子|孙女|外孙女|外孙|孙辈)$/, '孙辈'],
  [/^(儿媳|女婿|儿媳或女婿)$/, '儿媳或女婿'],
  [/^(侄子|侄女|外甥女|外甥|侄辈或外甥)$/, '侄辈或外甥'],
  [/^(哥哥|弟弟|姐姐|妹妹|兄弟|姐妹|兄弟姐妹)$/, '兄弟姐妹'],
];

export function relationKind(stored: string): string {
  return KIN_KINDS.find(([pattern]) => pattern.test(stored))?.[1] ?? stored;
}

/** The relation a message states: "我是…的女儿" when said so, else the first relative it names as "my …". */
function findRelation(text: string): string | undefined {
  const named = CHILD_OF.exec(text)?.[1] ?? KIN_ALONE.exec(text.trim())?.[1];
  if (named) return storedRelation(named);
  const found = RELATIONS.map(([pattern, relation]) => ({ index: pattern.exec(text)?.index ?? Infinity, relation })).sort((a, b) => a.index - b.index)[0]!;
  return found.index === Infinity ? undefined : found.relation;
}

const SELF = /^(自己|我自己|本人|给我自己|我|给自己)(?:约|的|吧|约的)?[。.!！]*$/;
const FOR_OTHER = /^(帮家人|家人|帮别人|别人|帮老人|老人|给家里人|家里人|帮家里人)(?:约|的|吧|约的)?[。.!！]*$/;

// ---- date and half-day ----

function findDate(text: string, context: VisitFormContext): string | undefined {
  return settledDate(text, context.now)?.date;
}

/** An offered half-day picked from the buttons. */
function offered(directive: Directive): { date: string; half: HalfDay } | undefined {
  return directive.kind === 'slot' ? { date: directive.date, half: directive.half } : undefined;
}

/** The half-day a message asks for, or the other one of the half it turns down ("不要上午"). */
function findHalf(text: string): HalfDay | undefined {
  const { am, pm } = halfDayMentions(text);
  if (am === 'named') return 'am';
  if (pm === 'named') return 'pm';
  if (am === 'refused' && pm !== 'refused') return 'pm';
  if (pm === 'refused' && am !== 'refused') return 'am';
  return undefined;
}

function checkDate(date: string, slots: Partial<{ half: HalfDay }>, context: VisitFormContext): Result<string> {
  const half = slots.half ?? 'pm';
  const problem = context.visits.checkSlot({ date, half }, context.now);
  return problem ? fail(DATE_PROBLEMS[problem]) : ok(date);
}

function checkHalf(value: HalfDay, slots: Partial<{ date: string }>, context: VisitFormContext): Result<HalfDay> {
  if (slots.date === undefined) return ok(value);
  const problem = context.visits.checkSlot({ date: slots.date, half: value }, context.now);
  return problem ? fail(DATE_PROBLEMS[problem]) : ok(value);
}

/** The day of a visit: for a booking and for moving one. */
const DATE_SLOT: SlotSpec<{ date: string; half: HalfDay }, 'date', VisitFormContext> = {
  name: 'date',
  label: '日期',
  aliases: ['时间', '哪天', '日子'],
  prompt: (_slots, context) => P.date(shanghaiToday(context.now)),
  parse: (text, _slots, context) => {
    const date = findDate(text, context);
    return date ? ok(date) : fail(P.dateInvalid);
  },
  extract: (text, _slots, context) => findDate(text, context),
  chosen: (directive) => offered(directive)?.date,
  validate: (value, slots, context) => checkDate(value, slots, context),
  show: (value) => describeSlot(value),
};

/** Morning or afternoon of a visit. */
const HALF_SLOT: SlotSpec<{ date: string; half: HalfDay }, 'half', VisitFormContext> = {
  name: 'half',
  label: '上午/下午',
  aliases: ['时间'],
  prompt: () => P.half,
  buttons: () => [
    { label: '上午', value: '上午' },
    { label: '下午', value: '下午' },
  ],
  parse: (text, _slots, context) => {
    const half = slotValue(context.said(text), 'half', findHalf(text));
    return half ? ok(half) : fail(P.halfInvalid);
  },
  extract: (text, _slots, context) => slotValue(context.said(text), 'half', findHalf(text)),
  chosen: (directive) => offered(directive)?.half,
  validate: (value, slots, context) => checkHalf(value, slots, context),
  show: (value) => HALF_LABEL[value],
};

/** The slots of moving a booked visit: only its day and half-day. */
export const RESCHEDULE_SLOTS: SlotSpecs<RescheduleSlots, VisitFormContext> = [DATE_SLOT, HALF_SLOT];

/** Whether age alone qualifies (年迈), so that the other circumstances need not be asked. */
function oldEnough(slots: Partial<VisitSlots>, context: VisitFormContext): boolean {
  return slots.age !== undefined && context.visits.eligibility(['年迈'], slots.age).eligible;
}

/**
 * The slots of a home-visit booking, in the order they are asked: what, for whom, then age and
 * circumstances (so that a resident who does not qualify hears so before giving any personal
 * details), then name, phone, address and time. Each one can also be picked out of any message,
 * so "我叫张桂兰，电话13800001234，岭口村3组，想约明天上午代办员上门办高龄津贴，我82岁腿脚不便"
 * fills them all at once.
 */
export const VISIT_SLOTS: SlotSpecs<VisitSlots, VisitFormContext> = [
  {
    name: 'item',
    label: '办理事项',
    aliases: ['事项', '办的事', '哪件事', '办什么'],
    prompt: () => P.item,
    parse: (text, _slots, context) => {
      const item = findItem(text, context);
      if (item) return ok(item.id);
      const candidates = itemCandidates(text, context);
      if (candidates.length === 0) return fail(P.itemUnknown);
      return { ok: false, error: P.itemWhich, choices: candidates.map((c) => ({ label: c.name, value: c.name })) };
    },
    // A guess fills an empty slot, from a message that speaks of getting something done ("他半身不遂"
    // alone, answering another question, booked 残疾人证 nobody asked for); only an item named
    // outright changes one.
    extract: (text, slots, context) => (slots.item === undefined && SPEAKS_OF_A_SERVICE.test(text) ? findItem(text, context) : visitableByName(text, context.knowledge))?.id,
    validate: (value, _slots, context) => checkItem(value, context),
    show: (value, _slots, context) => context.knowledge.itemsById.get(value)?.name ?? value,
  },
  {
    name: 'forOther',
    label: '给谁约',
    aliases: ['给谁'],
    prompt: () => P.forWhom,
    buttons: () => [
      { label: '给我自己', value: '自己' },
      { label: '帮家里人', value: '帮家人' },
    ],
    parse: (text, _slots, context) => {
      const said = text.trim();
      const pattern = SELF.test(said) ? false : FOR_OTHER.test(said) || findRelation(said) ? true : undefined;
      const value = slotValue(context.said(said), 'forOther', pattern);
      return value === undefined ? fail(P.forWhomInvalid) : ok(value);
    },
    extract: (text, _slots, context) => slotValue(context.said(text.trim()), 'forOther', forWhomIn(text.trim())),
    show: (value) => (value ? '帮家里人约' : '给自己约'),
    // Booking for someone else instead of herself (or back): whose name, age and circumstances these were no longer holds.
    dependents: ['relation', 'residentName', 'age', 'reasons'],
  },
  {
    name: 'relation',
    label: '您是办事人的',
    aliases: ['关系'],
    prompt: () => P.relation,
    needed: (slots) => slots.forOther === true,
    // Asked "您是办事人的什么人", many answer with what they call the elder ("公公", "我哥"): read as "我公公".
    parse: (text) => {
      const relation = findRelation(text) ?? findRelation(`我${text.trim().replace(/^我/, '')}`);
      return relation ? ok(relation) : fail(P.relationInvalid);
    },
    extract: (text, _slots, context) => {
      const span = context.said(text).relation;
      return findRelation(text) ?? (span === undefined ? undefined : (findRelation(span) ?? span));
    },
  },
  {
    name: 'age',
    label: '年龄',
    aliases: ['年纪', '岁数', '多大'],
    prompt: (slots) => (slots.forOther ? P.ageOther : P.ageSelf),
    parse: (text) => parseAge(text),
    extract: (text) => findAge(text),
    validate: (value) => validAge(value),
    show: (value) => `${value}岁`,
  },
  {
    name: 'reasons',
    label: '情况',
    prompt: () => P.reasons,
    needed: (slots, context) => !oldEnough(slots, context),
    parse: (text, _slots, context) => {
      const reasons = statedReasons(text, context) ?? [];
      if (reasons.length) return ok(reasons);
      if (/没有|都不是|都没|无|不是/.test(text)) return ok<EligibilityReason[]>([]);
      return fail(P.reasonsInvalid);
    },
    extract: (text, _slots, context) => statedReasons(text, context),
    show: (value) => (value.length ? value.join('、') : '无'),
  },
  {
    name: 'residentName',
    label: '办事人姓名',
    aliases: ['名字', '姓名'],
    prompt: (slots) => (slots.forOther ? P.nameOther : P.nameSelf),
    parse: (text, _slots, context) => parseNameAnswer(text, context.said(text).name),
    extract: (text, slots, context) => {
      // Booking for her father, "我叫孔德明" is the son's name, not the elder's.
      const forOther = slots.forOther ?? forWhomIn(text) ?? context.said(text).forOther;
      const span = context.said(text).name;
      const parsed = span === undefined ? undefined : parseName(span);
      const own = findName(text);
      const spanned = parsed?.ok && !(forOther && parsed.value === own) ? parsed.value : undefined;
      return findName(text, forOther === true) ?? spanned;
    },
    freeText: true,
  },
  {
    name: 'phone',
    label: '联系电话',
    aliases: ['电话', '手机', '号码'],
    prompt: () => P.phone,
    parse: (text) => parsePhone(text),
    extract: (text) => findPhones(text)[0]?.value,
  },
  villageSlot<VisitFormContext>(P),
  {
    name: 'address',
    label: '详细地址',
    aliases: ['地址', '住址', '门牌', '几组'],
    prompt: () => P.address,
    parse: (text) => {
      const said = text.trim();
      if (said.length < 2 || said.length > 60 || !/[\p{Script=Han}\d]/u.test(said)) return fail(P.addressInvalid);
      return ok(said);
    },
    extract: (text, _slots, context) => ADDRESS.exec(text)?.[1] ?? context.said(text).address,
    correctable: false,
    freeText: true,
  },
  DATE_SLOT,
  HALF_SLOT,
];
