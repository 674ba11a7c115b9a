import type { IntentHandler } from '../../src/engine/intent.ts';

/** Cancel: drops whatever the conversation had open and says what there is (nothing booked). */
export const handleCancel: IntentHandler = (context) => {
  delete context.session.lastItemId;
  return [{ text: '好的，已经取消。您在这里没有进行中的预约或投诉。还有别的事，直接问我就行。' }];
};
