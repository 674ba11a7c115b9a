import type { Logger } from 'pino';
import type { Channel } from '../channel.ts';
import type { NotificationOutbox, PendingNotification } from './notification-outbox.ts';

/**
 * Delivers queued notifications through the running channels (WeChat, Telegram, console). A
 * notification is marked sent only after its channel accepted it, so one queued while a channel
 * is down goes out once it is back. The web channel is not here: its page fetches its inbox.
 */
export class NotificationDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly channels: readonly Channel[],
    private readonly logger: Logger,
    /** Told of each notification delivered (the engine remembers its buttons). */
    private readonly onDelivered: (notification: PendingNotification) => Promise<void> = async () => {},
  ) {}

  /** Delivers what is due at `now`; returns how many were delivered. */
  async tick(now: Date = new Date()): Promise<number> {
    const byName = new Map(this.channels.map((channel) => [channel.name, channel]));
    const pending = await this.outbox.pending([...byName.keys()], 50, now);
    let delivered = 0;
    for (const notification of pending) {
      const channel = byName.get(notification.to.channel)!;
      try {
        await channel.send(notification.to, notification.replies);
        await this.outbox.markSent(notification.id);
        delivered++;
        await this.onDelivered(notification);
      } catch (error) {
        await this.outbox.markFailed(notification.id, (error as Error).message ?? String(error), now);
        this.logger.warn({ err: error, channel: channel.name, notification: notification.id }, 'notification not delivered; will retry');
      }
    }
    return delivered;
  }

  /** Ticks every `intervalMs`, never two ticks at once. */
  start(intervalMs: number): void {
    if (this.timer || this.channels.length === 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error({ err: error }, 'notification dispatch failed'))
        .finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
