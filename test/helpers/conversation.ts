import { fixedClock, type TestClock, type TestServer } from './test-server.ts';
import { play, TranscriptSchema, type Expectation, type Mode, type TurnInput } from './transcript.ts';

/** Where and as whom one message is typed (as in a transcript file). */
export interface UserOptions {
  in?: 'private' | 'group';
  mentioned?: boolean;
  as?: string;
}

/** How a conversation is played: the clock the server reads, the channel, its start time. */
export interface ConversationOptions {
  /** The clock the server was started with (`startTestServer(env, dir, clock)`); without one, time is not set. */
  clock?: TestClock;
  /** Through the engine itself (default) or the web channel. */
  mode?: Mode;
  /** The conversation's start time (default: Wednesday 2026-11-25, 10:00 in Shanghai). */
  at?: string;
  /** The conversation's name, in failure messages. */
  name?: string;
}

/**
 * A conversation written in code, in the manner of botbuilder's TestAdapter:
 *
 *   await conversation(bot, { clock })
 *     .user('低保怎么申请啊').bot({ says: ['【最低生活保障申请】'], item: 'dibao' })
 *     .user('要带什么').bot({ says: ['需要带的材料'] });
 *
 * Each `.user()` is one message and the `.bot()` after it what the bot must (and must not) say,
 * with the same checks as a transcript file (`says`, `not`, `matches`, `buttons`, `silent`,
 * `intent`, `item`, `private`, `remember`). It is played by the transcript player, so a
 * failure reads the same: the turn, what was wrong, and what the bot said. `run()` (or awaiting
 * the conversation) plays it, and rejects with that message.
 */
export class Conversation implements PromiseLike<void> {
  private readonly turns: TurnInput[] = [];

  constructor(
    private readonly server: TestServer,
    private readonly options: ConversationOptions = {},
  ) {}

  /** The resident (or `as`) types a message. */
  user(text: string, where: UserOptions = {}): this {
    this.turns.push({ user: text, ...where });
    return this;
  }

  /** What the bot must say to the message before; may be left out (it must then say something). */
  bot(expected: Expectation): this {
    const last = this.turns.at(-1);
    if (!last || !('user' in last)) throw new Error('.bot() must follow a .user()');
    if (last.bot !== undefined) throw new Error(`.bot() was already given for "${last.user}"`);
    last.bot = expected;
    return this;
  }

  /** The time moves on. */
  clock(iso: string): this {
    this.turns.push({ clock: iso });
    return this;
  }

  /** A staff call to the admin API; `{ as: name }` in the body is that person's id. */
  admin(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, status = 200): this {
    this.turns.push({ admin: { method, url, ...(body === undefined ? {} : { body }), status } });
    return this;
  }

  /** She (or `as`) opens her private chat: what the bot sent on its own must say these (its buttons then answer by number). */
  inbox(expected: { as?: string; says?: string[]; not?: string[]; buttons?: string[] } = {}): this {
    this.turns.push({ inbox: expected });
    return this;
  }

  /** A signed status event from the 12345 hotline (the server must run with `HOTLINE_SECRET: TRANSCRIPT_HOTLINE_SECRET`). */
  hotline(event: { id: string; status: 'accepted' | 'dispatched' | 'replied' | 'closed' | 'rejected'; ticketNo?: string; message?: string }): this {
    this.turns.push({ hotline: event });
    return this;
  }

  /** Plays the conversation; rejects with what went wrong at the first turn that went wrong. */
  async run(): Promise<void> {
    const name = this.options.name ?? 'conversation';
    const transcript = TranscriptSchema.parse({ name, turns: this.turns, ...(this.options.at ? { clock: this.options.at } : {}) });
    // Each run is a conversation of its own: its people never share a session with another run's.
    const file = `${name}#${++runs}`;
    const problem = await play(this.server, this.options.clock ?? fixedClock(transcript.clock), { ...transcript, file }, this.options.mode ?? 'engine');
    if (problem) throw new Error(`${name}: ${problem}`);
  }

  then<R1 = void, R2 = never>(onDone?: ((value: void) => R1 | PromiseLike<R1>) | null, onFailed?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): PromiseLike<R1 | R2> {
    return this.run().then(onDone, onFailed);
  }
}

let runs = 0;

/** A conversation with the bot of a test server, to write turn by turn and then await. */
export function conversation(server: TestServer, options: ConversationOptions = {}): Conversation {
  return new Conversation(server, options);
}
