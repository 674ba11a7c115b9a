import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import TelegramServer from 'telegram-test-api';
import type { InlineKeyboardButton, PhotoSize } from 'grammy/types';
import { freePort } from '../helpers/free-port.ts';

/** A Telegram user as the emulator sends it. */
export interface PeerUser {
  id: number;
  is_bot: false;
  first_name: string;
  username?: string;
}

/** A chat as the emulator sends it. */
export interface PeerChat {
  id: number;
  type: 'private' | 'group' | 'supergroup';
  title?: string;
  first_name?: string;
}

/** A message the bot sent, as the Bot API server received it. */
export interface SentMessage {
  messageId: number;
  chatId: string;
  text: string;
  replyTo?: number;
  keyboard?: InlineKeyboardButton[][];
}

/** One Bot API call the bot made. */
export interface ApiCall {
  method: string;
  body: Record<string, unknown>;
  /** When the call arrived (ms since the epoch). */
  at: number;
}

/** The emulator's surface used here (its typings describe a CommonJS default export). */
interface Emulator {
  config: { apiURL: string };
  storage: {
    userMessages: { botToken: string; isRead: boolean; messageId: number; updateId: number }[];
    botMessages: { botToken: string; messageId: number; message: Record<string, unknown> }[];
  };
  start(): Promise<void>;
  stop(): Promise<boolean>;
  addUserMessage(message: Record<string, unknown>): Promise<void>;
  addUserCallback(query: Record<string, unknown>): Promise<void>;
  getUpdates(token: string): Record<string, unknown>[];
}
type EmulatorClass = new (config: { port: number; host: string; storeTimeout: number }) => Emulator;


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * A Bot API peer for tests: telegram-test-api (a real Bot API emulator: getMe, getUpdates,
 * sendMessage, answerCallbackQuery, setWebhook…) on a free port, behind a thin front on another
 * free port that adds what the emulator lacks and real Telegram does: long polling (the emulator
 * answers getUpdates at once), getFile and the file download endpoint, 403 for a user who never
 * opened the private chat, webhook delivery with the `X-Telegram-Bot-Api-Secret-Token` header,
 * and an outage switch. The bot under test points `TELEGRAM_API_ROOT` at the front.
 */
export class BotApiPeer {
  /** Every call the bot made, in order. */
  readonly calls: ApiCall[] = [];
  /** Users who never opened a private chat with the bot: Telegram refuses to write to them. */
  readonly neverStarted = new Set<number>();
  /** While set, every method but getUpdates fails at the network level. */
  unreachable = false;
  /** What the bot registered with setWebhook. */
  webhook: { url: string; secret?: string } | undefined;
  /** The id of the last message a user sent. */
  lastMessageId = 0;
  /** Status codes the webhook answered, in order. */
  readonly webhookAnswers: number[] = [];

  private readonly files = new Map<string, { path: string; data: Buffer }>();
  private polls = 0;
  private lastDeliveringPoll = -1;

  private constructor(
    readonly token: string,
    private readonly emulator: Emulator,
    private readonly front: HttpServer,
    readonly apiRoot: string,
  ) {}

  /** Starts the emulator and the front, each on a free port. */
  static async start(token = '123456:TEST-telegram-token'): Promise<BotApiPeer> {
    const Emulator = TelegramServer as unknown as EmulatorClass;
    const emulator = new Emulator({ port: await freePort(), host: '127.0.0.1', storeTimeout: 600 });
    await emulator.start();
    const front = createHttpServer();
    const port = await freePort();
    await new Promise<void>((resolve) => front.listen(port, '127.0.0.1', resolve));
    const peer = new BotApiPeer(token, emulator, front, `http://127.0.0.1:${port}`);
    front.on('request', (request, response) => {
      peer.serve(request, response).catch((error: unknown) => json(response, 500, { ok: false, error_code: 500, description: String(error) }));
    });
    return peer;
  }

  async stop(): Promise<void> {
    this.front.closeAllConnections();
    await new Promise<void>((resolve) => this.front.close(() => resolve()));
    await this.emulator.stop();
  }

  /** A photo the user is about to send: its sizes, the largest holding `data`. */
  uploadPhoto(data: Buffer): PhotoSize[] {
    const id = `photo-${this.files.size + 1}`;
    this.files.set(`${id}-small`, { path: `photos/${id}-small.jpg`, data: data.subarray(0, Math.min(data.length, 64)) });
    this.files.set(id, { path: `photos/${id}.jpg`, data });
    return [
      { file_id: `${id}-small`, file_unique_id: `${id}-s`, width: 90, height: 67, file_size: Math.min(data.length, 64) },
      { file_id: id, file_unique_id: `${id}-l`, width: 1280, height: 960, file_size: data.length },
    ];
  }

  /** A user writes in a chat; resolves with the message id once the bot could have fetched it. */
  async send(from: PeerUser, chat: PeerChat, fields: Record<string, unknown>): Promise<number> {
    await this.emulator.addUserMessage({ botToken: this.token, date: Math.floor(Date.now() / 1000), from, chat, ...fields });
    this.lastMessageId = this.emulator.storage.userMessages.at(-1)!.messageId;
    await this.push();
    return this.lastMessageId;
  }

  /** A user taps an inline button under one of the bot's messages. */
  async tap(from: PeerUser, chat: PeerChat, message: SentMessage, data: string): Promise<void> {
    await this.emulator.addUserCallback({
      botToken: this.token,
      date: Math.floor(Date.now() / 1000),
      from,
      data,
      message: { message_id: message.messageId, date: Math.floor(Date.now() / 1000), chat, from: { id: 666, is_bot: true, first_name: 'Bot' }, text: message.text },
    });
    await this.push();
  }

  /** Waits until the bot has fetched every update and taken the batch (polled again), or, with a webhook, received them. */
  async fetched(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const unread = () => this.emulator.storage.userMessages.some((u) => u.botToken === this.token && !u.isRead);
    while (unread() || (!this.webhook && this.polls <= this.lastDeliveringPoll + 1)) {
      if (Date.now() > deadline) throw new Error('the bot did not fetch its updates');
      await sleep(5);
    }
  }

  /** Everything the bot sent, oldest first (optionally in one chat). */
  sent(chatId?: number | string): SentMessage[] {
    return this.emulator.storage.botMessages
      .filter((m) => m.botToken === this.token && (chatId === undefined || String(m.message.chat_id) === String(chatId)))
      .map((m) => {
        const body = m.message as { chat_id: number | string; text?: string; reply_parameters?: { message_id: number }; reply_markup?: { inline_keyboard?: InlineKeyboardButton[][] } };
        return {
          messageId: m.messageId,
          chatId: String(body.chat_id),
          text: body.text ?? '',
          ...(body.reply_parameters ? { replyTo: body.reply_parameters.message_id } : {}),
          ...(body.reply_markup?.inline_keyboard ? { keyboard: body.reply_markup.inline_keyboard } : {}),
        };
      });
  }

  /** With a webhook registered, posts waiting updates to it the way Telegram does. */
  private async push(): Promise<void> {
    if (!this.webhook) return;
    for (const update of this.emulator.getUpdates(this.token)) {
      const response = await fetch(this.webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.webhook.secret ? { 'x-telegram-bot-api-secret-token': this.webhook.secret } : {}) },
        body: JSON.stringify(update),
      });
      this.webhookAnswers.push(response.status);
    }
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.apiRoot);
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      const stored = [...this.files.values()].find((f) => f.path === file[2] && file[1] === this.token);
      if (!stored) return json(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
      response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': stored.data.length }).end(stored.data);
      return;
    }
    const call = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const raw = await readBody(request);
    const body = (raw.length && String(request.headers['content-type']).includes('json') ? JSON.parse(raw.toString('utf8')) : {}) as Record<string, unknown>;
    if (!call || call[1] !== this.token) return json(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = call[2]!;
    this.calls.push({ method, body, at: Date.now() });
    if (method === 'getUpdates') return this.longPoll(request, response, raw, body);
    if (this.unreachable) {
      request.socket.destroy();
      return;
    }
    switch (method) {
      case 'setWebhook':
        this.webhook = { url: String(body.url), ...(body.secret_token ? { secret: String(body.secret_token) } : {}) };
        return json(response, 200, { ok: true, result: true });
      case 'deleteWebhook':
        this.webhook = undefined;
        return json(response, 200, { ok: true, result: true });
      case 'setMyCommands':
        return json(response, 200, { ok: true, result: true });
      case 'getFile': {
        const stored = this.files.get(String(body.file_id));
        if (!stored) return json(response, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
        return json(response, 200, { ok: true, result: { file_id: body.file_id, file_unique_id: `${body.file_id}-u`, file_size: stored.data.length, file_path: stored.path } });
      }
      case 'sendMessage':
        if (this.neverStarted.has(Number(body.chat_id))) {
          return json(response, 403, { ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" });
        }
    }
    await this.forward(request, response, raw);
  }

  /** Holds getUpdates until an update is there or the poll's timeout (at most 1 s here) passes, as Telegram does. */
  private async longPoll(request: IncomingMessage, response: ServerResponse, raw: Buffer, body: Record<string, unknown>): Promise<void> {
    const poll = this.polls++;
    const waitMs = Math.min(Number(body.timeout ?? 0) * 1000, 1000);
    const deadline = Date.now() + waitMs;
    const unread = () => this.emulator.storage.userMessages.some((u) => u.botToken === this.token && !u.isRead);
    while (!unread() && Date.now() < deadline && !response.destroyed && !request.socket.destroyed) await sleep(5);
    if (response.destroyed || request.socket.destroyed) return;
    if (unread()) this.lastDeliveringPoll = poll;
    await this.forward(request, response, raw);
  }

  private async forward(request: IncomingMessage, response: ServerResponse, raw: Buffer): Promise<void> {
    const answer = await fetch(`${this.emulator.config.apiURL}${request.url}`, {
      method: request.method ?? 'POST',
      headers: { 'content-type': String(request.headers['content-type'] ?? 'application/json') },
      ...(request.method === 'GET' ? {} : { body: new Uint8Array(raw) }),
    });
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
  }
}
