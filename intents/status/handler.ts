import type { IntentHandler } from '../../src/engine/intent.ts';
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
 * "我的预约": the resident's home visits with their state, and buttons to reschedule or cancel
 * the ones still to come. Sent privately: it names people and places.
 */
export const handleStatus: IntentHandler = async (context) => {
  const { channel, user } = context.message;
  const visits = (await context.services.visits.listForContact({ channel, user })).slice(0, 5);
  if (visits.length === 0) {
    return [
      {
        text: '您还没有通过我预约过代办员上门。需要的话回复"预约上门"。\n打过12345的，可以再拨12345，报工单号查进度。',
      },
    ];
  }
  const upcoming = visits.filter((v) => v.status === 'booked');
  const buttons = upcoming.flatMap((v) => [
    { label: `${v.id}改时间`, value: `#do:visit:reschedule:${v.id}` },
    { label: `${v.id}取消`, value: `#do:cancel:visit:${v.id}` },
  ]);
  return [
    {
      text: `您的预约：\n${visits.map(visitLine).join('\n')}${upcoming.length ? '\n要改时间或取消，回复序号：' : ''}`,
      private: true,
      ...(buttons.length ? { buttons } : {}),
    },
  ];
};
