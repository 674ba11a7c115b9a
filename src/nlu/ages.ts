import { parseChineseNumber } from './chinese-number.ts';
import { KIN } from './slot-cues.ts';

/** A number as villagers write an age: digits, or 八十五, 九十, 一百零二. */
const NUMBER = '(\\d{2,3}|[一二三四五六七八九]?十[一二三四五六七八九]?|一百零?[一二三四五六七八九]?)';
/** What may not follow a number that is an age: a house, a date, a time, money, a count. */
const NOT_AGE_AFTER = '(?![\\d号组月日点:：元块万千百斤亩年天个次米楼层栋户人斤])';

/**
 * The ways an age is said, strongest first where two disagree: the real age named as such
 * ("实岁79" over "虚岁八十"); a number with 岁 or 了 ("85岁", "八十多岁", "80了"); after
 * 今年 / 满 / 年纪 ("今年78", "刚满60"); right after a person ("他85，", "我老爸83 走路要拄拐",
 * "她七十九", "阿爷七十九", 渠 and 伊 being 他/她 in Wu dialect).
 */
const SAYINGS: { pattern: RegExp; strength: number }[] = [
  { pattern: new RegExp(`(?:实岁|周岁)\\s*${NUMBER}${NOT_AGE_AFTER}`, 'gu'), strength: 2 },
  { pattern: new RegExp(`(?<![\\d.组号月日点:：第])${NUMBER}\\s*多?\\s*(?:周岁|岁|了)`, 'gu'), strength: 1 },
  { pattern: new RegExp(`(?:今年|年纪|年龄|岁数|满|刚|虚岁)[是有]?\\s*${NUMBER}${NOT_AGE_AFTER}`, 'gu'), strength: 1 },
  { pattern: new RegExp(`(?:他|她|我|渠|伊|老人家?|老爷子|老太太|阿爷|阿奶|(?:${KIN})[子儿]?)[，,\\s]?${NUMBER}${NOT_AGE_AFTER}`, 'gu'), strength: 1 },
];

/** Words that take back what was said before them ("79 哦不对 过了年刚80"): the last age said stands. */
const CORRECTION = /不对|说错|搞错|应该是|哦不|不是不是|改一下/;

/** A number said as an age that no one could be. */
const plausible = (age: number) => Number.isInteger(age) && age >= 1 && age <= 120;

function valueOf(said: string): number | undefined {
  return /^\d+$/.test(said) ? Number(said) : parseChineseNumber(said);
}

/**
 * The age a message says: among the ways it is said, the strongest; of equal ones the first, or
 * the last when the message corrects itself. `answering` (the form asked for the age) also takes a
 * number at the start of the answer ("91 人糊涂了", "八十三").
 */
export function findAge(text: string, answering = false): number | undefined {
  const found: { index: number; age: number; strength: number }[] = [];
  for (const { pattern, strength } of SAYINGS) {
    for (const match of text.matchAll(pattern)) {
      const age = valueOf(match[1]!);
      if (age !== undefined && plausible(age)) found.push({ index: match.index + match[0].indexOf(match[1]!), age, strength });
    }
  }
  if (answering) {
    const leading = new RegExp(`^\\s*${NUMBER}(?![\\d号组月日点:：元块])`, 'u').exec(text);
    const age = leading ? valueOf(leading[1]!) : undefined;
    if (age !== undefined && plausible(age)) found.push({ index: leading!.index, age, strength: 1 });
  }
  if (found.length === 0) return undefined;
  const strongest = Math.max(...found.map((f) => f.strength));
  const candidates = found.filter((f) => f.strength === strongest).sort((a, b) => a.index - b.index);
  return (CORRECTION.test(text) ? candidates.at(-1) : candidates[0])!.age;
}
