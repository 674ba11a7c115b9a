const ADDS = /^(对了[，,]?忘了说|忘了说|刚才忘了|补充一下?|再补充)/;
const NOT_AN_ADDITION = /也|另外一|别的事|不用处理|不用了|撤回|取消|1[3-9]\d{9}/;
/** Saying outright that it adds to a report already made: "我要补充一下…", "…补充进去", "加到上次那条里". */
const SUPPLEMENT = /补充|加进去|加到(?:上次|那条|那个|T\d{6})|添上|追加/i;
const WITHDRAWS = /不用处理|不用了|撤回|取消/;

/**
 * "对了忘了说…", "补充一下…": a message that adds to what the resident just reported. A bare
 * "对了" or "还有" is not enough (it often starts a new matter), nor is a message that names a
 * second problem ("也坏了"), withdraws ("不用处理了") or gives a phone number.
 */
export function isAddendum(text: string): boolean {
  const said = text.trim();
  return (ADDS.test(said) && !NOT_AN_ADDITION.test(said)) || isSupplement(said);
}

/**
 * A message that says outright it adds to a report made before, whenever that was ("我要补充一下，
 * 一起干活的还有五个人也没拿到钱", "今天又烧了…补充进去"): the "也" of a second problem does
 * not make it a new one when she says it is an addition.
 */
export function isSupplement(text: string): boolean {
  const said = text.trim();
  return SUPPLEMENT.test(said) && !WITHDRAWS.test(said);
}
