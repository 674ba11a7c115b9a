import type { EngineServices } from '../intent.ts';
import { privateChatOf } from '../session.ts';
import type { Step } from '../turn.ts';

/** What a photo or file alone is shown as in the staff's view of the conversation. */
function shownText(text: string, attachments: number): string {
  const files = attachments ? `[${attachments}个附件]` : '';
  return `${text}${text && files ? ' ' : ''}${files}` || '[空消息]';
}

/**
 * A resident's private chat with an open handoff: her message joins the conversation the staff
 * see. While a member of staff holds it (claimed) the bot stays quiet — an emergency, answered by
 * the step before, aside; while it waits in the queue the bot goes on answering, saying first that
 * it is the bot who answers.
 */
export function handoffGate(deps: { services: EngineServices }): Step {
  return {
    name: 'handoff gate',
    async run(turn, next) {
      if (turn.message.chatType !== 'private') return next();
      const held = await deps.services.handoffs.active(privateChatOf(turn.message));
      if (!held) return next();
      await deps.services.handoffs.note(held.id, shownText(turn.message.text, turn.message.attachments.length), turn.now);
      if (!turn.outcome && held.status === 'claimed') turn.outcome = { intent: 'human', replies: [] };
      else turn.waitingForPerson = true;
      await next();
    },
  };
}
