import type { IntentHandler } from '../../src/engine/intent.ts';

/** Status questions: there are no bookings or tickets made through the bot yet, and it says so. */
export const handleStatus: IntentHandler = () => [
  {
    text:
      '我这里还没有您的预约或投诉记录：在聊天里预约上门和转交投诉的功能开通后，可以在这里查进度。\n' +
      '打过12345的，可以再拨12345，报工单号查询；约过代办员的，可以直接问本村代办员。',
  },
];
