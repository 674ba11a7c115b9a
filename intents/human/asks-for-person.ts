/**
 * The `human` intent covers two acts the corpus does not yet tell apart: "whom can I call"
 * (代办员电话多少, 便民中心几点开门: answered with the offices' numbers) and "let me talk to a person
 * now" (找人工, 我要跟工作人员说: a handoff to the staff inbox). Until the corpus labels the act,
 * this narrow rule decides which; it errs towards the numbers, which also name a person to call.
 */
const WANTS_A_PERSON = /人工|真人|转人|客服|(跟|和|同|给|让)(你们)?(的)?(工作人员|干部|代办员|人)(说|讲|聊|谈|反映|联系|回)|找(个)?(工作人员|干部|人)(?!.{0,8}(电话|号码|手机|在哪|地址|几点|时间|开门|上班))/;
const ASKS_FOR_DETAILS = /电话|号码|在哪|地址|几点|开门|上班时间/;

/** Whether the resident asks to be put through to a person (not merely for a number). */
export function asksForPerson(text: string): boolean {
  return WANTS_A_PERSON.test(text) && !(ASKS_FOR_DETAILS.test(text) && !/人工|真人|转人/.test(text));
}
