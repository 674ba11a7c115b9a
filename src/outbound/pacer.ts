import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';

/**
 * Pacing shared by every instance that sends as one account: bottleneck's clustering keeps the
 * limiters' state in Redis, so two processes of one bot together keep the per-chat gap and the
 * per-channel rate that one process would.
 */
export interface SharedPacing {
  /** The server's Redis connection; the pacer opens duplicates of its own and closes them on stop. */
  redis: Redis;
  /** Names the sending account (e.g. `telegram:<bot id>`): pacers with the same id share their limits. */
  id: string;
}

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
  /** When set (REDIS_URL), the limits are shared through Redis with the other instances. */
  shared?: SharedPacing;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Outbound pacing for a channel, with bottleneck: one limiter per chat (one send at a time, in
 * order, `chatGapMs` apart) chained to one limiter for the whole channel (`maxPerSecond`, one send
 * at a time). For WeChat, whose personal accounts are banned for bursts, the whole account then
 * rests `minGapMs` plus a random part of `jitterMs` after each send. The rest comes after the send,
 * not before, so a first answer is not delayed and any two sends are at least `minGapMs` apart;
 * the caller is answered as soon as its own send is done. With `shared`, both limiters are
 * clustered through Redis under the account's id, so the rates hold across instances.
 */
export class Pacer {
  private readonly overall: Bottleneck;
  private readonly chats: Bottleneck.Group;
  private readonly minGapMs: number;
  private readonly jitterMs: number;
  private readonly random: () => number;
  private readonly connection: Bottleneck.IORedisConnection | undefined;

  constructor(options: PacingOptions) {
    const overall = { maxConcurrent: 1, minTime: Math.ceil(1000 / options.maxPerSecond) };
    const chat = { maxConcurrent: 1, minTime: options.chatGapMs };
    if (options.shared) {
      // A client of its own (bottleneck adds a subscriber), so stopping the pacer closes only its own.
      this.connection = new Bottleneck.IORedisConnection({ client: options.shared.redis.duplicate() });
      this.connection.on('error', () => {});
      const cluster = { datastore: 'ioredis', connection: this.connection } as const;
      const id = `cunban:pacer:${options.shared.id}`;
      this.overall = new Bottleneck({ ...overall, ...cluster, id });
      // Settings kept in Redis from an earlier start win over ours unless updated.
      // (bottleneck's typings call this synchronous; it returns a promise.)
      Promise.resolve(this.overall.updateSettings(overall)).catch(() => undefined);
      this.chats = new Bottleneck.Group({ ...chat, ...cluster, id: `${id}:chat` });
    } else {
      this.overall = new Bottleneck(overall);
      this.chats = new Bottleneck.Group(chat);
    }
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
    await this.connection?.disconnect();
  }
}
