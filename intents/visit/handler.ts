import { FormRunner, type FormState, type Slots } from '../../src/engine/form.ts';
import type { IntentContext, IntentHandler } from '../../src/engine/intent.ts';
import { whereToReachPeople } from '../../src/knowledge/contacts.ts';
import type { Reply } from '../../src/message.ts';
import { CASE_KINDS, type EligibilityReason, type HalfDay, type SlotOffer, type VisitRequest } from '../../src/visits/types.ts';
import { VISIT_PROMPTS as P } from './declaration.ts';
import { describeSlot, findItem, VISIT_SLOTS, type VisitFormContext } from './slots.ts';

const form = new FormRunner<VisitFormContext>(VISIT_SLOTS, P.summaryTitle);
const rescheduleForm = new FormRunner<VisitFormContext>(
  VISIT_SLOTS.filter((spec) => spec.name === 'date' || spec.name === 'half'),
  P.summaryTitle,
);
const RESCHEDULE = /改时间|改约|改到|改个时间|换个时间|换时间|推迟|提前|改日子|改天/;
/** Said while changing a visit's time: the visit itself is not wanted any more. */
const CANCEL_VISIT = /取消预约|取消上门|不约了|不预约了|不要上门|不用上门|不用来了|不要来了|不办了/;

function formContext(context: IntentContext): VisitFormContext {
  return { knowledge: context.services.knowledge.current, visits: context.services.visits, now: context.now };
}

function regularRoute(context: IntentContext, village?: string): string {
  return whereToReachPeople(context.services.knowledge.current.base, village ?? context.session.village);
}

function slotButtons(offers: SlotOffer[]) {
  return offers.map((offer) => ({
    label: `${describeSlot(offer.slot.date, offer.slot.half)}，代办员${offer.agentName}`,
    value: `#slot:${offer.slot.date}:${offer.slot.half}`,
  }));
}

/** Stops the form when what is known already rules the visit out, with the regular route. */
function ineligible(context: IntentContext, state: FormState, vc: VisitFormContext): Reply[] | undefined {
  const { age, reasons } = state.slots;
  if (age === undefined) return undefined;
  if (reasons === undefined && form.isMissing(state, 'reasons', vc)) return undefined;
  const verdict = vc.visits.eligibility((reasons as EligibilityReason[] | undefined) ?? [], Number(age));
  if (verdict.eligible) return undefined;
  delete context.session.form;
  const village = state.slots.village as string | undefined;
  return [{ text: `${P.notEligible(verdict.why)}\n${regularRoute(context, village)}\n也可以先问我"要带什么材料"，准备好了再去。`, private: true }];
}

async function book(context: IntentContext, state: FormState, vc: VisitFormContext): Promise<Reply[]> {
  const s = state.slots;
  // The time may have passed since it was said (a morning confirmed after noon): ask again.
  const problem = vc.visits.checkSlot({ date: String(s.date), half: s.half as HalfDay }, context.now);
  if (problem) {
    delete s.date;
    delete s.half;
    const step = form.prompt(state, vc, P.slotPassed);
    return step.kind === 'ask' || step.kind === 'confirm' ? step.replies : [];
  }
  const age = Number(s.age);
  const reasons = [...((s.reasons as EligibilityReason[] | undefined) ?? [])];
  if (vc.visits.eligibility(['年迈'], age).eligible && !reasons.includes('年迈')) reasons.unshift('年迈');
  const request: VisitRequest = {
    itemId: String(s.item),
    residentName: String(s.residentName),
    phone: String(s.phone),
    village: String(s.village),
    address: String(s.address),
    reasons,
    age,
    ...(s.forOther === 'yes' && s.relation ? { relation: String(s.relation) } : {}),
    slot: { date: String(s.date), half: s.half as HalfDay },
    contact: { channel: context.message.channel, chat: context.message.chat, user: context.message.user },
  };
  const result = await vc.visits.book(request, context.now);
  if (result.ok) {
    delete context.session.form;
    const item = vc.knowledge.itemsById.get(request.itemId);
    return [
      {
        text: P.booked(result.visit.id, result.agentName, describeSlot(request.slot.date, request.slot.half), item?.name ?? request.itemId),
        private: true,
      },
    ];
  }
  if (result.alternatives.length === 0) {
    delete context.session.form;
    return [{ text: `${P.noAgent}\n${regularRoute(context, request.village)}`, private: true }];
  }
  // Offer the free half-days; picking one books it at once (everything else was confirmed).
  delete s.date;
  delete s.half;
  s.offered = 'yes';
  state.stage = 'filling';
  state.asking = 'date';
  return [{ text: P.full, buttons: slotButtons(result.alternatives), private: true }];
}

/**
 * The home-visit booking conversation: a form over the slots in `slots.ts`, started from any
 * message that asks for a visit (taking everything it already says), moved to the private chat
 * when begun in a group, checked for eligibility as soon as age and circumstances are known,
 * confirmed with a summary and booked through the visit service.
 */
export const handleVisit: IntentHandler = async (context) => {
  const vc = formContext(context);
  const { session, directive } = context;

  if (directive?.kind === 'action' && directive.action === 'outcome') return recordOutcome(context, directive.args);
  if (directive?.kind === 'action' && directive.action === 'keep' && directive.args[0]) return keepVisit(context, directive.args[0]);
  if (directive?.kind === 'action' && directive.action === 'reschedule' && directive.args[0]) {
    return startReschedule(context, vc, directive.args[0]);
  }
  if (session.form?.intent === 'visit' && session.form.slots.rescheduleId) return continueReschedule(context, vc);
  if (!session.form && RESCHEDULE.test(context.text)) {
    const { channel, user } = context.message;
    const booked = (await vc.visits.listForContact({ channel, user })).filter((v) => v.status === 'booked');
    if (booked.length === 1) return startReschedule(context, vc, booked[0]!.id);
    if (booked.length > 1) {
      return [
        {
          text: '要改哪一个预约？回复序号：',
          private: true,
          buttons: booked.map((v) => ({ label: `${v.id}【${v.itemName}】${describeSlot(v.slot.date, v.slot.half)}`, value: `#do:visit:reschedule:${v.id}` })),
        },
      ];
    }
  }

  if (!session.form || session.form.intent !== 'visit') {
    const preset: Slots = session.village ? { village: session.village } : {};
    // "能上门帮办吗" right after a guide answer is about the item just answered.
    const inContext = session.lastItemId && !findItem(context.text, vc) ? vc.knowledge.itemsById.get(session.lastItemId) : undefined;
    if (inContext && vc.visits.canVisitFor(inContext.id)) preset.item = inContext.id;
    const started = form.start('visit', context.text, vc, context.now, preset);
    const blocked = ineligible(context, started.form, vc);
    const step = blocked ? undefined : form.prompt(started.form, vc, started.problem);
    const intro = preset.item && inContext ? P.introFor(inContext.name) : P.intro;
    const replies = blocked ?? [{ text: intro }, ...(step && 'replies' in step ? step.replies : [])];
    if (context.message.chatType === 'group') {
      if (!blocked) await context.continuePrivately(started.form, replies);
      return [{ text: P.groupHandoff, privateHandoff: true }];
    }
    if (!blocked) session.form = started.form;
    return replies;
  }

  const state = session.form;
  const step = form.step(state, context.text, vc);
  if (step.kind === 'abandoned') {
    delete session.form;
    return [{ text: P.abandoned }];
  }
  const blocked = ineligible(context, state, vc);
  if (blocked) return blocked;
  if (step.kind === 'done') return book(context, state, vc);
  if (step.kind === 'confirm' && state.slots.offered === 'yes') return book(context, state, vc);
  return step.replies;
};

async function startReschedule(context: IntentContext, vc: VisitFormContext, visitId: string): Promise<Reply[]> {
  const visit = await vc.visits.get(visitId);
  const { channel, user } = context.message;
  if (!visit || visit.contact.channel !== channel || visit.contact.user !== user || visit.status !== 'booked') {
    return [{ text: `没找到您名下待上门的预约${visitId}。回复"我的预约"看看有哪些。` }];
  }
  const started = rescheduleForm.start('visit', context.text, vc, context.now, { rescheduleId: visit.id });
  if (context.message.chatType === 'group') {
    // Asked in the group: the questions (and the answers) belong in the private chat.
    const step = rescheduleForm.prompt(started.form, vc, started.problem);
    if (step.kind === 'ask') {
      await context.continuePrivately(started.form, step.replies);
      return [{ text: P.groupHandoff, privateHandoff: true }];
    }
  }
  context.session.form = started.form;
  return continueReschedule(context, vc, started.problem, true);
}

async function continueReschedule(context: IntentContext, vc: VisitFormContext, problem?: string, fresh = false): Promise<Reply[]> {
  const state = context.session.form!;
  if (!fresh && CANCEL_VISIT.test(context.text)) return askToCancel(context, String(state.slots.rescheduleId));
  const step = fresh ? rescheduleForm.prompt(state, vc, problem) : rescheduleForm.step(state, context.text, vc);
  if (step.kind === 'abandoned') {
    delete context.session.form;
    return [{ text: '好的，不改了，预约时间不变。' }];
  }
  if (step.kind === 'ask') return step.replies;
  const visitId = String(state.slots.rescheduleId);
  const slot = { date: String(state.slots.date), half: state.slots.half as HalfDay };
  const result = await vc.visits.reschedule(visitId, slot, context.now);
  if (result.ok) {
    delete context.session.form;
    return [{ text: `改好了：预约${visitId}改到${describeSlot(slot.date, slot.half)}，代办员${result.agentName}上门。`, private: true }];
  }
  delete state.slots.date;
  delete state.slots.half;
  state.stage = 'filling';
  state.asking = 'date';
  if (result.alternatives.length === 0) {
    delete context.session.form;
    return [{ text: `那几天代办员都排满了，预约时间没改。请打电话商量：\n${regularRoute(context)}`, private: true }];
  }
  return [{ text: P.full, buttons: slotButtons(result.alternatives), private: true }];
}

/**
 * "取消预约" while changing a visit's time: the time stays as it is, and the resident is asked
 * whether to cancel the visit (the cancel intent does it, from the button).
 */
async function askToCancel(context: IntentContext, visitId: string): Promise<Reply[]> {
  delete context.session.form;
  const visit = await context.services.visits.get(visitId);
  if (!visit || visit.status !== 'booked') return [{ text: '好的，不改了。' }];
  const what = `${describeSlot(visit.slot.date, visit.slot.half)}【${visit.itemName}】`;
  return [
    {
      text: P.cancelAsk(visit.id, what),
      private: true,
      buttons: [
        { label: P.cancelYes, value: `#do:cancel:visit:${visit.id}` },
        { label: P.keepNo, value: `#do:visit:keep:${visit.id}` },
      ],
    },
  ];
}

/** "不取消": the visit stays as booked. */
async function keepVisit(context: IntentContext, visitId: string): Promise<Reply[]> {
  const visit = await context.services.visits.get(visitId);
  const { channel, user } = context.message;
  if (!visit || visit.contact.channel !== channel || visit.contact.user !== user || visit.status !== 'booked') {
    return [{ text: '好的。回复"我的预约"可以看看您的预约。' }];
  }
  return [{ text: P.kept(visit.id, `${describeSlot(visit.slot.date, visit.slot.half)}【${visit.itemName}】`) }];
}

/** An agent reports a visit's outcome from the agent's linked chat; the resident is then asked to rate. */
async function recordOutcome(context: IntentContext, [done, visitId, caseKind, note]: string[]): Promise<Reply[]> {
  const { visits } = context.services;
  const { channel, user } = context.message;
  const agent = await visits.agentForUser(channel, user);
  const visit = visitId ? await visits.get(visitId) : undefined;
  if (!agent) return [{ text: '只有绑定了聊天的代办员才能登记办理结果。请联系镇便民服务中心绑定。' }];
  if (!visit || visit.agentId !== agent.id) return [{ text: `没找到分给您的预约${visitId}。` }];
  const kind = CASE_KINDS.find((k) => k === caseKind) ?? null;
  const updated = await visits.recordOutcome(visit.id, { done: done === 'done', caseKind: kind, note: note ?? '' }, context.now);
  const result = updated.outcome?.done ? `办结${kind ? `（${kind}）` : ''}` : '未办成';
  return [{ text: `已登记：${visit.id}【${visit.itemName}】${result}。${updated.outcome?.done ? '已请群众评价。' : ''}` }];
}
