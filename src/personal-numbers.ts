/**
 * The one place that recognises a resident's personal numbers: mobiles (with or without +86,
 * spaced or dashed, full-width or spoken digits too) and 15- or 18-character ID numbers whatever their
 * checksum (a typo in the check digit is still her ID number). Office landlines ("0579-…") are not
 * personal: a guide answer in a group needs them. Every channel's group posts and every log line
 * go through `maskPersonalNumbers`.
 */
const PERSONAL_NUMBER = /(?<![\dA-Za-z])(?:(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}|\d{17}[\dXx]|\d{15})(?![\dA-Za-z])/g;

/** Digits as voice typing writes them: "幺三五 七幺二八 四四零六". */
const SPOKEN_DIGIT: Record<string, string> = { 零: '0', 〇: '0', 洞: '0', 一: '1', 幺: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 拐: '7', 八: '8', 九: '9', 勾: '9' };
/** A run of eleven digits or more, typed or spoken, with the spaces and dashes between them. */
const DIGIT_RUN = /[零〇洞一幺二两三四五六七拐八九勾\d](?:[ -]?[零〇洞一幺二两三四五六七拐八九勾\d]){10,}/g;

/**
 * Full-width digits count as digits, and so do spoken ones in a run as long as a phone number;
 * one character for one, so that positions hold. The rest of the text stays as it is.
 */
export function plainDigits(text: string): string {
  return text
    .replace(/[０-９＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(DIGIT_RUN, (run) => run.replace(/./g, (c) => SPOKEN_DIGIT[c] ?? c));
}

/** Masks every mobile and ID number, keeping the first three and last two characters. */
export function maskPersonalNumbers(text: string): string {
  return plainDigits(text).replace(PERSONAL_NUMBER, (number) => `${number.slice(0, 3)}****${number.slice(-2)}`);
}

/** The words that lead in a number left for a call back ("我电话", "联系方式："). */
const CONTACT_LEAD_IN = /(?:我的|我|本人|家里|联系)?(?:电话|手机号?|号码|联系方式|身份证号?)(?:号码)?(?:是|为|：|:)?\s*$/;

/**
 * The text with every mobile and ID number left out, with the words that lead it in ("我电话"), for
 * readers that must not learn from them: a contact detail says nothing of what happened.
 */
export function withoutContactDetails(text: string): string {
  const digits = plainDigits(text);
  let out = '';
  let from = 0;
  for (const match of digits.matchAll(PERSONAL_NUMBER)) {
    out += digits.slice(from, match.index).replace(CONTACT_LEAD_IN, '');
    from = match.index + match[0].length;
  }
  return out + digits.slice(from);
}

/** Whether the text holds a mobile or ID number (what `maskPersonalNumbers` would mask). */
export function hasPersonalNumber(text: string): boolean {
  return plainDigits(text).search(PERSONAL_NUMBER) !== -1;
}
