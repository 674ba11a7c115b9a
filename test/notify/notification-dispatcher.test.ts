import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/channel.ts';
import { createLogger } from '../../src/logger.ts';
import type { Reply } from '../../src/message.ts';
import { NotificationDispatcher } from '../../src/notify/notification-dispatcher.ts';
import { enqueueNotification, NotificationOutbox, type Recipient } from '../../src/notify/notification-outbox.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

let bot: TestServer;
beforeAll(async () => {
  bot = await startTestServer();
});
afterAll(async () => {
  await bot.close();
});

/** A console channel that records what it sends, slowly, and can be down. */
function recordingChannel(): Channel & { sent: string[]; down: boolean } {
  const channel = {
    name: 'console' as const,
    sent: [] as string[],
    down: false,
    async start() {},
    async stop() {},
    async send(_to: Recipient, replies: Reply[]) {
      if (channel.down) throw new Error('channel down');
      await new Promise((resolve) => setTimeout(resolve, 20));
      channel.sent.push(...replies.map((r) => r.text));
    },
  };
  return channel;
}

describe('the notification dispatcher', () => {
  it('delivers a queued notification once, even when two ticks (or two processes) run at the same time', async () => {
    const channel = recordingChannel();
    const outbox = new NotificationOutbox(bot.server.db);
    const logger = createLogger('silent');
    const one = new NotificationDispatcher(outbox, [channel], logger);
    const other = new NotificationDispatcher(outbox, [channel], logger);
    await enqueueNotification(bot.server.db, { channel: 'console', chat: 'u1', user: 'u1' }, [{ text: '明天上午代办员上门。' }]);
    const counts = await Promise.all([one.tick(), one.tick(), other.tick()]);
    expect(channel.sent).toEqual(['明天上午代办员上门。']);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('does not repeat the replies that went out when a later one of the same notification failed', async () => {
    const channel = recordingChannel();
    const send = channel.send;
    let failures = 1;
    channel.send = async (to, replies) => {
      if (replies[0]!.text.startsWith('第二') && failures-- > 0) throw new Error('network hiccup');
      await send(to, replies);
    };
    const dispatcher = new NotificationDispatcher(new NotificationOutbox(bot.server.db), [channel], createLogger('silent'));
    await enqueueNotification(bot.server.db, { channel: 'console', chat: 'u3', user: 'u3' }, [{ text: '第一句：转到私聊了。' }, { text: '第二句：请问是哪个村？' }]);
    expect(await dispatcher.tick()).toBe(0);
    expect(await dispatcher.tick(new Date(Date.now() + 60_000))).toBe(1);
    expect(channel.sent).toEqual(['第一句：转到私聊了。', '第二句：请问是哪个村？']);
  });

  it('keeps a notification while the channel is down and sends it once it is back', async () => {
    const channel = recordingChannel();
    const outbox = new NotificationOutbox(bot.server.db);
    const dispatcher = new NotificationDispatcher(outbox, [channel], createLogger('silent'));
    await enqueueNotification(bot.server.db, { channel: 'console', chat: 'u2', user: 'u2' }, [{ text: '您的投诉已转交。' }]);
    channel.down = true;
    expect(await dispatcher.tick()).toBe(0);
    channel.down = false;
    expect(await dispatcher.tick(new Date(Date.now() + 60_000))).toBe(1);
    expect(await dispatcher.tick(new Date(Date.now() + 3_600_000))).toBe(0);
    expect(channel.sent).toEqual(['您的投诉已转交。']);
  });
});
