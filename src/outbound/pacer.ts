import Bottleneck from 'bottleneck';

/** How fast one channel may send. */
export interface PacingOptions {
  /** Per chat: at least this gap between two sends; sends to one chat keep their order. */
  chatGapMs: number;
  /** All chats together: at most this many sends a second. */
  maxPerSecond: number;
  /** All chats together: at least this gap between two sends (WeChat: look human). */
  minGapMs?: number;
  /** Up to this much more, at random, on top of `minGapMs`. */
  jitterMs?: number;
  /** For tests: the randomness of the jitter. */
  random?: () => number;
}

/**
 * Outbound pacing for a channel, with bottleneck: one limiter per chat (one send at a time, in
 * order, a minimum gap) chained to one limiter for the whole channel (a rate, and for WeChat a
 * human-like minimum gap with jitter, because personal accounts are banned for bursts).
 */
export class Pacer {
  private readonly overall: Bottleneck;
  private readonly chats: Bottleneck.Group;
  private readonly jitterMs: number;
  private readonly random: () => number;

  constructor(options: PacingOptions) {
    const minTime = Math.max(options.minGapMs ?? 0, Math.ceil(1000 / options.maxPerSecond));
    this.overall = new Bottleneck({ maxConcurrent: 1, minTime });
    this.chats = new Bottleneck.Group({ maxConcurrent: 1, minTime: options.chatGapMs });
    this.chats.on('created', (limiter) => limiter.chain(this.overall));
    this.jitterMs = options.jitterMs ?? 0;
    this.random = options.random ?? Math.random;
  }

  /** Runs `send` for `chat` when the pacing allows; resolves with its result. */
  schedule<T>(chat: string, send: () => Promise<T>): Promise<T> {
    return this.chats.key(chat).schedule(async () => {
      if (this.jitterMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.floor(this.random() * this.jitterMs)));
      return send();
    });
  }

  /** Waits for queued sends to finish, then refuses new ones. */
  async stop(): Promise<void> {
    await this.overall.stop({ dropWaitingJobs: false });
  }
}
