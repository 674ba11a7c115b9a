import { findPhones } from './entities.ts';

/** A checked value, or what is wrong in words a resident understands. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const NAME_CUE =
  /(?:我叫|俺叫|我的名字叫|名字叫|名字是|姓名是|姓名[:：]?|联系人[:：]?|老人叫|老人家叫|她叫|他叫|渠叫|伊叫|我妈叫|我爸叫|我母亲叫|我父亲叫|办事人叫|办事人是)\s*([\p{Script=Han}·]{2,6}?)(?=[\s,，。.;；、!！]|电话|手机|住|今年|\d|$)/u;
const NOT_A_NAME =
  /村|镇|组|号|岁|电话|手机|上门|预约|代办|老人|不知道|没有|确认|确定|好的|是的|对的|可以|没问题|取消|修改|算了|自己|家人|匿名|明天|后天|今天|上午|下午|什么|怎么|吗|呢/;
/** Who someone is to the resident ("女儿", "老伴"): an answer about the relation, not a name. */
const KINSHIP =
  /^(?:我|他|她)|^(?:儿子|女儿|闺女|子女|孙子|孙女|外孙女?|儿媳妇?|女婿|侄子|侄女|外甥女?|邻居|老伴|老公|老婆|丈夫|妻子|爱人|配偶|亲戚|朋友|哥哥|弟弟|姐姐|妹妹|老头子|老太婆)$/;
/** What may come before a name given as an answer ("我叫", "她叫", "老人叫"). */
const NAME_PREFIX = /^(?:我的名字叫|名字叫|名字是|姓名是|姓名[:：]?|名字[:：]?|(?:我|俺|他|她|渠|伊|老人|老人家|办事人|我妈|我爸|我母亲|我父亲)?(?:叫|是))/;

/** A surname said alone: "我姓王", "姓王的", "免贵姓李". */
const SURNAME_ONLY = /^(?:我|俺|她|他|老人)?(?:免贵)?姓([\p{Script=Han}]{1,2}?)(?:的)?[\s。.!！,，]*$/u;

export const NAME_INVALID = '名字好像没写对，请用文字写姓名，比如"张桂兰"。';

/** Reads a name given as an answer ("张桂兰", "我叫张桂兰"); emoji, digits and stock replies are refused. */
export function parseName(text: string): Checked<string> {
  // "我姓王", "姓王的": a surname is enough to address her by.
  const surname = SURNAME_ONLY.exec(text.trim())?.[1];
  if (surname) return { ok: true, value: surname };
  const name = text
    .trim()
    .replace(NAME_PREFIX, '')
    // "叶长根啊": a particle said after the name is not part of it.
    .replace(/[\s。.!！,，]+$/g, '')
    .replace(/(?<=^[\p{Script=Han}]{2,4})[啊呀吧哦嘛啦呢]$/u, '');
  if (!/^[\p{Script=Han}a-zA-Z·. ]{2,20}$/u.test(name) || NOT_A_NAME.test(name) || KINSHIP.test(name)) return { ok: false, error: NAME_INVALID };
  return { ok: true, value: name };
}

/**
 * Reads a name given as the answer to "what is the name": the answer itself when it is just a name
 * ("王秀英", "我姓王"), else the name the name tagger `read` in it ("陈志强，耳东陈，志气的志，强壮的强",
 * "郑杏花 郑是关耳郑"), else why the answer is no name.
 */
export function parseNameAnswer(text: string, read: string | undefined): Checked<string> {
  const whole = parseName(text);
  if (whole.ok && !/\s/.test(whole.value)) return whole;
  const tagged = read === undefined ? undefined : parseName(read);
  return tagged?.ok ? tagged : whole;
}

/**
 * A name given bare beside a phone number ("留吧，叶长根，13867925510"): a clause of two to four
 * characters that reads as a name, in a message that gives a number.
 */
export function nameBesidePhone(text: string): string | undefined {
  if (findPhones(text).length === 0) return undefined;
  for (const clause of text.split(/[，,。.!！\s]+/)) {
    const said = clause.trim();
    // "留吧", "写上", "不用": the answer's own words beside the name.
    if (!/^[\p{Script=Han}]{2,4}$/u.test(said) || /留|写|吧|嗯|行|要|不|用|就/.test(said)) continue;
    const parsed = parseName(said);
    if (parsed.ok && parsed.value === said) return said;
  }
  return undefined;
}

/** "我是张桂兰的儿子": the name of the person someone speaks for. */
const NAME_OF_PARENT = /我是([\p{Script=Han}]{2,4}?)的(?:儿子|女儿|孙子|孙女|儿媳|女婿|外孙|外孙女|侄子|侄女|邻居)/u;

/** The writer's own name ("我叫孔德明", "我的名字叫…"): hers, not the elder's she books for. */
const OWN_NAME = /^(?:我叫|我的名字叫)/;

/**
 * A name the text states outright ("我叫张桂兰，…", "我是张桂兰的儿子"), if any; `ofSomeoneElse`
 * (she books for someone else) leaves out her own ("我叫孔德明，我爸86岁…" names no elder).
 */
export function findName(text: string, ofSomeoneElse = false): string | undefined {
  const cued = NAME_CUE.exec(text);
  const match = (cued && !(ofSomeoneElse && OWN_NAME.test(cued[0])) ? cued : undefined) ?? NAME_OF_PARENT.exec(text);
  if (!match) return undefined;
  const result = parseName(match[1]!);
  return result.ok ? result.value : undefined;
}

/** Reads a phone number given as an answer, saying what is wrong with a wrong length. */
export function parsePhone(text: string): Checked<string> {
  const found = findPhones(text)[0];
  if (found) return { ok: true, value: found.value };
  const digits = text.replace(/\D/g, '');
  if (digits.length === 0) return { ok: false, error: '没看到电话号码，请发手机号（11位数字）。' };
  return { ok: false, error: `手机号应该是11位数字，您发的是${digits.length}位，请再发一次。` };
}
