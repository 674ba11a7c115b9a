const DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/**
 * A whole number written in digits or in Chinese up to 一百零九 ("3", "三", "十二", "八十五"), as
 * residents write ages and village groups; undefined for anything else.
 */
export function parseChineseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (text.length === 1 && DIGITS[text] !== undefined) return DIGITS[text];
  const tens = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(text);
  if (tens) return (tens[1] ? DIGITS[tens[1]]! : 1) * 10 + (tens[2] ? DIGITS[tens[2]]! : 0);
  const hundred = /^一百(零?([一二三四五六七八九]))?$/.exec(text);
  if (hundred) return 100 + (hundred[2] ? DIGITS[hundred[2]]! : 0);
  return undefined;
}
