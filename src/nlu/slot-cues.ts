/**
 * Cues a choice-slot reader weighs beside the message's n-grams (`SLOT_READERS`): facts about the
 * whole message that n-grams cannot see, learnt from like any other feature.
 *
 * Whom a booking speaks of: the writer giving her own age ("我82岁", "我今年八十五了"), naming a
 * relative as "my …" ("我妈", "我家老头子", "我婆婆"), or naming nobody else at all. Character
 * n-grams alone could not tell "我叫吴阿九…我82岁" (for herself) from "我叫李梅，我妈82岁" (for her
 * mother): "我叫" is in both, and the age's digits are different in every message.
 */
const OWN_AGE = /我(?:今年|都|已经)?\s*(?:\d{2,3}|[一二三四五六七八九]?十[一二三四五六七八九]?|一百)\s*(?:周岁|岁|了|多)/;
const KIN = '妈|娘|爸|爹|母亲|父亲|奶奶|爷爷|外婆|外公|阿婆|阿公|婆婆|公公|老丈人|丈母娘|岳母|岳父|老伴|老头子|老太婆|老婆|老公|爱人|哥|姐|弟|妹|舅|叔|伯|姑|姨|婶|儿子|女儿|孙子|孙女|太婆|太公';
const MY_RELATIVE = new RegExp(`(?:我|俺|我们)(?:家|屋里|家里)?(?:的)?(?:${KIN})`);
/** Anyone but the writer: a relative, a neighbour, "他/她", "老人家". */
const SOMEONE_ELSE = new RegExp(`${KIN}|(?<!其)他|她|老人家|邻居|隔壁|朋友|亲戚|同事`);

export function personFeatures(text: string): string[] {
  const features: string[] = [];
  if (OWN_AGE.test(text)) features.push('person:own-age');
  if (MY_RELATIVE.test(text)) features.push('person:my-relative');
  if (!SOMEONE_ELSE.test(text)) features.push('person:nobody-else');
  return features;
}

/** Words that name the morning or the afternoon themselves. */
const MORNING = /上午|早上|早晨|清早|一早|上半天|早饭后/;
const AFTERNOON = /下午|下半天|午后|傍晚|午饭后|中饭后|吃过中饭/;

/**
 * Which half of the day a message names in so many words, or that it names neither: "中午" or
 * "随便" says neither, and a reader that only saw "中午前" (the morning) took every "中午" for one.
 */
export function halfDayFeatures(text: string): string[] {
  const morning = MORNING.test(text);
  const afternoon = AFTERNOON.test(text);
  if (morning && afternoon) return ['half:both-named'];
  if (morning) return ['half:morning-named'];
  if (afternoon) return ['half:afternoon-named'];
  return ['half:neither-named'];
}
