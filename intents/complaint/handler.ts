import type { IntentHandler } from '../../src/engine/intent.ts';

/**
 * Complaints and requests. Forwarding to 12345 from the chat is not built yet, so the bot says
 * so plainly and gives the hotline: it never pretends to have filed a ticket.
 */
export const handleComplaint: IntentHandler = (context) => {
  const privacy = context.message.chatType === 'group' ? '\n请不要在群里发手机号、身份证号。' : '';
  return [
    {
      text:
        '您反映的情况，请拨打12345政务服务热线（24小时有人接），热线会登记并转给有关部门办理，办完会回访您。\n' +
        `在这里直接转交热线的功能还没开通，我现在还不能替您提交。${privacy}`,
    },
  ];
};
