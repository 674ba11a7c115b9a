import type { IntentHandler } from '../../src/engine/intent.ts';

/** Ratings: thanks, and where an opinion on a service is recorded until ratings land here. */
export const handleFeedback: IntentHandler = () => [
  {
    text: '谢谢您的评价！对办事窗口或代办员的意见，也可以拨打12345热线，每条都会有人回复。',
  },
];
