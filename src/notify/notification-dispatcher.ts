import type { Logger } from 'pino';
import type { Channel } from '../channel.ts';
import type { NotificationOutbox, PendingNotification, Recipient } from './notification-outbox.ts';

/** How long a claimed notification is reserved for the dispatcher sending it. */
const CLAIM_MS = 120_000;

/**
 * Delivers queued notifications through the running channels (WeChat, Telegram, console). A
 * notification is marked sent only after its channel accepted it, so one queued while a channel
 * is down goes out once it is back. Each is claimed before it is sent (a conditional UPDATE), so
 * two ticks — the timer and a resident opening the private chat, or two processes — never send
 * it twice. The web channel is not here: its page fetches its inbox.
 */
export class NotificationDispatcher {
  private timer: NodeJS.Timeout | undefined;
  /** The tick under way: ticks in this process run one after the other. */
  private queue: Promise<unknown> = Promise.resolve();
  private channels: readonly Channel[];

  constructor(
    private readonly outbox: NotificationOutbox,
    channels: readonly Channel[],
    private readonly logger: Logger,
    /** Told of each notification delivered (the engine remembers its buttons). */
    private readonly onDelivered: (notification: PendingNotification) => Promise<void> = async () => {},
  ) {
    this.channels = channels;
  }

  /**
   * What waited for this chat goes out now rather than at its next retry (a resident opened the
   * private chat, a channel logged in again): its notifications are made due, and a tick runs.
   */
  async deliverNow(to: Pick<Recipient, 'channel' | 'chat'> | { channel: Recipient['channel'] }): Promise<void> {
    if ('chat' in to) await this.outbox.retryNow(to);
    else await this.outbox.retryChannelNow(to.channel);
    await this.tick();
  }

  /** Delivers what is due at `now` (after any tick under way); returns how many were delivered. */
  tick(now: Date = new Date()): Promise<number> {
    const run = this.queue.then(() => this.deliver(now));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async deliver(now: Date): Promise<number> {
    const byName = new Map(this.channels.map((channel) => [channel.name, channel]));
    const pending = await this.outbox.pending([...byName.keys()], 50, now);
    let delivered = 0;
    for (const notification of pending) {
      if (!(await this.outbox.claim(notification, new Date(now.getTime() + CLAIM_MS)))) continue;
      const channel = byName.get(notification.to.channel)!;
      try {
        await this.send(channel, notification);
      } catch (error) {
        await this.outbox.markFailed(notification.id, (error as Error).message ?? String(error), now);
        this.logger.warn({ err: error, channel: channel.name, notification: notification.id }, 'notification not delivered; will retry');
        continue;
      }
      await this.outbox.markSent(notification.id);
      delivered++;
      await this.onDelivered(notification).catch((error: unknown) =>
        this.logger.warn({ err: error, notification: notification.id }, 'notification delivered; remembering its choices failed'),
      );
    }
    return delivered;
  }

  /**
   * To a private chat, reply by reply, recording each: when the second fails, the retry starts
   * there and the resident does not get the first twice. To a group, all at once: the channel
   * decides there what goes to the group and what privately.
   */
  private async send(channel: Channel, notification: PendingNotification): Promise<void> {
    const { to, replies, repliesSent } = notification;
    if (to.chat !== to.user) {
      await channel.send(to, replies);
      return;
    }
    for (let next = repliesSent; next < replies.length; next++) {
      await channel.send(to, [replies[next]!]);
      if (next + 1 < replies.length) await this.outbox.markProgress(notification.id, next + 1);
    }
  }

  /**
   * Ticks every `intervalMs`, through these channels when given (channels built after the
   * dispatcher, because they tell it when a private chat opens).
   */
  start(intervalMs: number, channels: readonly Channel[] = this.channels): void {
    this.channels = channels;
    if (this.timer || this.channels.length === 0) return;
    this.timer = setInterval(() => {
      this.tick().catch((error: unknown) => this.logger.error({ err: error }, 'notification dispatch failed'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.queue;
  }
}
