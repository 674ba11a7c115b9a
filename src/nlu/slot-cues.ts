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
/** Kin terms as villagers write them ("我妈", "她婆婆"). */
export const KIN = '妈|娘|爸|爹|母亲|父亲|奶奶|爷爷|外婆|外公|阿婆|阿公|婆婆|公公|老丈人|丈母娘|岳母|岳父|老伴|老头子|老太婆|老婆|老公|爱人|哥|姐|弟|妹|舅|叔|伯|姑|姨|婶|儿子|女儿|孙子|孙女|太婆|太公';
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
const MORNING = /上午|早上|早晨|清早|一早|上半天|上昼|上半日|早饭后|\bam\b/gi;
const AFTERNOON = /下午|下半天|午后|傍晚|下昼|下半日|午饭后|中饭后|吃过中饭|\bpm\b/gi;
/** Said just before a half-day, it is turned down: "不要上午", "别下午", "不是上午". */
const REFUSED_BEFORE = /(?:不要|不是|别|不能|不行|弗要|莫)(?:在|是)?$/;
/** Said just after: "上午不行", "下午没空", "上午弗得空". */
const REFUSED_AFTER = /^(?:的话)?(?:不行|不方便|没空|没时间|不在家|不在|不得空|弗行|弗得空|弗方便|有事|要上班|不可以)/;

/** How a message speaks of one half of the day: asked for, turned down, or not at all. */
export type HalfMention = 'named' | 'refused' | undefined;

function mention(text: string, words: RegExp): HalfMention {
  let refused = false;
  for (const match of text.matchAll(words)) {
    const before = text.slice(Math.max(0, match.index - 3), match.index);
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + 6);
    if (REFUSED_BEFORE.test(before) || REFUSED_AFTER.test(after)) refused = true;
    else return 'named';
  }
  return refused ? 'refused' : undefined;
}

/** What a message says of the morning and of the afternoon. */
export function halfDayMentions(text: string): { am: HalfMention; pm: HalfMention } {
  return { am: mention(text, MORNING), pm: mention(text, AFTERNOON) };
}

/**
 * Which half of the day a message names in so many words, or turns down, or that it names neither:
 * "中午" or "随便" says neither, and a reader that only saw "中午前" (the morning) took every "中午"
 * for one; "不要上午" names the morning only to refuse it.
 */
export function halfDayFeatures(text: string): string[] {
  const { am, pm } = halfDayMentions(text);
  if (am === 'named' && pm === 'named') return ['half:both-named'];
  const features = [am && `half:morning-${am}`, pm && `half:afternoon-${pm}`].filter((f): f is string => Boolean(f));
  return features.length ? features : ['half:neither-named'];
}
