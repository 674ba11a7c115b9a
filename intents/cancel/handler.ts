import { actionValue } from '../../src/engine/directive.ts';
import { say, type HandlerResult, type IntentHandler } from '../../src/engine/intent.ts';
import { VISIT_PROMPTS as P } from '../visit/declaration.ts';
import { describeSlot } from '../visit/slots.ts';

/**
 * Cancel: "取消预约" typed lists the visits still to come, to pick the one to cancel (one alone is asked about at once); a visit
 * number in the text ("取消V000123") or a 取消 button of "我的预约" picks one directly. A picked
 * visit is cancelled only once the resident confirms it (one mistyped number must not undo a
 * booking): the confirming button carries the `confirm` action.
 */
export const handleCancel: IntentHandler = async (context) => {
  const { visits } = context.services;
  const { channel, user } = context.message;
  // Soonest first, as she thinks of them.
  const mine = (await visits.listForContact({ channel, user }))
    .filter((v) => v.status === 'booked')
    .sort((a, b) => `${a.slot.date}${a.slot.half}`.localeCompare(`${b.slot.date}${b.slot.half}`));
  const directive = context.directive;
  const named = /V\d{6}/i.exec(context.text)?.[0]?.toUpperCase();
  const confirmed = directive?.kind === 'action' && directive.action === 'confirm' ? directive.args[0] : undefined;
  const chosenId = confirmed ?? (directive?.kind === 'action' && directive.action === 'visit' ? directive.args[0] : named);

  if (chosenId) {
    const visit = mine.find((v) => v.id === chosenId);
    if (!visit) return say({ text: `没找到您名下待上门的预约${chosenId}。回复"我的预约"看看有哪些。` });
    if (!confirmed) return confirmCancel(visit.id, `${describeSlot(visit.slot.date, visit.slot.half)}【${visit.itemName}】`);
    await visits.cancel(visit.id, context.now);
    return say({ text: `已取消预约${visit.id}（${describeSlot(visit.slot.date, visit.slot.half)}【${visit.itemName}】）。` });
  }
  if (mine.length === 0) return { replies: [{ text: '好的。您现在没有待上门的预约。还有别的事，直接问我就行。' }], patch: { lastItemId: null } };
  // One visit to come is the one she means: asked about at once, not picked from a list of one.
  if (mine.length === 1) return confirmCancel(mine[0]!.id, `${describeSlot(mine[0]!.slot.date, mine[0]!.slot.half)}【${mine[0]!.itemName}】`);
  return {
    replies: [
      {
        text: '要取消哪一个预约？回复序号：',
        private: true,
        buttons: mine.map((v) => ({ label: `${v.id}【${v.itemName}】${describeSlot(v.slot.date, v.slot.half)}`, value: actionValue('cancel', 'visit', v.id) })),
      },
    ],
    patch: { lastItemId: null },
  };
};

/** The question before a visit is cancelled: cancel it (the `confirm` action), or keep it as it is. */
export function confirmCancel(visitId: string, what: string): HandlerResult {
  return {
    replies: [
      {
        text: P.cancelAsk(visitId, what),
        private: true,
        buttons: [
          { label: P.cancelYes, value: actionValue('cancel', 'confirm', visitId) },
          { label: P.keepNo, value: actionValue('visit', 'keep', visitId) },
        ],
      },
    ],
    patch: { lastItemId: null },
  };
}
