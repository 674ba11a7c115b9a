/**
 * Whom a booking message speaks of, as features for the for-whom reader (the model weighs them):
 * the writer giving her own age ("我82岁", "我今年八十五了") and the writer naming a relative as
 * "my …" ("我妈", "我家老头子", "我婆婆"). Character n-grams alone could not tell "我叫吴阿九…我82岁"
 * (for herself) from "我叫李梅，我妈82岁" (for her mother): "我叫" is in both, and the age's
 * digits are different in every message.
 */
const OWN_AGE = /我(?:今年|都|已经)?\s*(?:\d{2,3}|[一二三四五六七八九]?十[一二三四五六七八九]?|一百)\s*(?:周岁|岁|了|多)/;
const MY_RELATIVE = /(?:我|俺|我们)(?:家|屋里|家里)?(?:的)?(?:妈|娘|爸|爹|母亲|父亲|奶奶|爷爷|外婆|外公|阿婆|阿公|婆婆|公公|老丈人|丈母娘|岳母|岳父|老伴|老头子|老太婆|老婆|老公|爱人|哥|姐|弟|妹|舅|叔|伯|姑|姨|婶|儿子|女儿|孙子|孙女|太婆|太公)/;

export function personFeatures(text: string): string[] {
  const features: string[] = [];
  if (OWN_AGE.test(text)) features.push('person:own-age');
  if (MY_RELATIVE.test(text)) features.push('person:my-relative');
  return features;
}
