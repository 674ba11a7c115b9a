/**
 * How a resident steers a form in her own words: confirming, asking to change, abandoning, or
 * only acknowledging. A reply may say several at once ("对的 确认", "好的没问题", "是的 取消"):
 * it counts when every part of it is such a word, and the strongest act wins (abandon over change
 * over confirm), because "是的" only agrees with what follows it.
 */
export type FormAct = 'affirm' | 'change' | 'abandon' | 'acknowledge';

const AFFIRM = /^(确认|确定|确认预约|确认提交|是|是的|是滴|是个|对|对的|对滴|对个|对啊|好|好的|好嘞|好滴|好个|好额|要得|没错|没问题|没有问题|可以|可以的|可以个|行|行的|中|中嘞|ok|okay|嗯|嗯嗯|嗯呐|就这样|就这么办|提交吧?)$/i;
const CHANGE = /^(不对|不是|错了|有错|改|改一下|修改|要改|我要改|改改|不对头)$/;
const ACKNOWLEDGE = /^(哦|噢|嗯哼|收到|知道了|晓得了|谢谢|好吧|行吧)$/;
const ABANDON_WORDS = '取消|算了|算啦|不改了|不约了|不办了|不要了|退出|不用了|不预约了|取消预约|不弄了|不搞了|不反映了|不投诉了|不举报了|不说了|不填了';
const ABANDON = new RegExp(`^(?:还是|那就|那)?(?:${ABANDON_WORDS})吧?$`);
/** A short message that begins with "算了" or ends by dropping it ("那个投诉我不要了，撤回吧"). */
const ABANDON_SENTENCE = new RegExp(`^(算了|算啦)(?:[，,。 ]|${ABANDON_WORDS})|(?<![被给])(不要了|不弄了|不反映了|不投诉了|不办了|不约了|不说了|不填了|不搞了|撤回|撤了|取消)吧?[。.!！]*$`);
const PARTS = /[\s，,。.!！、~～]+/;

function actOf(part: string): FormAct | undefined {
  if (ABANDON.test(part)) return 'abandon';
  if (CHANGE.test(part)) return 'change';
  if (AFFIRM.test(part)) return 'affirm';
  if (ACKNOWLEDGE.test(part)) return 'acknowledge';
  return undefined;
}

const STRENGTH: Record<FormAct, number> = { acknowledge: 0, affirm: 1, change: 2, abandon: 3 };

/** The act a message performs when it is made only of steering words; undefined otherwise. */
export function formActOf(text: string): FormAct | undefined {
  const parts = text.trim().split(PARTS).filter(Boolean);
  if (parts.length === 0 || parts.length > 4) return undefined;
  let strongest: FormAct | undefined;
  for (const part of parts) {
    const act = actOf(part);
    if (!act) return undefined;
    if (!strongest || STRENGTH[act] > STRENGTH[strongest]) strongest = act;
  }
  return strongest;
}

/** Whether the text abandons the form ("取消", "算了 不投诉了", "算了，那个投诉我不要了，撤回吧"). */
export function isAbandon(text: string): boolean {
  const said = text.trim();
  // "算了算了，还是改回周三": what she settles on after 算了 is no stopping.
  const settled = settledPart(said);
  const says = [...settled].filter((c) => /\p{Script=Han}/u.test(c)).length >= 3;
  if (settled !== said && says && formActOf(settled) !== 'abandon' && !ABANDON_SENTENCE.test(settled)) return false;
  return formActOf(said) === 'abandon' || (said.length <= 24 && ABANDON_SENTENCE.test(said));
}

/** Whether the text only steers the conversation ("确认", "修改", "好的"): it answers no free-text question. */
export function isControlWord(text: string): boolean {
  return formActOf(text) !== undefined || isAbandon(text);
}

/** Where she changes her mind mid-message ("匿名吧……算了还是写名字"): what follows is what stands. */
const CHANGE_OF_MIND = /算了|还是|想了想|想想|不过|后来/g;

/** What a message settles on: the words after its last change of mind, or all of it. */
export function settledPart(text: string): string {
  const marks = [...text.matchAll(CHANGE_OF_MIND)];
  const last = marks.at(-1);
  if (!last || last.index === 0) return text;
  const rest = text.slice(last.index + last[0].length).trim();
  return /[\p{Script=Han}\d]/u.test(rest) ? rest : text;
}

/** Words that take back something said before: what follows them corrects it ("哦不对，改成周四吧，下午"). */
const CORRECTS = /不对|改成|改到|换成|换到|说错|搞错|弄错|写错|打错|不是[^，,。.!！?？]{0,8}是/;

/** Whether the text corrects something said before, besides answering the question asked. */
export function isCorrection(text: string): boolean {
  return CORRECTS.test(text);
}

const QUESTION = /[?？]|[吗呢么伐]$|什么|怎么|为什么|为啥|咋|哪些|哪里|哪儿|在哪|多少|多久|多长时间|能不能|可不可以|要不要|是不是|有没有|几点/;

/** Whether the text asks something ("低保要带什么材料", "几点来？"). */
export function isQuestion(text: string): boolean {
  return QUESTION.test(text.trim());
}
