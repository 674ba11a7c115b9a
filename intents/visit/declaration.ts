import type { Directive } from '../../src/engine/directive.ts';
import type { IntentDeclaration } from '../../src/nlu/intent-declaration.ts';

/** An agent's report from the agent's own chat: "办结 V000123 即办件 已递交", "未办成 V000123 材料不全". */
const AGENT_OUTCOME = /^(办结|已办结|办好了|未办成|没办成|未办结)\s*[:：]?\s*(V\d{6})\s*(即办件|承诺件|补办件|联办件|退回件|代理件)?\s*[,，。]?\s*(.*)$/is;

/** The outcome report as the visit intent's `outcome` action: done or not, the visit, the case kind, the note. */
function agentReport(text: string): Directive | undefined {
  const outcome = AGENT_OUTCOME.exec(text.trim());
  if (!outcome) return undefined;
  const done = /^(办结|已办结|办好了)$/.test(outcome[1]!) ? 'done' : 'not_done';
  return { kind: 'action', intent: 'visit', action: 'outcome', args: [done, outcome[2]!.toUpperCase(), outcome[3] ?? '', outcome[4]!.trim()] };
}

/** Book a proxy-agent home visit (帮办代办上门). */
export const visit: IntentDeclaration = {
  name: 'visit',
  description: '预约代办员上门帮办代办',
  command: agentReport,
};

/** Everything the booking conversation says, in one place. */
export const VISIT_PROMPTS = {
  intro: '好的，帮您预约村代办员上门帮办代办。',
  introFor: (item: string) => `好的，帮您预约村代办员上门帮办代办【${item}】（要办别的事，确认前可以改）。`,
  /** Asked whether the agent can come ("代办员能上门帮他们递材料吗"): the answer first, then the booking, which she may decline. */
  canVisit: (item: string | undefined) =>
    `可以，${item ? `【${item}】` : '行动不便的老人、残疾人、重病、独居和烈属家庭的事'}村代办员能上门帮办代办。要约的话我这就帮您登记；只是先问问，回复"取消"就行。`,
  item: '请问要代办员上门办哪件事？比如"高龄津贴""残疾人证"。',
  itemUnknown: '没听明白要办哪件事，请说事项名称，比如"高龄津贴"。',
  itemWhich: '有几件相近的事，您要办的是哪一项？回复序号就行：',
  itemVisitUnknown: (name: string, phone: string) =>
    `【${name}】代办员能不能上门办、家属能不能代办，指南里还没有写明，不敢乱说。请先打咨询电话${phone}问清楚。\n可以换一件事，或回复"取消"。`,
  /** What the guide says of who may do it (attendanceLine): family often may, where the agent may not come. */
  itemNotVisitable: (name: string, whoMay: string, place: string) => `【${name}】代办员不能上门代办。${whoMay}\n办理地点：${place}\n可以换一件事，或回复"取消"。`,
  forWhom: '是给您自己约，还是帮家里人约？',
  forWhomInvalid: '请回复"自己"或"帮家人"。',
  relation: '您是办事人的什么人？比如"儿子""女儿""邻居"。',
  relationInvalid: '请说一下您和办事人的关系，比如"儿子"。',
  nameSelf: '请问您叫什么名字？',
  nameOther: '请问办事人（老人）叫什么名字？',
  phone: '留一个联系电话，代办员上门前会打给您。',
  village: (names: string) => `住在哪个村？（${names}）`,
  address: '住在村里哪个组、门牌多少？比如"3组12号"。',
  addressInvalid: '请写一下组和门牌，比如"3组12号"。',
  ageSelf: '请问您今年多大年纪？',
  ageOther: '请问办事人今年多大年纪？',
  ageInvalid: '请说年龄的数字，比如"82"。',
  reasons: '上门服务是给行动不便的困难群众的。请说一下办事人的情况：有没有残疾、重病、独居（孤寡）或是烈属？都没有请回复"没有"。',
  reasonsInvalid: '请回复"残疾""重病""独居"或"烈属"，都不是请回复"没有"。',
  date: (today: string) => `想约哪天上门？比如"明天""下周一"（今天是${today}）。`,
  dateInvalid: '没看懂日期，请说"明天""后天""下周二"或"11月28日"这样的日子。',
  half: '上午还是下午？',
  slotPassed: '您选的时间已经过了或约不了了，请换一个时间。',
  halfInvalid: '请回复"上午"或"下午"。',
  summaryTitle: '预约上门的信息',
  groupHandoff: '预约要填电话、住址这些个人信息，不在群里说。我已私聊您，请在私聊里接着填。',
  abandoned: '好的，这次预约取消了，什么都没有登记。需要时再找我。',
  notEligible: (why: string) => `${why}\n上门服务主要给年迈、残疾、重病、孤寡老人和烈属家庭。您可以：`,
  booked: (id: string, agentName: string, when: string, itemName: string, sameDay: boolean) =>
    `预约成功！编号${id}。\n代办员${agentName}会在${when}上门帮您办【${itemName}】，上门前会打电话。${sameDay ? '要准备的材料，问我"要带什么"就行。' : '前一天还会提醒您要准备的材料。'}\n要改时间或取消，回复"我的预约"。`,
  full: '这个时间代办员都约满了。下面这几个时间有空，回复序号选一个：',
  cancelAsk: (id: string, what: string) => `要取消预约${id}（${what}）吗？回复序号：`,
  cancelYes: '取消这个预约',
  keepNo: '不取消，时间不变',
  kept: (id: string, what: string) => `好的，预约${id}不变，还是${what}。`,
  noAgent: '这几天附近没有能上门办这件事的代办员。请打电话给村里或镇便民服务中心预约：',
} as const;
