import { AppError, ErrorCodes } from '../errors.ts';
import type { DateProblem, Visit } from './types.ts';
import type { VisitRules } from './visit-rules.ts';

/** What to tell a resident about a date that cannot be booked, saying what to do instead. */
export function dateProblemText(problem: DateProblem, rules: VisitRules): string {
  switch (problem) {
    case 'past':
      return '这个日子已经过去了，换一天吧。';
    case 'today_passed':
      return '今天这个时段已经过了，换个时间吧。';
    case 'too_far':
      return `上门只能约${rules.booking.window_days}天以内，挑个近一点的日子吧。`;
    case 'holiday':
      return '那天是周末或节假日，代办员不上门，换个工作日吧。';
  }
}

/** A booking or change asked for a half-day that cannot be booked. */
export function badSlotError(problem: DateProblem, rules: VisitRules): AppError {
  return new AppError(ErrorCodes.BAD_REQUEST, `visit slot not bookable: ${problem}`, dateProblemText(problem, rules));
}

/** No visit has this number. */
export function visitNotFound(id: string): AppError {
  return new AppError(ErrorCodes.NOT_FOUND, `visit ${id} not found`, `没有找到预约号 ${id}，请核对一下。`);
}

/** The visit is past the state the change needs (cancelling a visit already done, say). */
export function visitStateError(visit: Visit, action: string): AppError {
  const userText =
    visit.status === 'booked'
      ? `预约 ${visit.id} 还没上门办好，办好后才能${action}。`
      : `预约 ${visit.id} ${{ cancelled: '已经取消了', done: '已经办好了', not_done: '已经上门记录过了' }[visit.status]}，不能再${action}了。`;
  return new AppError(ErrorCodes.BAD_REQUEST, `visit ${visit.id} is ${visit.status}: cannot ${action}`, userText);
}

/** A request that names an unknown village or an item no agent takes on a home visit. */
export function badRequestError(message: string, userText: string): AppError {
  return new AppError(ErrorCodes.BAD_REQUEST, message, userText);
}
