import { z } from 'zod';
import { FormType, type Result, type SlotSpecs, type SlotsOf } from '../../src/engine/form.ts';
import { slotValue, type SlotReadings } from '../../src/nlu/slot-readers.ts';
import type { KnowledgeSnapshot } from '../../src/knowledge/knowledge-service.ts';
import { findName, nameBesidePhone, parseName, parseNameAnswer, parsePhone } from '../../src/nlu/contact-details.ts';
import { settledPart } from '../../src/nlu/form-acts.ts';
import { parseDates, findSince } from '../../src/nlu/dates.ts';
import { findPhones } from '../../src/nlu/entities.ts';
import { hasPersonalNumber } from '../../src/personal-numbers.ts';
import { villageSlot } from '../shared/village-slot.ts';
import { COMPLAINT_PROMPTS as P } from './declaration.ts';

/** What a report for 12345 stores: the zod types every stored report is checked against. */
export const COMPLAINT_FORM = new FormType(
  'complaint',
  'complaint',
  z.object({
    content: z.string(),
    village: z.string(),
    location: z.string(),
    since: z.string(),
    anonymous: z.boolean(),
    name: z.string(),
    phone: z.string(),
    /** The report says it is urgent. */
    urgent: z.boolean(),
    /** A question the bot could not answer, sent on as a 咨询. */
    consult: z.boolean(),
    /** A second problem told along with this one ("还有个事，后山那个养猪场…"), offered as its own report once this one is filed. */
    secondMatter: z.string(),
    photos: z.array(z.object({ id: z.string(), mimeType: z.string(), size: z.number() })),
  }),
);
export type ComplaintSlots = SlotsOf<typeof COMPLAINT_FORM>;

/** What the complaint form's readers consult. */
export interface ComplaintFormContext {
  knowledge: KnowledgeSnapshot;
  /** What the trained readers make of a text's choice slots (the turn's own reading for the message itself). */
  said(text: string): SlotReadings;
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(error: string): Result<T> => ({ ok: false, error });

/** Words that only say "I want to complain", not what about. */
const ONLY_ASKING = /我要|我想|要|想|投诉|举报|反映|一下|问题|情况|建议|求助|帮忙|请|您好|你好|[，。,.!！?？\s]/g;

/** "还有个事，…", "另外…也要反映": where a message starts telling a second problem. */
const SECOND_MATTER = /(?:还有个事|还有一件事|还有一个事|还有件事|另外还有|另外一件事|另外一个事|还要反映一个|再反映一个)[，,：:。\s]*/;

/** A message split where it starts telling a second problem: the second one, if it says enough to be a report. */
export function splitSecondMatter(text: string): { first: string; second?: string } {
  const match = SECOND_MATTER.exec(text);
  if (!match) return { first: text };
  const second = text.slice(match.index + match[0].length).trim();
  if ([...second].filter((c) => /\p{Script=Han}/u.test(c)).length < 6) return { first: text };
  return { first: text.slice(0, match.index).replace(/[，,。；;\s]+$/, ''), second };
}

/** A clause that gives who she is, not what happened: "我叫王土根", "名字写李梅", "联系人张三", "电话" before the number. */
const NAME_CLAUSE = /^(?:我叫|我姓|名字|姓名|联系人|联系方式|留个?名字?|可以留名|不用匿名|不匿名)|^(?:我的)?(?:电话|手机|手机号|号码|电话号码)[是：:]?$/;
const CLAUSE_END = /(?<=[，,。.!！?？；;\s])/;

/**
 * The report without the clauses that give her name, phone or ID number: those go in their own
 * fields (and stay out of an anonymous report), not into the text forwarded to 12345.
 */
export function reportWithoutContact(text: string): string {
  const kept = text.split(CLAUSE_END).filter((clause) => {
    const said = clause.replace(/[，,。.!！?？；;\s]+$/, '').trim();
    return said === '' || (!hasPersonalNumber(said) && !NAME_CLAUSE.test(said));
  });
  return kept.join('').replace(/[，,；;、\s]+$/, '').trim();
}

const enoughSaid = (text: string) => [...text.replace(ONLY_ASKING, '')].filter((c) => /\p{Script=Han}/u.test(c)).length >= 4;

/** The report itself, if the message says what happened (not only "我要投诉"), without her contact details. */
export function findContent(text: string): string | undefined {
  const said = reportWithoutContact(splitSecondMatter(text.trim()).first);
  return enoughSaid(said) ? said.slice(0, 2000) : undefined;
}

const PLACE_NOUN = '村口|路口|桥头|桥边|河边|溪边|河里|山脚|祠堂|学校|小学|幼儿园|菜场|菜市场|村委会门口|村委会|村委|文化礼堂|水库边|水库|养猪场|养鸡场|公路边|大路边|后山|晒谷场|停车场';
const PLACE = new RegExp(`((?:\\d{1,2}|[一二三四五六七八九十]{1,3})组(?:${PLACE_NOUN})?|(?:${PLACE_NOUN}))`, 'u');
const DONT_KNOW = /不清楚|不知道|不记得|记不清|记不得|忘了|说不好|说不准|不晓得/;
// "匿名" unless denied a few characters before it ("不匿名", "不用匿名", "不想匿名", "用不着匿名"): those leave a contact.
const ANONYMOUS = /^(?!.*(?:不|弗|别|无需|没必要|用不着)[^，。,.!！?？]{0,3}匿名).*(?:匿名|不留名|不想留|不愿透露)/;
const NOT_ANONYMOUS = /(?:不|弗|别|无需|没必要|用不着)[^，。,.!！?？]{0,3}匿名/;

/**
 * "匿名" said at the name or phone question: the resident changed her mind. The choice is
 * recorded and the slot asked is filled with a marker the summary never shows (not needed then).
 */
function anonymousAfterAll(): Result<string, ComplaintSlots> {
  return { ok: true, value: '', also: { anonymous: true } };
}

/** A name the tagger read, if it reads as a name. */
function nameIn(span: string | undefined): string | undefined {
  const parsed = span === undefined ? undefined : parseName(span);
  return parsed?.ok ? parsed.value : undefined;
}

const URGENT = /紧急|很急|着急|马上|立刻|危险|快来/;

/** Whether the report says it is urgent. */
export function isUrgent(text: string): boolean {
  return URGENT.test(text);
}


/**
 * The slots of a report for 12345, in the order they are asked: what happened, where (village,
 * place), since when, and a contact or an explicit choice to stay anonymous.
 */
export const COMPLAINT_SLOTS: SlotSpecs<ComplaintSlots, ComplaintFormContext> = [
  {
    name: 'content',
    label: '反映的事',
    aliases: ['问题', '内容', '事情', '什么事'],
    prompt: () => P.content,
    parse: (text) => {
      const said = reportWithoutContact(splitSecondMatter(text.trim()).first);
      return [...said].filter((c) => /\p{Script=Han}/u.test(c)).length >= 4 ? ok(said.slice(0, 2000)) : fail(P.contentInvalid);
    },
    extract: (text) => findContent(text),
    correctable: false,
  },
  villageSlot<ComplaintFormContext>(P),
  {
    name: 'location',
    label: '地点',
    aliases: ['地方', '位置'],
    prompt: () => P.location,
    parse: (text) => {
      const said = text.trim();
      return said.length >= 2 && said.length <= 100 && /[\p{Script=Han}\d]/u.test(said) ? ok(said) : fail(P.locationInvalid);
    },
    extract: (text, _slots, context) => PLACE.exec(text)?.[1] ?? context.said(text).location,
    correctable: false,
    freeText: true,
  },
  {
    name: 'since',
    label: '开始时间',
    aliases: ['时间', '什么时候'],
    prompt: () => P.since,
    // A time, however vague ("上个月", "三天了", "2月", "好久了", "从清明前后", "过完年就这样了": the
    // tagger's reading, which knows the festivals and dialect the pattern does not), or "不清楚";
    // not a question or other talk.
    parse: (text, _slots, context) => {
      const said = text.trim();
      const timeLike = context.said(said).since !== undefined || findSince(said) !== undefined || DONT_KNOW.test(said) || parseDates(said).length > 0;
      return timeLike ? ok(said.slice(0, 30)) : fail(P.sinceInvalid);
    },
    // The tagger's reading first, the pattern where it reads nothing: the pattern takes any length of time
    // ("做了四个多月工钱", "一停就是大半天"), 0.49 of its readings right on the training writers' first
    // reports, the tagger's F1 0.83 (npm run cv:spans).
    extract: (text, _slots, context) => context.said(text).since ?? findSince(text),
    correctable: false,
  },
  {
    name: 'anonymous',
    label: '联系方式',
    aliases: ['匿名', '留名'],
    prompt: () => P.contact,
    buttons: () => [
      { label: '留联系方式', value: '留联系方式' },
      { label: '匿名反映', value: '匿名' },
    ],
    // Of "匿名吧……算了还是写名字", what she settles on is read.
    parse: (said, _slots, context) => {
      const text = settledPart(said);
      const pattern = NOT_ANONYMOUS.test(text) ? false : ANONYMOUS.test(text) || /不留|不用留|不愿|别写|不写/.test(text) ? true : /留|写|可以|好|行|是/.test(text) || findPhones(text).length > 0 ? false : undefined;
      const value = slotValue(context.said(text), 'anonymous', pattern);
      return value === undefined ? fail(P.contactInvalid) : ok(value);
    },
    extract: (said, _slots, context) => {
      const text = settledPart(said);
      return slotValue(context.said(text), 'anonymous', NOT_ANONYMOUS.test(text) ? false : ANONYMOUS.test(text) ? true : findPhones(text).length > 0 ? false : undefined);
    },
    show: (value) => (value ? '匿名' : '留姓名和电话'),
  },
  {
    name: 'name',
    label: '称呼',
    aliases: ['名字', '姓名'],
    prompt: () => P.name,
    needed: (slots) => slots.anonymous === false,
    parse: (text, _slots, context) => (slotValue(context.said(text), 'anonymous', ANONYMOUS.test(text) || undefined) ? anonymousAfterAll() : parseNameAnswer(text, context.said(text).name)),
    extract: (text, _slots, context) => findName(text) ?? nameIn(context.said(text).name) ?? nameBesidePhone(text),
    freeText: true,
  },
  {
    name: 'phone',
    label: '电话',
    aliases: ['手机', '号码'],
    prompt: () => P.phone,
    needed: (slots) => slots.anonymous === false,
    parse: (text, _slots, context) => (slotValue(context.said(text), 'anonymous', ANONYMOUS.test(text) || undefined) ? anonymousAfterAll() : parsePhone(text)),
    extract: (text) => findPhones(text)[0]?.value,
  },
];
