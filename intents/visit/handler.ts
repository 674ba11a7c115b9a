import { readingsFor } from '../../src/nlu/slot-readers.ts';
import { actionValue, encodeDirective } from '../../src/engine/directive.ts';
import { FormRunner, type FormState, type FormStep } from '../../src/engine/form.ts';
import { say, type HandlerResult, type IntentContext, type IntentHandler } from '../../src/engine/intent.ts';
import { whereToReachPeople } from '../../src/knowledge/contacts.ts';
import { privateChatOf } from '../../src/engine/session.ts';
import { whoAnswers } from '../../src/staff/office-hours.ts';
import type { Reply } from '../../src/message.ts';
import { CASE_KINDS, type SlotOffer, type VisitRequest } from '../../src/visits/types.ts';
import { shanghaiToday } from '../../src/nlu/dates.ts';
import { VISIT_PROMPTS as P } from './declaration.ts';
import {
  describeSlot,
  findItem,
  RESCHEDULE_FORM,
  RESCHEDULE_SLOTS,
  VISIT_FORM,
  VISIT_SLOTS,
  type RescheduleSlots,
  type VisitFormContext,
  type VisitSlots,
} from './slots.ts';

const booking = new FormRunner(VISIT_SLOTS, P.summaryTitle);
const moving = new FormRunner(RESCHEDULE_SLOTS, P.summaryTitle);
const RESCHEDULE = /改时间|改约|改到|改回|改成|改个时间|换个时间|换时间|换到|挪到|推迟|延后|提前|改日子|改天/;
/** Said while changing a visit's time: the visit itself is not wanted any more. */
const CANCEL_VISIT = /取消预约|取消上门|不约了|不预约了|不要上门|不用上门|不用来了|不要来了|不办了/;

/** What the forms' readers consult; the turn's own retrieval stands for the message itself. */
function formContext(context: IntentContext): VisitFormContext {
  const knowledge = context.services.knowledge.current;
  const u = context.understanding;
  return {
    knowledge,
    visits: context.services.visits,
    now: context.now,
    retrieve: (text) => (text === u.text ? u.retrieval : knowledge.retriever.retrieve(text)),
    said: readingsFor(u),
  };
}

function regularRoute(context: IntentContext, village?: string): string {
  return whereToReachPeople(context.services.knowledge.current.base, village ?? context.session.village);
}

function slotButtons(offers: SlotOffer[]) {
  return offers.map((offer) => ({
    label: `${describeSlot(offer.slot.date, offer.slot.half)}，代办员${offer.agentName}`,
    value: encodeDirective({ kind: 'slot', date: offer.slot.date, half: offer.slot.half }),
  }));
}

/** The replies of a form step that asks or confirms (a done or abandoned step has none). */
function repliesOf<S>(step: FormStep<S>): Reply[] {
  return step.kind === 'ask' || step.kind === 'confirm' ? step.replies : [];
}

/** When what is known already rules the visit out: the regular route instead, and the form closed. */
function ineligible(context: IntentContext, form: FormState<VisitSlots>, vc: VisitFormContext): HandlerResult | undefined {
  const { age, reasons, village } = form.slots;
  if (age === undefined) return undefined;
  if (reasons === undefined && booking.isMissing(form, 'reasons', vc)) return undefined;
  const verdict = vc.visits.eligibility(reasons ?? [], age);
  if (verdict.eligible) return undefined;
  return {
    replies: [{ text: `${P.notEligible(verdict.why)}\n${regularRoute(context, village)}\n也可以先问我"要带什么材料"，准备好了再去。`, private: true }],
    patch: { form: null },
  };
}

/** The booking's slots as the visit service takes them, once the form is complete. */
function requestOf(context: IntentContext, s: Partial<VisitSlots>, vc: VisitFormContext): VisitRequest {
  const reasons = [...(s.reasons ?? [])];
  if (vc.visits.eligibility(['年迈'], s.age).eligible && !reasons.includes('年迈')) reasons.unshift('年迈');
  return {
    itemId: s.item!,
    residentName: s.residentName!,
    phone: s.phone!,
    village: s.village!,
    address: s.address!,
    reasons,
    age: s.age!,
    ...(s.forOther && s.relation ? { relation: s.relation } : {}),
    slot: { date: s.date!, half: s.half! },
    contact: { channel: context.message.channel, chat: context.message.chat, user: context.message.user },
  };
}

async function book(context: IntentContext, form: FormState<VisitSlots>, vc: VisitFormContext): Promise<HandlerResult> {
  const s = form.slots;
  // The time may have passed since it was said (a morning confirmed after noon): ask again.
  if (vc.visits.checkSlot({ date: s.date!, half: s.half! }, context.now)) {
    const { date: _date, half: _half, ...rest } = s;
    const step = booking.prompt({ ...form, slots: rest }, vc, P.slotPassed);
    return { replies: repliesOf(step), patch: { form: 'form' in step ? step.form : null } };
  }
  const request = requestOf(context, s, vc);
  const result = await vc.visits.book(request, context.now);
  if (result.ok) {
    const item = vc.knowledge.itemsById.get(request.itemId);
    const when = describeSlot(request.slot.date, request.slot.half);
    const sameDay = request.slot.date === shanghaiToday(context.now);
    // What she asks next ("要带什么") is about the service just booked.
    return { replies: [{ text: P.booked(result.visit.id, result.agentName, when, item?.name ?? request.itemId, sameDay), private: true }], patch: { form: null, lastItemId: request.itemId } };
  }
  if (result.alternatives.length === 0) {
    return { replies: [{ text: `${P.noAgent}\n${regularRoute(context, request.village)}`, private: true }], patch: { form: null } };
  }
  const fullTries = (s.fullTries ?? 0) + 1;
  if (fullTries >= FULL_TRIES_FOR_A_PERSON) return handOver(context, request);
  // Offer the free half-days; picking one books it at once (everything else was confirmed).
  const { date: _date, half: _half, ...rest } = s;
  const offering: FormState<VisitSlots> = { ...form, slots: { ...rest, offered: true, fullTries }, stage: 'filling', asking: 'date' };
  return { replies: [{ text: P.full, buttons: slotButtons(result.alternatives), private: true }], patch: { form: offering } };
}

/** The third half-day found full in one booking: a person arranges it instead of a fourth list. */
const FULL_TRIES_FOR_A_PERSON = 3;

/** Puts the booking, as far as it got, into the staff's handoff inbox, and says so. */
function handOver(context: IntentContext, request: VisitRequest): HandlerResult {
  const conversation = privateChatOf(context.message);
  const item = context.services.knowledge.current.itemsById.get(request.itemId)?.name ?? request.itemId;
  const summary = `想约代办员上门办${item}（${request.village}，${request.residentName}），连着三次选的时间都约满了，请工作人员帮忙安排。`;
  return {
    replies: [{ text: `连着几个时间都约满了，我已经转给${whoAnswers(context.services.knowledge.current.base, request.village)}，会有人在这里跟您商量时间。`, private: true }],
    patch: { form: null },
    events: [{ kind: 'open_handoff', conversation, village: request.village, text: summary }],
  };
}

/** A new booking from the message that asked for it, taking everything it already says. */
async function startBooking(context: IntentContext, vc: VisitFormContext): Promise<HandlerResult> {
  const { session } = context;
  const preset: Partial<VisitSlots> = session.village ? { village: session.village } : {};
  // "能上门帮办吗" right after a guide answer is about the item just answered.
  const inContext = session.lastItemId && !findItem(context.text, vc) ? vc.knowledge.itemsById.get(session.lastItemId) : undefined;
  if (inContext && vc.visits.canVisitFor(inContext.id)) preset.item = inContext.id;
  const started = booking.start(VISIT_FORM.create(context.now, preset), context.text, vc);
  const blocked = ineligible(context, started.form, vc);
  if (blocked) return blocked;
  const step = booking.prompt(started.form, vc, started.problem);
  const form = 'form' in step ? step.form : started.form;
  const item = started.form.slots.item ? vc.knowledge.itemsById.get(started.form.slots.item) : undefined;
  // "代办员能上门帮他们递材料吗" asks first: it gets its answer, then the booking she may decline.
  const intro = context.understanding.cues.question ? P.canVisit(item?.name) : preset.item && inContext ? P.introFor(inContext.name) : P.intro;
  const replies = [{ text: intro }, ...repliesOf(step)];
  if (context.message.chatType === 'group') {
    return { replies: [{ text: P.groupHandoff, privateHandoff: true }], events: [{ kind: 'continue_privately', form, replies }] };
  }
  return { replies, patch: { form } };
}

/** One message of an open booking. */
async function continueBooking(context: IntentContext, vc: VisitFormContext, open: FormState<VisitSlots>): Promise<HandlerResult> {
  const step = booking.step(open, { text: context.text, directive: context.directive }, vc);
  if (step.kind === 'abandoned') return { replies: [{ text: P.abandoned }], patch: { form: null } };
  const blocked = ineligible(context, step.form, vc);
  if (blocked) return blocked;
  if (step.kind === 'done' || (step.kind === 'confirm' && step.form.slots.offered)) return book(context, step.form, vc);
  return { replies: step.replies, patch: { form: step.form } };
}

/** "改时间": which booked visit to move, when there are several. */
async function askWhichToMove(context: IntentContext, vc: VisitFormContext): Promise<HandlerResult | undefined> {
  const { channel, user } = context.message;
  const booked = (await vc.visits.listForContact({ channel, user })).filter((v) => v.status === 'booked');
  if (booked.length === 1) return startReschedule(context, vc, booked[0]!.id);
  if (booked.length === 0) return undefined;
  return say({
    text: '要改哪一个预约？回复序号：',
    private: true,
    buttons: booked.map((v) => ({ label: `${v.id}【${v.itemName}】${describeSlot(v.slot.date, v.slot.half)}`, value: actionValue('visit', 'reschedule', v.id) })),
  });
}

/**
 * The home-visit conversation: a booking form over the slots in `slots.ts`, started from any
 * message that asks for a visit (taking everything it already says), moved to the private chat
 * when begun in a group, checked for eligibility as soon as age and circumstances are known,
 * confirmed with a summary and booked through the visit service; moving a booked visit to another
 * time; and the agents' outcome reports.
 */
export const handleVisit: IntentHandler = async (context) => {
  const vc = formContext(context);
  const { session, directive } = context;

  if (directive?.kind === 'action' && directive.action === 'outcome') return recordOutcome(context, directive.args);
  if (directive?.kind === 'action' && directive.action === 'keep' && directive.args[0]) return keepVisit(context, directive.args[0]);
  if (directive?.kind === 'action' && directive.action === 'reschedule' && directive.args[0]) return startReschedule(context, vc, directive.args[0]);
  const movingOpen = RESCHEDULE_FORM.read(session.form);
  if (movingOpen) return continueReschedule(context, vc, movingOpen);
  const open = VISIT_FORM.read(session.form);
  if (open) return continueBooking(context, vc, open);
  if (!session.form && RESCHEDULE.test(context.text)) {
    const which = await askWhichToMove(context, vc);
    if (which) return which;
  }
  return startBooking(context, vc);
};

/** The booking form's question as it stands, to ask again after a question answered on the side. */
export function resumeVisit(context: IntentContext): Reply[] {
  const vc = formContext(context);
  const open = VISIT_FORM.read(context.session.form);
  if (open) return repliesOf(booking.prompt(open, vc, '咱们接着刚才的预约：'));
  const movingOpen = RESCHEDULE_FORM.read(context.session.form);
  return movingOpen ? repliesOf(moving.prompt(movingOpen, vc, '咱们接着改时间：')) : [];
}

async function startReschedule(context: IntentContext, vc: VisitFormContext, visitId: string): Promise<HandlerResult> {
  const visit = await vc.visits.get(visitId);
  const { channel, user } = context.message;
  if (!visit || visit.contact.channel !== channel || visit.contact.user !== user || visit.status !== 'booked') {
    return say({ text: `没找到您名下待上门的预约${visitId}。回复"我的预约"看看有哪些。` });
  }
  const started = moving.start(RESCHEDULE_FORM.create(context.now, { rescheduleId: visit.id }), context.text, vc);
  const step = moving.prompt(started.form, vc, started.problem);
  if (context.message.chatType === 'group' && step.kind === 'ask') {
    // Asked in the group: the questions (and the answers) belong in the private chat.
    return { replies: [{ text: P.groupHandoff, privateHandoff: true }], events: [{ kind: 'continue_privately', form: step.form, replies: step.replies }] };
  }
  return moved(context, vc, step);
}

async function continueReschedule(context: IntentContext, vc: VisitFormContext, open: FormState<RescheduleSlots>): Promise<HandlerResult> {
  if (CANCEL_VISIT.test(context.text)) return askToCancel(context, open.slots.rescheduleId!);
  return moved(context, vc, moving.step(open, { text: context.text, directive: context.directive }, vc));
}

/** Moves the visit once its new time is known; offers free half-days when that one is full. */
async function moved(context: IntentContext, vc: VisitFormContext, step: FormStep<RescheduleSlots>): Promise<HandlerResult> {
  if (step.kind === 'abandoned') return { replies: [{ text: '好的，不改了，预约时间不变。' }], patch: { form: null } };
  if (step.kind === 'ask') return { replies: step.replies, patch: { form: step.form } };
  const { rescheduleId, date, half } = step.form.slots;
  const slot = { date: date!, half: half! };
  const before = await vc.visits.get(rescheduleId!);
  const result = await vc.visits.reschedule(rescheduleId!, slot, context.now);
  if (result.ok) {
    // The same agent comes where she is free; where not, she is told why another one comes.
    const changed = before !== undefined && before.agentId !== result.visit.agentId ? '原来的代办员那天没空，改由' : '';
    return { replies: [{ text: `改好了：预约${rescheduleId}改到${describeSlot(slot.date, slot.half)}，${changed}代办员${result.agentName}上门。`, private: true }], patch: { form: null } };
  }
  if (result.alternatives.length === 0) {
    return { replies: [{ text: `那几天代办员都排满了，预约时间没改。请打电话商量：\n${regularRoute(context)}`, private: true }], patch: { form: null } };
  }
  const again: FormState<RescheduleSlots> = { ...step.form, slots: { rescheduleId: rescheduleId! }, stage: 'filling', asking: 'date' };
  return { replies: [{ text: P.full, buttons: slotButtons(result.alternatives), private: true }], patch: { form: again } };
}

/**
 * "取消预约" while changing a visit's time: the time stays as it is, and the resident is asked
 * whether to cancel the visit (the cancel intent does it, from the confirming button).
 */
async function askToCancel(context: IntentContext, visitId: string): Promise<HandlerResult> {
  const visit = await context.services.visits.get(visitId);
  if (!visit || visit.status !== 'booked') return { replies: [{ text: '好的，不改了。' }], patch: { form: null } };
  const what = `${describeSlot(visit.slot.date, visit.slot.half)}【${visit.itemName}】`;
  return {
    replies: [
      {
        text: P.cancelAsk(visit.id, what),
        private: true,
        buttons: [
          // The resident has been asked: the button cancels (the cancel intent's `confirm`).
          { label: P.cancelYes, value: actionValue('cancel', 'confirm', visit.id) },
          { label: P.keepNo, value: actionValue('visit', 'keep', visit.id) },
        ],
      },
    ],
    patch: { form: null },
  };
}

/** "不取消": the visit stays as booked. */
async function keepVisit(context: IntentContext, visitId: string): Promise<HandlerResult> {
  const visit = await context.services.visits.get(visitId);
  const { channel, user } = context.message;
  if (!visit || visit.contact.channel !== channel || visit.contact.user !== user || visit.status !== 'booked') {
    return say({ text: '好的。回复"我的预约"可以看看您的预约。' });
  }
  return say({ text: P.kept(visit.id, `${describeSlot(visit.slot.date, visit.slot.half)}【${visit.itemName}】`) });
}

/** An agent reports a visit's outcome from the agent's linked chat; the resident is then asked to rate. */
async function recordOutcome(context: IntentContext, [done, visitId, caseKind, note]: string[]): Promise<HandlerResult> {
  const { visits } = context.services;
  const { channel, user } = context.message;
  const agent = await visits.agentForUser(channel, user);
  const visit = visitId ? await visits.get(visitId) : undefined;
  if (!agent) return say({ text: '只有绑定了聊天的代办员才能登记办理结果。请联系镇便民服务中心绑定。' });
  if (!visit || visit.agentId !== agent.id) return say({ text: `没找到分给您的预约${visitId}。` });
  const kind = CASE_KINDS.find((k) => k === caseKind) ?? null;
  const updated = await visits.recordOutcome(visit.id, { done: done === 'done', caseKind: kind, note: note ?? '' }, context.now);
  const result = updated.outcome?.done ? `办结${kind ? `（${kind}）` : ''}` : '未办成';
  return say({ text: `已登记：${visit.id}【${visit.itemName}】${result}。${updated.outcome?.done ? '已请群众评价。' : ''}` });
}
