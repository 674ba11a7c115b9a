import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import { defaultCapabilities, planDelivery } from '../../src/deliver.ts';
import type { EngineResult } from '../../src/engine/engine.ts';
import type { InboundMessage, Reply } from '../../src/message.ts';

/** Options of the console channel. */
export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  handle: (message: InboundMessage) => Promise<EngineResult>;
  /** Start as if typing in a village group with the bot @-mentioned. */
  group?: boolean;
  /** What the bot sent on its own since (a conversation moved to the private chat, reminders). */
  notifications?: () => Promise<{ chat: string; replies: Reply[] }[]>;
}

/**
 * The console channel, for trying the bot locally: each line typed is a message, the replies are
 * printed with buttons as numbered lines. `/group` and `/private` switch the chat type, `/quit` ends.
 */
export async function runConsole({ input, output, handle, group = false, notifications }: ConsoleOptions): Promise<void> {
  const lines = createInterface({ input, output, terminal: false });
  let chatType: 'private' | 'group' = group ? 'group' : 'private';
  const write = (text: string) => output.write(`${text}\n`);
  write(`办事小助手（${chatType === 'group' ? '群聊' : '私聊'}）。输入问题回车；/group 群聊，/private 私聊，/quit 退出。`);
  for await (const line of lines) {
    const command = line.trim();
    if (command === '/quit' || command === '/exit') break;
    if (command === '/group' || command === '/private') {
      chatType = command === '/group' ? 'group' : 'private';
      write(`已切换到${chatType === 'group' ? '群聊' : '私聊'}。`);
      continue;
    }
    const result = await handle({
      channel: 'console',
      chat: chatType === 'group' ? 'console-group' : 'console-user',
      chatType,
      user: 'console-user',
      text: line,
      mentioned: true,
      attachments: [],
      receivedAt: new Date(),
    });
    for (const reply of result.delivery.chat) write(`\n${reply.text}\n`);
    for (const { chat, replies } of (await notifications?.()) ?? []) {
      const where = chat === 'console-user' ? '私聊' : '群聊';
      for (const reply of planDelivery(replies, where === '私聊' ? 'private' : 'group', defaultCapabilities('console')).chat) write(`\n（${where}）${reply.text}\n`);
    }
    if (chatType === 'group' && result.replies.some((reply) => reply.privateHandoff)) {
      chatType = 'private';
      write('（已切换到私聊，接着回答就行；/group 回到群聊。）');
    }
  }
  lines.close();
}
