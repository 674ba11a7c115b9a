import type { FastifyPluginAsync } from 'fastify';
import { isPrivateChat } from '../../src/channel.ts';
import { planDelivery } from '../../src/deliver.ts';
import type { Engine } from '../../src/engine/engine.ts';
import type { InboundMessage } from '../../src/message.ts';
import type { InboxTokens } from '../../src/notify/inbox-tokens.ts';
import type { NotificationOutbox } from '../../src/notify/notification-outbox.ts';
import { CHAT_PAGE } from './chat-page.ts';

interface MessageBody {
  userId: string;
  text: string;
  chatId?: string;
  chatType?: 'private' | 'group';
  mentioned?: boolean;
  messageId?: string;
  attachments?: { kind: 'image' | 'file'; mimeType: string; name?: string; data: string }[];
}

const bodySchema = {
  type: 'object',
  required: ['userId', 'text'],
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
      maxItems: 4,
      items: {
        type: 'object',
        required: ['kind', 'mimeType', 'data'],
        additionalProperties: false,
        properties: {
          kind: { type: 'string', enum: ['image', 'file'] },
          mimeType: { type: 'string', minLength: 3, maxLength: 100 },
          name: { type: 'string', maxLength: 200 },
          data: { type: 'string', description: 'base64' },
        },
      },
    },
  },
} as const;

/** A notification read from the inbox is shown as it is: a group copy never carries what is personal. */
const INBOX = { buttons: true, privateReplies: false };

/** Room for a few phone photos as base64 (a third larger than the bytes). */
const MESSAGE_BODY_LIMIT = 48 * 1024 * 1024;

/**
 * The web channel: `POST /api/v1/messages` (CONTRACT.md) and the chat page at `/`. It only
 * translates the JSON body into an `InboundMessage` and the engine's replies back. A web caller
 * posting into a group is taken to address the bot unless it says `mentioned: false`.
 */
export function webChannel(engine: Engine, outbox: NotificationOutbox, inbox: InboxTokens): FastifyPluginAsync {
  return async (app) => {
    // Messages the bot sends on its own (reminders, a booking begun in a group, status changes):
    // the web has no push, so the page polls; what is fetched counts as delivered.
    app.get<{ Querystring: { userId: string; token: string } }>(
      '/api/v1/messages/inbox',
      {
        schema: {
          querystring: {
            type: 'object',
            required: ['userId', 'token'],
            properties: { userId: { type: 'string', minLength: 1, maxLength: 128 }, token: { type: 'string', minLength: 1, maxLength: 128 } },
          },
        },
      },
      async (request, reply) => {
        // Only the browser that talks as this user reads its messages (they may hold personal data).
        if (!inbox.verify(request.query.userId, request.query.token)) {
          return reply.code(401).send({ error: { code: 'CUNBAN_UNAUTHORIZED', message: 'token: must be the inboxToken given with the replies to this userId' } });
        }
        const waiting = await outbox.forRecipient({ channel: 'web', user: request.query.userId }, { waiting: true });
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

    app.post<{ Body: MessageBody }>('/api/v1/messages', { schema: { body: bodySchema }, bodyLimit: MESSAGE_BODY_LIMIT }, async (request) => {
      const body = request.body;
      const chatType = body.chatType ?? 'private';
      const message: InboundMessage = {
        channel: 'web',
        chat: body.chatId ?? body.userId,
        chatType,
        user: body.userId,
        text: body.text,
        mentioned: body.mentioned ?? true,
        attachments: (body.attachments ?? []).map((a) => ({
          kind: a.kind,
          mimeType: a.mimeType,
          data: new Uint8Array(Buffer.from(a.data, 'base64')),
          ...(a.name ? { name: a.name } : {}),
        })),
        receivedAt: new Date(),
        ...(body.messageId ? { id: body.messageId } : {}),
      };
      const { delivery, intent, itemId } = await engine.handle(message);
      // In a group, what is personal goes to the resident's own web chat (her inbox).
      if (delivery.private.length) await outbox.enqueue({ channel: 'web', chat: body.userId, user: body.userId }, delivery.private);
      const replies = delivery.chat.map((reply) => (reply.buttons?.length ? { text: reply.text, buttons: reply.buttons } : { text: reply.text }));
      return { replies, intent, itemId, inboxToken: inbox.issue(body.userId) };
    });

    app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(CHAT_PAGE));
  };
}
