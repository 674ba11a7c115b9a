import { slotValue } from '../../src/nlu/slot-readers.ts';
import { actionValue } from '../../src/engine/directive.ts';
import { say, type HandlerResult, type IntentContext, type IntentHandler } from '../../src/engine/intent.ts';
import { whereToReachPeople } from '../../src/knowledge/contacts.ts';
import { RATINGS, type Rating } from '../../src/visits/types.ts';
import { RATING_FORM } from './rating-form.ts';

const ASK_COMMENT = '谢谢您的评价！还有什么想说的吗？直接打字告诉我；没有请回复"没有"。';

/** What a typed rating says besides the grade ("不满意，代办员态度很差" → "代办员态度很差"): its comment. */
function commentIn(text: string): string {
  const rest = text.replace(/基本满意|不满意|满意|差评|好评|五星|还行吧?|一般般?|凑合|[，,。.!！\s]/g, '');
  return rest.length >= 4 ? text.trim().slice(0, 500) : '';
}

interface Rated {
  visitId?: string | undefined;
  ticketId?: string | undefined;
  grade: Rating;
  reopened?: boolean | undefined;
}

/** Stores the comment that follows a rating (asked for, or said with it) and closes the rating. */
async function finish(context: IntentContext, rated: Rated, comment: string): Promise<HandlerResult> {
  const { visitId, ticketId, grade, reopened } = rated;
  if (comment && visitId) await context.services.visits.comment(visitId, comment, context.now);
  if (comment && ticketId) await context.services.hotline.tickets.comment(ticketId, comment, context.now);
  if (grade !== '不满意') return say({ text: '好的，谢谢您！' });
  if (ticketId) return say({ text: reopened ? '记下了。已请12345热线重新办理，7天内答复您。' : '记下了，谢谢您的意见。' });
  return say({ text: '记下了。镇里会在7天内跟进处理并回复您。' });
}

/** Asks for the optional comment, keeping what was rated in a rating form. */
function askComment(context: IntentContext, rated: Rated, sorry: string): HandlerResult {
  const slots = {
    grade: rated.grade,
    ...(rated.visitId ? { visitId: rated.visitId } : {}),
    ...(rated.ticketId ? { ticketId: rated.ticketId } : {}),
    ...(rated.reopened !== undefined ? { reopened: rated.reopened } : {}),
  };
  const form = { ...RATING_FORM.create(context.now, slots, true), asking: 'comment' };
  return { replies: [{ text: rated.grade === '不满意' ? `${sorry}${ASK_COMMENT.replace('谢谢您的评价！', '')}` : ASK_COMMENT }], patch: { form } };
}

/** A score out of five ("五分", "给4分", "打3星"): 4–5 满意, 3 基本满意, 1–2 不满意. */
const SCORE = /([1-5一二两三四五])\s*(?:分|星|颗星)/;
const SCORE_GRADE: Record<string, Rating> = { 5: '满意', 五: '满意', 4: '满意', 四: '满意', 3: '基本满意', 三: '基本满意', 2: '不满意', 二: '不满意', 两: '不满意', 1: '不满意', 一: '不满意' };

/** The grade a typed rating gives ("不满意，来得太晚了" → 不满意, "五分" → 满意), if it gives one. */
export function ratingIn(text: string): Rating | undefined {
  const score = SCORE.exec(text)?.[1];
  if (score) return SCORE_GRADE[score];
  if (/不满意|差评|太差|不好/.test(text)) return '不满意';
  if (/基本满意|^(还行|一般般?|凑合)吧?([，,。！!\s]|$)/.test(text.trim())) return '基本满意';
  if (/满意|好评|五星|很好|点赞/.test(text)) return '满意';
  return undefined;
}

async function rateTicket(context: IntentContext, ticketId: string, grade: Rating, said = ''): Promise<HandlerResult> {
  const { tickets } = context.services.hotline;
  const ticket = await tickets.get(ticketId);
  const mine = ticket ? (await tickets.listForContact(context.message)).some((t) => t.id === ticket.id) : false;
  if (!ticket || !mine) return say({ text: '没找到要评价的这件事。' });
  if (ticket.rating) return say({ text: '这件事您已经评价过了，谢谢！' });
  const rated = await tickets.rate(ticket.id, grade, context.now);
  const result: Rated = { ticketId: ticket.id, grade, reopened: rated?.status === 'reopened' };
  return said ? finish(context, result, said) : askComment(context, result, '很抱歉没有办好。');
}

/** The three grades as buttons for one visit or ticket. */
function gradeButtons(action: 'rate' | 'rate-ticket', id: string) {
  return RATINGS.map((grade) => ({ label: grade, value: actionValue('feedback', action, id, grade) }));
}

/**
 * A wish to rate that gives no grade ("我想给代办员打个分"), or a grade with nothing to rate: the
 * grades to pick for what can be rated, else what there is to say — never a thank-you for a
 * rating nobody took.
 */
async function withoutGrade(context: IntentContext, visitId: string | undefined): Promise<HandlerResult> {
  if (visitId) return { replies: [{ text: `请给这次上门服务（${visitId}）打个分，点一下就行：`, buttons: gradeButtons('rate', visitId) }] };
  const { channel, user } = context.message;
  const ticket = (await context.services.hotline.tickets.listForContact({ channel, user })).find((t) => t.status === 'closed' && !t.rating);
  if (ticket) return { replies: [{ text: `请给您反映的问题（${ticket.id}）的办理结果打个分：`, buttons: gradeButtons('rate-ticket', ticket.id) }] };
  if (context.understanding.cues.praises) {
    const base = context.services.knowledge.current.base;
    return say({ text: `谢谢您的表扬！我这里只能给通过我约、已经办完的上门打分。想让镇里知道，可以打电话告诉他们：\n${whereToReachPeople(base, context.session.village)}` });
  }
  const booked = (await context.services.visits.listForContact({ channel, user })).find((v) => v.status === 'booked');
  if (booked) return say({ text: `您约的上门（${booked.id}）还没办，代办员来过以后，我会请您打分。对窗口或代办员有意见，也可以拨打12345热线。` });
  return say({ text: '您现在没有要评价的上门服务或反映的问题。代办员上门办完、或12345办结后，我会请您打分。对窗口或代办员的意见，也可以拨打12345热线。' });
}

/**
 * Ratings (好差评) of a home visit or a ticket: from the buttons of the rating request or typed
 * ("满意") for the latest visit done (or ticket closed) and not yet rated; then an optional comment.
 * 不满意 flags the visit for the town to follow up within 7 days, and reopens a ticket.
 */
export const handleFeedback: IntentHandler = async (context) => {
  const { visits } = context.services;
  const { session, directive } = context;

  // The comment that follows a rating.
  const asked = RATING_FORM.read(session.form);
  if (asked && asked.slots.grade) {
    const comment = /^(没有|没了|无|不用了|没)$/.test(context.text.trim()) ? '' : context.text.trim().slice(0, 500);
    const result = await finish(context, { ...asked.slots, grade: asked.slots.grade }, comment);
    return { ...result, patch: { form: null } };
  }

  if (directive?.kind === 'action' && directive.action === 'rate-ticket') {
    const [ticketId, chosen] = directive.args;
    const ticketGrade = RATINGS.find((r) => r === chosen);
    if (!ticketId || !ticketGrade) return say({ text: '没找到要评价的这件事。' });
    return rateTicket(context, ticketId, ticketGrade);
  }

  let visitId: string | undefined;
  let grade: Rating | undefined;
  if (directive?.kind === 'action' && directive.action === 'rate') {
    visitId = directive.args[0];
    grade = RATINGS.find((r) => r === directive.args[1]);
  } else {
    grade = slotValue(context.understanding.slots, 'grade', ratingIn(context.text));
    const { channel, user } = context.message;
    const unrated = (await visits.listForContact({ channel, user })).find((v) => v.status === 'done' && !v.rating);
    visitId = unrated?.id;
    if (!visitId && grade) {
      // Not a visit: the latest closed ticket not yet rated.
      const ticket = (await context.services.hotline.tickets.listForContact({ channel, user })).find((t) => t.status === 'closed' && !t.rating);
      if (ticket) return rateTicket(context, ticket.id, grade, commentIn(context.text));
    }
  }
  if (!visitId || !grade) return withoutGrade(context, visitId);
  const visit = await visits.get(visitId);
  if (!visit || visit.contact.user !== context.message.user) return say({ text: '没找到要评价的这次上门服务。' });
  await visits.rate(visitId, grade, '', context.now);
  // "不满意，代办员态度很差": the comment came with the grade; nothing more to ask.
  const said = directive ? '' : commentIn(context.text);
  if (said) return finish(context, { visitId, grade }, said);
  return askComment(context, { visitId, grade }, '很抱歉这次没让您满意。');
};
