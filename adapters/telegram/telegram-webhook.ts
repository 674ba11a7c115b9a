import type { FastifyPluginAsync } from 'fastify';
import type { TelegramChannel } from './telegram-channel.ts';

/** Telegram's webhook calls are small JSON updates; a photo is fetched separately. */
const UPDATE_BODY_LIMIT = 1_048_576;

function problem(code: string, message: string) {
  return { error: { code, message } };
}

/**
 * Webhook mode: serves `POST <path of TELEGRAM_WEBHOOK_URL>` for Telegram. A call without the
 * `X-Telegram-Bot-Api-Secret-Token` header set by `setWebhook`, or with another value, gets 401
 * and nothing is handled: the URL alone must not let anyone speak as a resident. Accepted
 * updates are answered at once (200) and handled in the background, so Telegram never times out
 * and redelivers. Registers nothing when the channel polls.
 */
export function telegramWebhook(channel: TelegramChannel): FastifyPluginAsync {
  return async (app) => {
    const webhook = channel.webhook;
    if (!webhook) return;
    // Every update comes from Telegram's few addresses; the secret token proves them.
    app.post(webhook.path, { bodyLimit: UPDATE_BODY_LIMIT, config: { addressLimit: false } }, async (request, reply) => {
      if (!channel.acceptsSecret(request.headers['x-telegram-bot-api-secret-token'])) {
        return reply.code(401).send(problem('CUNBAN_UNAUTHORIZED', 'missing or wrong X-Telegram-Bot-Api-Secret-Token'));
      }
      const outcome = await channel.receive(request.body);
      if (outcome === 'malformed') return reply.code(400).send(problem('CUNBAN_BAD_REQUEST', 'not a Telegram update'));
      // Telegram delivers again later: nothing is lost while the channel connects or stops.
      if (outcome === 'not_ready') return reply.code(503).send(problem('CUNBAN_UNAVAILABLE', 'telegram channel not running'));
      return { ok: true };
    });
  };
}
