import { actionValue } from '../engine/directive.ts';
import { RATINGS } from '../visits/types.ts';
import type { Reply } from '../message.ts';
import type { HotlineStatus, Ticket } from './ticket-types.ts';

const STATUS_WORDS: Record<HotlineStatus, string> = {
  accepted: '12345热线已受理',
  dispatched: '已派给有关部门办理',
  replied: '有关部门已答复',
  closed: '已办结',
  rejected: '热线没有受理',
};

/** The label of a ticket's state, for lists. */
export function ticketStateLabel(ticket: Ticket): string {
  switch (ticket.status) {
    case 'queued':
      return '已登记，等待转交12345';
    case 'forwarded':
      return '已转交12345';
    case 'reopened':
      return `重新办理中${ticket.followUpBy ? `（${ticket.followUpBy}前答复）` : ''}`;
    default:
      return STATUS_WORDS[ticket.status];
  }
}

/** The rating buttons sent when a ticket is closed. */
export function ticketRatingButtons(ticketId: string) {
  return RATINGS.map((grade) => ({ label: grade, value: actionValue('feedback', 'rate-ticket', ticketId, grade) }));
}

/** The message to reporters when the hotline reports a change. */
export function statusChangeMessage(ticket: Ticket, status: HotlineStatus, message: string | undefined): Reply[] {
  const head = `您反映的问题（编号${ticket.id}${ticket.ticketNo ? `，热线工单${ticket.ticketNo}` : ''}）：${STATUS_WORDS[status]}。`;
  const said = message ? `\n答复：${message.slice(0, 500)}` : '';
  if (status === 'closed') {
    return [{ text: `${head}${said}\n请评价这次办理：`, buttons: ticketRatingButtons(ticket.id), private: true }];
  }
  if (status === 'rejected') {
    return [{ text: `${head}${said}\n有疑问可以拨打12345说明情况。`, private: true }];
  }
  return [{ text: `${head}${said}`, private: true }];
}

/** The message to the filer once 12345 has the ticket. */
export function forwardedMessage(ticket: Ticket, ticketNo: string | null): Reply[] {
  return [{ text: `您反映的问题（编号${ticket.id}）已转交12345热线${ticketNo ? `，热线工单号${ticketNo}` : ''}。有进展我会告诉您。`, private: true }];
}
