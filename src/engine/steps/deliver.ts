import { defaultCapabilities, planDelivery } from '../../deliver.ts';
import type { Reply } from '../../message.ts';
import { hasPersonalNumber } from '../../personal-numbers.ts';
import type { Step } from '../turn.ts';

/** Said in a group right after a resident posted her own phone or ID number there. */
const RECALL_PERSONAL_NUMBER: Reply = { text: '提醒：您在群里发了电话或身份证号，群里人人都看得到，建议长按那条消息撤回。个人信息请私聊我。' };

/**
 * Plans where the replies go with the channel's capabilities (`planDelivery`: the one
 * group-privacy policy). A resident who posted her own phone or ID number in a group is asked to
 * recall it, by the same pattern that keeps numbers out of our group posts.
 */
export function deliver(): Step {
  return {
    name: 'deliver',
    async run(turn, next) {
      const { message } = turn;
      if (message.chatType === 'group' && hasPersonalNumber(message.text)) turn.replies = [RECALL_PERSONAL_NUMBER, ...turn.replies];
      turn.delivery = planDelivery(turn.replies, message.chatType, message.capabilities ?? defaultCapabilities(message.channel));
      await next();
    },
  };
}
