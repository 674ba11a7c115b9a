import type { Result, SlotSpec, SlotValue, Slots } from '../../src/engine/form.ts';
import type { KnowledgeSnapshot } from '../../src/knowledge/knowledge-service.ts';
import type { Item } from '../../src/knowledge/schema.ts';
import { normalizeText } from '../../src/nlu/tokenizer.ts';
import { findName, parseName, parsePhone } from '../../src/nlu/contact-details.ts';
import { findDates, findPhones } from '../../src/nlu/entities.ts';
import { shanghaiToday } from '../../src/nlu/dates.ts';
import type { DateProblem, EligibilityReason, HalfDay, VisitService } from '../../src/visits/types.ts';
import { villageSlot } from '../shared/village-slot.ts';
import { VISIT_PROMPTS as P } from './declaration.ts';

/** What the visit form's validators consult. */
export interface VisitFormContext {
  knowledge: KnowledgeSnapshot;
  visits: VisitService;
  now: Date;
}

const ok = (value: SlotValue): Result<SlotValue> => ({ ok: true, value });
const fail = (error: string): Result<SlotValue> => ({ ok: false, error });

const HALF_LABEL: Record<HalfDay, string> = { am: '上午', pm: '下午' };
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** "11月27日（周五）上午" for a date and half-day. */
export function describeSlot(date: string, half?: string): string {
  const [, month, day] = date.split('-').map(Number);
  const weekday = WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()];
  return `${month}月${day}日（周${weekday}）${half ? HALF_LABEL[half as HalfDay] ?? '' : ''}`;
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

/** The service item a message names (or is surely about), if any. */
export function findItem(text: string, context: VisitFormContext): Item | undefined {
  const named = visitableByName(text, context.knowledge);
  if (named) return named;
  const retrieval = context.knowledge.retriever.retrieve(text);
  return retrieval.confidence === 'sure' ? retrieval.choices[0]!.item : undefined;
}

function checkItem(itemId: string, context: VisitFormContext): Result<SlotValue> {
  const item = context.knowledge.itemsById.get(itemId);
  if (!item) return fail(P.itemUnknown);
  if (!context.visits.canVisitFor(itemId)) return fail(P.itemNotVisitable(item.name, item.place));
  return ok(itemId);
}

// ---- village and address ----


// A bare "27号" is a date as often as a house number: only "3组" or "3组12号" are taken as said.
const ADDRESS = /((?:\d{1,2}|[一二三四五六七八九十]{1,3})组(?:\d{1,4}号)?|[\p{Script=Han}]{2,4}自然村)/u;

// ---- situation ----

const REASON_WORDS: [EligibilityReason, RegExp][] = [
  ['残疾', /残疾|残障|残疾证|瘫痪|失明|聋哑|截肢/],
  ['重症', /重病|重症|大病|癌|卧床|住院|中风|偏瘫|病重|透析/],
  ['孤寡', /孤寡|独居|一个人住|孤老|五保|无儿无女|没儿没女|特困/],
  ['烈属', /烈属|烈士/],
];

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

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

function chineseNumber(text: string): number | undefined {
  const m = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/.exec(text);
  if (m) return (m[1] ? CHINESE_DIGITS[m[1]]! : 1) * 10 + (m[2] ? CHINESE_DIGITS[m[2]]! : 0);
  const hundred = /^一百(零?([一二三四五六七八九]))?$/.exec(text);
  if (hundred) return 100 + (hundred[2] ? CHINESE_DIGITS[hundred[2]]! : 0);
  return undefined;
}

function findAge(text: string): number | undefined {
  const digits = /(\d{2,3})\s*(?:岁|周岁)/.exec(text);
  if (digits) return Number(digits[1]);
  const words = /([一二三四五六七八九]?十[一二三四五六七八九]?|一百零?[一二三四五六七八九]?)\s*(?:岁|周岁)/.exec(text);
  return words ? chineseNumber(words[1]!) : undefined;
}

function parseAge(text: string): Result<SlotValue> {
  const said = text.trim();
  const age = findAge(said) ?? (/^\d{1,3}$/.test(said) ? Number(said) : chineseNumber(said));
  if (age === undefined) return fail(P.ageInvalid);
  return validAge(age);
}

function validAge(value: SlotValue): Result<SlotValue> {
  const age = Number(value);
  return Number.isInteger(age) && age >= 1 && age <= 120 ? ok(age) : fail(P.ageInvalid);
}

// ---- booking for someone else ----

const RELATIONS: [RegExp, string][] = [
  [/我(?:妈|母亲|娘|爸|父亲|爹)|家里老人|我家老人|父母/, '子女'],
  [/我(?:奶奶|爷爷|外婆|外公|姥姥|姥爷)/, '孙辈'],
  [/我(?:婆婆|公公|岳母|岳父|丈母娘|老丈人)/, '儿媳或女婿'],
  [/我(?:老伴|爱人|老婆|老公|丈夫|妻子)/, '配偶'],
  [/邻居/, '邻居'],
];

const CHILD_OF = /我是.{1,6}?的(儿子|女儿|孙子|孙女|儿媳|女婿|外孙|外孙女|侄子|侄女|邻居)/;

function findRelation(text: string): string | undefined {
  const child = CHILD_OF.exec(text)?.[1];
  if (child) return child;
  return RELATIONS.find(([pattern]) => pattern.test(text))?.[1];
}

const SELF = /^(自己|我自己|本人|给我自己|我)$/;
const FOR_OTHER = /^(帮家人|家人|帮别人|别人|帮老人|老人|给家里人|家里人)$/;

// ---- date and half-day ----

const SLOT_VALUE = /^#slot:(\d{4}-\d{2}-\d{2}):(am|pm)$/;

function findDate(text: string, context: VisitFormContext): string | undefined {
  const chosen = SLOT_VALUE.exec(text.trim());
  if (chosen) return chosen[1];
  return findDates(text, context.now)[0]?.value.slice(0, 10);
}

function findHalf(text: string): HalfDay | undefined {
  const chosen = SLOT_VALUE.exec(text.trim());
  if (chosen) return chosen[2] as HalfDay;
  if (/上午|早上|早晨|上半天|am/i.test(text)) return 'am';
  if (/下午|午后|下半天|pm/i.test(text)) return 'pm';
  return undefined;
}

function checkDate(value: SlotValue, slots: Slots, context: VisitFormContext): Result<SlotValue> {
  const date = String(value);
  const half = (slots.half as HalfDay | undefined) ?? 'pm';
  const problem = context.visits.checkSlot({ date, half }, context.now);
  return problem ? fail(DATE_PROBLEMS[problem]) : ok(date);
}

function checkHalf(value: SlotValue, slots: Slots, context: VisitFormContext): Result<SlotValue> {
  if (slots.date === undefined) return ok(value);
  const problem = context.visits.checkSlot({ date: String(slots.date), half: value as HalfDay }, context.now);
  return problem ? fail(DATE_PROBLEMS[problem]) : ok(value);
}

/** Whether age alone qualifies (年迈), so that the other circumstances need not be asked. */
function oldEnough(slots: Slots, context: VisitFormContext): boolean {
  return slots.age !== undefined && context.visits.eligibility(['年迈'], Number(slots.age)).eligible;
}

/**
 * The slots of a home-visit booking, in the order they are asked. Each one can also be picked
 * out of any message, so "我叫张桂兰，电话13800001234，岭口村3组，想约明天上午代办员上门办高龄
 * 津贴，我82岁腿脚不便" fills them all at once.
 */
export const VISIT_SLOTS: SlotSpec<VisitFormContext>[] = [
  {
    name: 'item',
    label: '办理事项',
    prompt: () => P.item,
    parse: (text, _slots, context) => {
      const item = findItem(text, context);
      return item ? ok(item.id) : fail(P.itemUnknown);
    },
    extract: (text, _slots, context) => findItem(text, context)?.id,
    validate: (value, _slots, context) => checkItem(String(value), context),
    show: (value, _slots, context) => context.knowledge.itemsById.get(String(value))?.name ?? String(value),
  },
  {
    name: 'forOther',
    label: '给谁约',
    prompt: () => P.forWhom,
    buttons: () => [
      { label: '给我自己', value: '自己' },
      { label: '帮家里人', value: '帮家人' },
    ],
    parse: (text) => {
      const said = text.trim();
      if (SELF.test(said)) return ok('no');
      if (FOR_OTHER.test(said) || findRelation(said)) return ok('yes');
      return fail(P.forWhomInvalid);
    },
    extract: (text) => {
      if (findRelation(text) || /帮(?:老人|家里人|别人)|替/.test(text)) return 'yes';
      if (CHILD_OF.test(text)) return 'yes';
      if (/我叫|我是|我今年|我\d{2,3}岁|我[一二三四五六七八九]?十/.test(text)) return 'no';
      return undefined;
    },
    show: (value) => (value === 'yes' ? '帮家里人约' : '给自己约'),
  },
  {
    name: 'relation',
    label: '您是办事人的',
    prompt: () => P.relation,
    needed: (slots) => slots.forOther === 'yes',
    parse: (text) => {
      const said = text.trim().replace(/^我是(她|他|老人)的?/, '');
      if (said.length < 1 || said.length > 10 || !/\p{Script=Han}/u.test(said)) return fail(P.relationInvalid);
      return ok(findRelation(`我${said}`) ?? said);
    },
    extract: (text) => findRelation(text),
    correctable: false,
  },
  {
    name: 'residentName',
    label: '办事人姓名',
    prompt: (slots) => (slots.forOther === 'yes' ? P.nameOther : P.nameSelf),
    parse: (text) => parseName(text),
    extract: (text) => findName(text),
  },
  {
    name: 'phone',
    label: '联系电话',
    prompt: () => P.phone,
    parse: (text) => parsePhone(text),
    extract: (text) => findPhones(text)[0]?.value,
  },
  villageSlot<VisitFormContext>(P),
  {
    name: 'address',
    label: '详细地址',
    prompt: () => P.address,
    parse: (text) => {
      const said = text.trim();
      if (said.length < 2 || said.length > 60 || !/[\p{Script=Han}\d]/u.test(said)) return fail(P.addressInvalid);
      return ok(said);
    },
    extract: (text) => ADDRESS.exec(text)?.[1],
    correctable: false,
  },
  {
    name: 'age',
    label: '年龄',
    prompt: (slots) => (slots.forOther === 'yes' ? P.ageOther : P.ageSelf),
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
    parse: (text) => {
      const reasons = findReasons(text);
      if (reasons.length) return ok(reasons);
      if (/没有|都不是|都没|无|不是/.test(text)) return ok([]);
      return fail(P.reasonsInvalid);
    },
    extract: (text) => {
      const reasons = findReasons(text);
      return reasons.length ? reasons : undefined;
    },
    show: (value) => ((value as string[]).length ? (value as string[]).join('、') : '无'),
  },
  {
    name: 'date',
    label: '日期',
    prompt: (_slots, context) => P.date(shanghaiToday(context.now)),
    parse: (text, _slots, context) => {
      const date = findDate(text, context);
      return date ? ok(date) : fail(P.dateInvalid);
    },
    extract: (text, _slots, context) => findDate(text, context),
    validate: (value, slots, context) => checkDate(value, slots, context),
    show: (value) => describeSlot(String(value)),
  },
  {
    name: 'half',
    label: '上午/下午',
    prompt: () => P.half,
    buttons: () => [
      { label: '上午', value: '上午' },
      { label: '下午', value: '下午' },
    ],
    parse: (text) => {
      const half = findHalf(text);
      return half ? ok(half) : fail(P.halfInvalid);
    },
    extract: (text) => findHalf(text),
    validate: (value, slots, context) => checkHalf(value, slots, context),
    show: (value) => HALF_LABEL[value as HalfDay],
  },
];
