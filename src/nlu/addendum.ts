const ADDS = /^(对了[，,]?忘了说|忘了说|刚才忘了|补充一下?|再补充)/;
const NOT_AN_ADDITION = /也|另外一|别的事|不用处理|不用了|撤回|取消|1[3-9]\d{9}/;

/**
 * "对了忘了说…", "补充一下…": a message that adds to what the resident just reported. A bare
 * "对了" or "还有" is not enough (it often starts a new matter), nor is a message that names a
 * second problem ("也坏了"), withdraws ("不用处理了") or gives a phone number.
 */
export function isAddendum(text: string): boolean {
  const said = text.trim();
  return ADDS.test(said) && !NOT_AN_ADDITION.test(said);
}
