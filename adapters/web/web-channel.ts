import type { FastifyPluginAsync } from 'fastify';
import { isPrivateChat } from '../../src/channel.ts';
import { planDelivery } from '../../src/deliver.ts';
import type { Engine } from '../../src/engine/engine.ts';
import type { InboundMessage } from '../../src/message.ts';
import type { NotificationOutbox } from '../../src/notify/notification-outbox.ts';
import { CHAT_PAGE } from './chat-page.ts';
import type { WebIdentities } from './web-identity.ts';
import type { Readable } from 'node:stream';
import { type AttachmentProblem, type AttachmentStore, MAX_ATTACHMENT_BYTES, MAX_PHOTOS_PER_MESSAGE } from '../../src/hotline/attachment-store.ts';
import type { Attachment } from '../../src/message.ts';
import type { BodyBudget } from '../../src/server/body-budget.ts';
import { addressBucket } from '../../src/server/address-bucket.ts';

interface MessageBody {
  /** Read only from a caller holding WEB_API_KEY; a browser's resident is its cookie's. */
  userId?: string;
  text: string;
  chatId?: string;
  chatType?: 'private' | 'group';
  mentioned?: boolean;
  messageId?: string;
  /** Photos as base64 `data`, or uploaded first (`POST /api/v1/messages/photos`) and named by `photo`. */
  attachments?: { kind: 'image' | 'file'; mimeType?: string; name?: string; data?: string; photo?: string }[];
}

const bodySchema = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  properties: {
    userId: { type: 'string', minLength: 1, maxLength: 128 },
    text: { type: 'string', maxLength: 100_000 },
    chatId: { type: 'string', minLength: 1, maxLength: 128 },
    chatType: { type: 'string', enum: ['private', 'group'] },
    mentioned: { type: 'boolean' },
    messageId: { type: 'string', minLength: 1, maxLength: 128 },
    attachments: {
      type: 'array',
      maxItems: MAX_PHOTOS_PER_MESSAGE,
      items: {
        type: 'object',
        required: ['kind'],
        anyOf: [{ required: ['mimeType', 'data'] }, { required: ['photo'] }],
        additionalProperties: false,
        properties: {
          kind: { type: 'string', enum: ['image', 'file'] },
          mimeType: { type: 'string', minLength: 3, maxLength: 100 },
          name: { type: 'string', maxLength: 200 },
          data: { type: 'string', description: 'base64' },
          photo: { type: 'string', minLength: 1, maxLength: 64, description: 'the id POST /api/v1/messages/photos answered' },
        },
      },
    },
  },
} as const;

/** A notification read from the inbox is shown as it is: a group copy never carries what is personal. */
const INBOX = { buttons: true, privateReplies: false };

/**
 * Room for one phone photo as base64 (a third larger than its bytes) and the text. More photos,
 * or larger ones, go through `POST /api/v1/messages/photos`, which streams them to disk: a JSON
 * body is held in memory whole (as a string, then parsed, then decoded), about four times its size.
 */
export const MESSAGE_BODY_LIMIT = Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 2 * 1024 * 1024;

/** How large bodies are let into memory: a budget of bytes, and how long one may wait for it. */
export interface BodyAdmission {
  budget: BodyBudget;
  waitMs: number;
}

/** What an upload that is not kept is answered. */
const PHOTO_STATUS: Record<AttachmentProblem, number> = { too_large: 413, not_an_image: 415, no_data: 400, over_quota: 429, address_over_quota: 429, store_full: 507 };
const photoProblem: Record<AttachmentProblem, { error: { code: string; message: string } }> = {
  too_large: { error: { code: 'CUNBAN_PHOTO_TOO_LARGE', message: `a photo may be at most ${MAX_ATTACHMENT_BYTES / 1_048_576} MB` } },
  not_an_image: { error: { code: 'CUNBAN_NOT_AN_IMAGE', message: 'only photos are kept (JPEG, PNG, WebP, HEIC, GIF), judged by their bytes' } },
  no_data: { error: { code: 'CUNBAN_BAD_REQUEST', message: 'the body is empty: send the photo\'s bytes' } },
  over_quota: { error: { code: 'CUNBAN_PHOTO_QUOTA', message: 'this resident has sent as many photos today as one may (UPLOAD_DAILY_MB_PER_RESIDENT)' } },
  address_over_quota: { error: { code: 'CUNBAN_PHOTO_QUOTA', message: 'this network address has sent as many photos today as one may (UPLOAD_DAILY_MB_PER_ADDRESS)' } },
  store_full: { error: { code: 'CUNBAN_PHOTO_STORE_FULL', message: 'the photo store is full (UPLOAD_TOTAL_MB); the report can go on in words' } },
};
const photosNeedCookie = 'photos are taken from a browser holding its cookie (given with the chat page at / and with every reply), or with Authorization: Bearer <WEB_API_KEY> and userId';

const busy = { error: { code: 'CUNBAN_BUSY', message: 'too many photos are being received right now: send again in half a minute' } };
const unauthorized = (message: string) => ({ error: { code: 'CUNBAN_UNAUTHORIZED', message } });
const userIdRequired = { error: { code: 'CUNBAN_BAD_REQUEST', message: 'userId: is required with Authorization: Bearer <WEB_API_KEY> (name the resident the caller authenticated)' } };

/**
 * The web channel: `POST /api/v1/messages` (CONTRACT.md) and the chat page at `/`. It only
 * translates the JSON body into an `InboundMessage` and the engine's replies back. A web caller
 * posting into a group is taken to address the bot unless it says `mentioned: false`.
 *
 * Who talks (CONTRACT.md): a caller with `Authorization: Bearer <WEB_API_KEY>` (a county's
 * gateway that authenticated the resident) names her with `userId`, and may speak in a group
 * (`chatId`, `chatType`). Any other caller is a browser: its resident is the one named by the
 * signed, HTTP-only cookie the server issued (a new one on its first message or page load), it
 * speaks only in her own private chat, and `userId`, `chatId` and `chatType` in its body are
 * ignored. A wrong key is a 401, never a fall-back to the cookie.
 */
export function webChannel(engine: Engine, outbox: NotificationOutbox, identities: WebIdentities, admission: BodyAdmission, photos: AttachmentStore): FastifyPluginAsync {
  return async (app) => {
    // Messages the bot sends on its own (reminders, a booking begun in a group, status changes):
    // the web has no push, so the page polls; what is fetched counts as delivered.
    app.get<{ Querystring: { userId?: string } }>(
      '/api/v1/messages/inbox',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: { userId: { type: 'string', minLength: 1, maxLength: 128 } },
          },
        },
      },
      async (request, reply) => {
        // Only the browser that talks as this user, or a key holder, reads its messages (they may hold personal data).
        const caller = identities.caller(request);
        if (caller.kind === 'refused') return reply.code(401).send(unauthorized(caller.message));
        let user: string;
        if (caller.kind === 'key') {
          if (!request.query.userId) return reply.code(400).send(userIdRequired);
          user = request.query.userId;
        } else {
          if (!caller.userId) {
            return reply.code(401).send(unauthorized('the inbox answers the browser holding its cookie (given with the chat page and every reply) or Authorization: Bearer <WEB_API_KEY> with userId'));
          }
          user = caller.userId;
        }
        const waiting = await outbox.forRecipient({ channel: 'web', user }, { waiting: true });
        for (const notification of waiting) {
          await outbox.markSent(notification.id);
          await engine.rememberChoices(notification.to, notification.replies);
        }
        const messages = waiting.flatMap((n) =>
          planDelivery(n.replies, isPrivateChat(n.to) ? 'private' : 'group', INBOX).chat.map((reply) => ({
            chatId: n.to.chat,
            text: reply.text,
            ...(reply.buttons?.length ? { buttons: reply.buttons } : {}),
          })),
        );
        return { messages };
      },
    );

    app.post<{ Body: MessageBody }>(
      '/api/v1/messages',
      {
        schema: { body: bodySchema },
        bodyLimit: MESSAGE_BODY_LIMIT,
        // Before the body is parsed: a wrong key is refused without reading what it sent.
        onRequest: async (request, reply) => {
          const caller = identities.caller(request);
          if (caller.kind === 'refused') return reply.code(401).send(unauthorized(caller.message));
          // A body with photos waits for room before it is read (one declaring nothing counts as the largest).
          // The room goes back when the exchange ends, however it ends: a caller seen to hang up while
          // waiting leaves the queue, and one that hangs up just as its turn came gives it back at once
          // (and its body is not read).
          const declared = Number(request.headers['content-length'] ?? MESSAGE_BODY_LIMIT);
          const hungUp = new AbortController();
          let release: (() => void) | undefined;
          reply.raw.once('close', () => {
            hungUp.abort();
            release?.();
          });
          release = await admission.budget.reserve(Number.isFinite(declared) ? declared : MESSAGE_BODY_LIMIT, admission.waitMs, hungUp.signal);
          if (hungUp.signal.aborted) {
            release?.();
            return reply.hijack();
          }
          if (!release) return reply.code(503).header('retry-after', '30').send(busy);
        },
      },
      async (request, reply) => {
        const body = request.body;
        const caller = identities.caller(request);
        if (caller.kind === 'refused') return reply.code(401).send(unauthorized(caller.message));
        const trusted = caller.kind === 'key';
        if (trusted && !body.userId) return reply.code(400).send(userIdRequired);
        // Photos come from a resident the server already knows: a browser without its cookie would be a new one each time.
        if (!trusted && !caller.userId && body.attachments?.length) return reply.code(401).send(unauthorized(photosNeedCookie));
        const user = trusted ? body.userId! : identities.browserUser(caller.userId, reply);
        const chatType = trusted ? (body.chatType ?? 'private') : 'private';
        const message: InboundMessage = {
          channel: 'web',
          chat: trusted ? (body.chatId ?? user) : user,
          chatType,
          user,
          text: body.text,
          mentioned: body.mentioned ?? true,
          attachments: await Promise.all(
            (body.attachments ?? []).map(async (a): Promise<Attachment> => {
              // An uploaded photo counts only for the resident who uploaded it (and no report holds yet).
              if (a.photo) {
                const stored = await photos.pending(a.photo, `web:${user}`);
                return stored ? { kind: 'image', mimeType: stored.mimeType, stored } : { kind: a.kind };
              }
              return { kind: a.kind, mimeType: a.mimeType!, data: new Uint8Array(Buffer.from(a.data!, 'base64')), ...(a.name ? { name: a.name } : {}) };
            }),
          ),
          receivedAt: new Date(),
          ...(trusted ? {} : { address: addressBucket(request.ip) }),
          ...(body.messageId ? { id: body.messageId } : {}),
        };
        const { delivery, intent, itemId } = await engine.handle(message);
        // In a group, what is personal goes to the resident's own web chat (her inbox).
        if (delivery.private.length) await outbox.enqueue({ channel: 'web', chat: user, user }, delivery.private);
        const replies = delivery.chat.map((reply) => (reply.buttons?.length ? { text: reply.text, buttons: reply.buttons } : { text: reply.text }));
        return { replies, intent, itemId };
      },
    );

    // A photo uploaded on its own, its bytes streamed to disk as they arrive (never held in memory),
    // then named in a message's attachments: how a page or app sends phone photos.
    await app.register(async (uploads) => {
      // Whatever type the body claims: what it is, its first bytes tell (a text file is refused as no image).
      uploads.removeAllContentTypeParsers();
      uploads.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
      uploads.post<{ Querystring: { userId?: string } }>(
        '/api/v1/messages/photos',
        { schema: { querystring: { type: 'object', properties: { userId: { type: 'string', minLength: 1, maxLength: 128 } } } } },
        async (request, reply) => {
          const caller = identities.caller(request);
          if (caller.kind === 'refused') return reply.code(401).send(unauthorized(caller.message));
          const trusted = caller.kind === 'key';
          if (trusted && !request.query.userId) return reply.code(400).send(userIdRequired);
          if (!trusted && !caller.userId) return reply.code(401).header('connection', 'close').send(unauthorized(photosNeedCookie));
          const user = trusted ? request.query.userId! : caller.userId!;
          const declared = Number(request.headers['content-length'] ?? 0);
          if (declared > MAX_ATTACHMENT_BYTES) return reply.code(413).header('connection', 'close').send(photoProblem.too_large);
          const sender = { owner: `web:${user}`, ...(trusted ? {} : { address: addressBucket(request.ip) }) };
          const saved = await photos.saveStream(request.body as Readable, sender, engine.now(), Number.isFinite(declared) ? declared : undefined);
          if (typeof saved === 'string') return reply.code(PHOTO_STATUS[saved]).send(photoProblem[saved]);
          return { photo: saved };
        },
      );
    });

    // The page itself says nothing to the bot; it gets its cookie here, so its inbox can be read before its first message.
    app.get('/', async (request, reply) => {
      const caller = identities.caller(request);
      identities.browserUser(caller.kind === 'cookie' ? caller.userId : undefined, reply);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(CHAT_PAGE);
    });
  };
}
