import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../adapters/console/console-channel.ts';
import { NotificationOutbox } from '../../src/notify/notification-outbox.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

let bot: TestServer;
beforeAll(async () => {
  bot = await startTestServer();
});
afterAll(async () => {
  await bot.close();
});

describe('the console channel', () => {
  it('answers typed lines and shows buttons as numbered text', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk) => (printed += chunk));
    const done = runConsole({ input, output, handle: (m) => bot.server.engine.handle(m), group: true });
    input.write('低保怎么申请\n');
    input.write('/quit\n');
    await done;
    expect(printed).toContain('【最低生活保障申请】');
    expect(printed).toMatch(/\n1\. 材料/);
  });

  it('moves a complaint begun in the group to the private chat and shows what the bot sent there', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk) => (printed += chunk));
    const outbox = new NotificationOutbox(bot.server.db);
    const done = runConsole({
      input,
      output,
      handle: (m) => bot.server.engine.handle(m),
      group: true,
      notifications: async () => {
        const waiting = await outbox.pending(['console']);
        for (const n of waiting) await outbox.markSent(n.id);
        return waiting.map((n) => ({ chat: n.to.chat, replies: n.replies }));
      },
    });
    input.write('我要投诉，村里垃圾好几天没人清运\n');
    input.write('岭口村\n');
    input.write('/quit\n');
    await done;
    expect(printed).toContain('（私聊）在哪个村？');
    expect(printed).toContain('已切换到私聊');
    expect(printed).toContain('具体在什么地方');
  });
});
