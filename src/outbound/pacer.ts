import Bottleneck from 'bottleneck';

/** How fast one channel may send. */
export interface PacingOptions {
  /** Per chat: at least this gap between two sends; sends to one chat keep their order. */
  chatGapMs: number;
  /** All chats together: at most this many sends a second. */
  maxPerSecond: number;
  /** All chats together: at least this rest after each send (WeChat: look human)… */
  minGapMs?: number;
  /** …plus up to this much more, at random. */
  jitterMs?: number;
  /** For tests: the randomness of the jitter. */
  random?: () => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Outbound pacing for a channel, with bottleneck: one limiter per chat (one send at a time, in
 * order, `chatGapMs` apart) chained to one limiter for the whole channel (`maxPerSecond`, one send
 * at a time). For WeChat, whose personal accounts are banned for bursts, the whole account then
 * rests `minGapMs` plus a random part of `jitterMs` after each send. The rest comes after the send,
 * not before, so a first answer is not delayed and any two sends are at least `minGapMs` apart;
 * the caller is answered as soon as its own send is done.
 */
export class Pacer {
  private readonly overall: Bottleneck;
  private readonly chats: Bottleneck.Group;
  private readonly minGapMs: number;
  private readonly jitterMs: number;
  private readonly random: () => number;

  constructor(options: PacingOptions) {
    this.overall = new Bottleneck({ maxConcurrent: 1, minTime: Math.ceil(1000 / options.maxPerSecond) });
    this.chats = new Bottleneck.Group({ maxConcurrent: 1, minTime: options.chatGapMs });
    this.chats.on('created', (limiter) => limiter.chain(this.overall));
    this.minGapMs = options.minGapMs ?? 0;
    this.jitterMs = options.jitterMs ?? 0;
    this.random = options.random ?? Math.random;
  }

  /** Runs `send` for `chat` when the pacing allows; resolves with its result once it is sent. */
  schedule<T>(chat: string, send: () => Promise<T>): Promise<T> {
    let sent!: (value: T) => void;
    let failed!: (error: unknown) => void;
    const result = new Promise<T>((resolve, reject) => {
      sent = resolve;
      failed = reject;
    });
    this.chats
      .key(chat)
      .schedule(async () => {
        try {
          sent(await send());
        } catch (error) {
          failed(error);
        }
        const rest = this.minGapMs + Math.floor(this.random() * this.jitterMs);
        if (rest > 0) await sleep(rest);
      })
      .catch(failed);
    return result;
  }

  /** Waits for queued sends to finish, then refuses new ones. */
  async stop(): Promise<void> {
    await this.overall.stop({ dropWaitingJobs: false });
  }
}
