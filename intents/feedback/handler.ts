import type { IntentHandler } from '../../src/engine/intent.ts';
import { RATINGS, type Rating } from '../../src/visits/types.ts';

const ASK_COMMENT = '谢谢您的评价！还有什么想说的吗？直接打字告诉我；没有请回复"没有"。';

/** What a typed rating says besides the grade ("不满意，代办员态度很差" → "代办员态度很差"): its comment. */
function commentIn(text: string): string {
  const rest = text.replace(/基本满意|不满意|满意|差评|好评|五星|还行吧?|一般般?|凑合|[，,。.!！\s]/g, '');
  return rest.length >= 4 ? text.trim().slice(0, 500) : '';
}

/** Stores the comment that follows a rating (asked for, or said with it) and closes the rating. */
async function finish(context: Parameters<IntentHandler>[0], rated: { visitId?: string; ticketId?: string; grade: Rating; reopened?: string }, comment: string) {
  const { visitId, ticketId, grade, reopened } = rated;
  if (comment && visitId) await context.services.visits.comment(visitId, comment, context.now);
  if (comment && ticketId) await context.services.hotline.tickets.comment(ticketId, comment, context.now);
  if (grade !== '不满意') return [{ text: '好的，谢谢您！' }];
  if (ticketId) return [{ text: reopened === 'yes' ? '记下了。已请12345热线重新办理，7天内答复您。' : '记下了，谢谢您的意见。' }];
  return [{ text: '记下了。镇里会在7天内跟进处理并回复您。' }];
}

function ratingIn(text: string): Rating | undefined {
  if (/不满意|差评|太差|不好/.test(text)) return '不满意';
  if (/基本满意|^(还行|一般般?|凑合)吧?([，,。！!\s]|$)/.test(text.trim())) return '基本满意';
  if (/满意|好评|五星|很好|点赞/.test(text)) return '满意';
  return undefined;
}

/**
 * Ratings (好差评) of a home visit: from the buttons of the rating request ("#rate:V000123:满意")
 * or typed ("满意") for the latest visit done and not yet rated; then an optional comment.
 * 不满意 flags the visit for the town to follow up within 7 days.
 */
export const handleFeedback: IntentHandler = async (context) => {
  const { visits } = context.services;
  const { session, directive } = context;

  // The comment that follows a rating.
  if (session.form?.intent === 'feedback') {
    const rated = session.form.slots as { visitId?: string; ticketId?: string; grade: Rating; reopened?: string };
    delete session.form;
    const comment = /^(没有|没了|无|不用了|没)$/.test(context.text.trim()) ? '' : context.text.trim().slice(0, 500);
    return finish(context, rated, comment);
  }

  if (directive?.kind === 'action' && directive.action === 'rate-ticket') {
    const [ticketId, chosen] = directive.args;
    const ticketGrade = RATINGS.find((r) => r === chosen);
    if (!ticketId || !ticketGrade) return [{ text: '没找到要评价的这件事。' }];
    return rateTicket(context, ticketId, ticketGrade);
  }

  let visitId: string | undefined;
  let grade: Rating | undefined;
  if (directive?.kind === 'action' && directive.action === 'rate') {
    visitId = directive.args[0];
    grade = RATINGS.find((r) => r === directive.args[1]);
  } else {
    grade = ratingIn(context.text);
    const { channel, user } = context.message;
    const unrated = (await visits.listForContact({ channel, user })).find((v) => v.status === 'done' && !v.rating);
    visitId = unrated?.id;
    if (!visitId && grade) {
      // Not a visit: the latest closed ticket not yet rated.
      const ticket = (await context.services.hotline.tickets.listForContact({ channel, user })).find((t) => t.status === 'closed' && !t.rating);
      if (ticket) return rateTicket(context, ticket.id, grade, commentIn(context.text));
    }
  }
  if (!visitId || !grade) {
    return [{ text: '谢谢您的评价！对办事窗口或代办员的意见，也可以拨打12345热线，每条都会有人回复。' }];
  }
  const visit = await visits.get(visitId);
  if (!visit || visit.contact.user !== context.message.user) return [{ text: '没找到要评价的这次上门服务。' }];
  await visits.rate(visitId, grade, '', context.now);
  // "不满意，代办员态度很差": the comment came with the grade; nothing more to ask.
  const said = directive ? '' : commentIn(context.text);
  if (said) return finish(context, { visitId, grade }, said);
  session.form = { intent: 'feedback', slots: { visitId, grade }, stage: 'filling', asking: 'comment', startedAt: context.now.toISOString(), optional: true };
  return [{ text: grade === '不满意' ? `很抱歉这次没让您满意。${ASK_COMMENT.replace('谢谢您的评价！', '')}` : ASK_COMMENT }];
};

async function rateTicket(context: Parameters<IntentHandler>[0], ticketId: string, grade: Rating, said = '') {
  const { tickets } = context.services.hotline;
  const ticket = await tickets.get(ticketId);
  const mine = ticket ? (await tickets.listForContact(context.message)).some((t) => t.id === ticket.id) : false;
  if (!ticket || !mine) return [{ text: '没找到要评价的这件事。' }];
  if (ticket.rating) return [{ text: '这件事您已经评价过了，谢谢！' }];
  const rated = await tickets.rate(ticket.id, grade, context.now);
  const reopened = rated?.status === 'reopened';
  if (said) return finish(context, { ticketId: ticket.id, grade, reopened: reopened ? 'yes' : 'no' }, said);
  context.session.form = { intent: 'feedback', slots: { ticketId: ticket.id, grade, reopened: reopened ? 'yes' : 'no' }, stage: 'filling', asking: 'comment', startedAt: context.now.toISOString(), optional: true };
  return [{ text: grade === '不满意' ? `很抱歉没有办好。${ASK_COMMENT.replace('谢谢您的评价！', '')}` : ASK_COMMENT }];
}
