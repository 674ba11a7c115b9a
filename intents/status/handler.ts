import { actionValue } from '../../src/engine/directive.ts';
import { say, type IntentHandler } from '../../src/engine/intent.ts';
import { ticketStateLabel } from '../../src/hotline/ticket-messages.ts';
import type { Ticket } from '../../src/hotline/ticket-types.ts';
import type { Visit } from '../../src/visits/types.ts';
import { describeSlot } from '../visit/slots.ts';

const STATUS_LABEL: Record<Visit['status'], string> = {
  booked: '已预约',
  cancelled: '已取消',
  done: '已办结',
  not_done: '未办成',
};

/** One line per visit: number, item, time, state. */
export function visitLine(visit: Visit): string {
  return `${visit.id}【${visit.itemName}】${describeSlot(visit.slot.date, visit.slot.half)}，${STATUS_LABEL[visit.status]}`;
}

/**
 * One line per ticket: number, category, what (or, for a co-reporter, only where: the first
 * reporter's words are hers), state.
 */
export function ticketLine(ticket: Ticket, viewer: string): string {
  const own = ticket.reporter.user === viewer;
  const summary = own ? (ticket.content.length > 20 ? `${ticket.content.slice(0, 20)}…` : ticket.content) : `${ticket.village}${ticket.location}`;
  return `${ticket.id}【${ticket.category}】${summary}：${ticketStateLabel(ticket)}`;
}

/** All a resident may see of one of her tickets; a co-reporter sees where, not the first reporter's words. */
function ticketDetail(ticket: Ticket, viewer: string): string {
  const own = ticket.reporter.user === viewer;
  return [
    `${ticket.id}【${ticket.category}/${ticket.subcategory}】（${ticket.type}）`,
    ...(own ? [`反映的事：${ticket.content}`] : []),
    `地点：${ticket.village}${ticket.location}`,
    ...(ticket.ticketNo ? [`热线工单号：${ticket.ticketNo}`] : []),
    `状态：${ticketStateLabel(ticket)}`,
    ...(ticket.rating ? [`您的评价：${ticket.rating.grade}`] : []),
  ].join('\n');
}

/**
 * "我的预约" / "我的投诉": the resident's tickets and home visits with their state, and buttons to reschedule or cancel
 * the ones still to come. Sent privately: it names people and places.
 */
export const handleStatus: IntentHandler = async (context) => {
  const { channel, user } = context.message;
  const visits = (await context.services.visits.listForContact({ channel, user })).slice(0, 5);
  const tickets = (await context.services.hotline.tickets.listForContact({ channel, user })).slice(0, 5);
  const named = /T\d{6}/i.exec(context.text)?.[0]?.toUpperCase();
  const shownTickets = named ? tickets.filter((t) => t.id === named) : tickets;
  if (named && shownTickets.length === 0) return say({ text: `没找到您反映过的${named}。回复"我的投诉"看看有哪些。` });
  if (named) return say({ text: ticketDetail(shownTickets[0]!, user), private: true });
  const ticketText = shownTickets.length ? `您反映的问题：\n${shownTickets.map((t) => ticketLine(t, user)).join('\n')}` : '';
  if (visits.length === 0) {
    // A bare number then shows that ticket in full.
    const details = shownTickets.map((t) => ({ label: `${t.id}详情`, value: t.id }));
    if (ticketText) return say({ text: `${ticketText}\n回复序号看详情：`, private: true, buttons: details });
    return say({
      text: '您还没有通过我预约过代办员上门，也没有反映过问题。需要的话回复"预约上门"或"我要反映问题"。\n打过12345的，可以再拨12345，报工单号查进度。',
    });
  }
  const upcoming = visits.filter((v) => v.status === 'booked');
  const buttons = upcoming.flatMap((v) => [
    { label: `${v.id}改时间`, value: actionValue('visit', 'reschedule', v.id) },
    { label: `${v.id}取消`, value: actionValue('cancel', 'visit', v.id) },
  ]);
  return say(
    ...(ticketText ? [{ text: ticketText, private: true }] : []),
    {
      text: `您的预约：\n${visits.map(visitLine).join('\n')}${upcoming.length ? '\n要改时间或取消，回复序号：' : ''}`,
      private: true,
      ...(buttons.length ? { buttons } : {}),
    },
  );
};
