import { GrammyError, HttpError } from 'grammy';

/**
 * A Telegram error fit for logs and the notification outbox. grammY's errors carry the request
 * payload (a resident's words, a phone number) and, for network failures, the request URL with
 * the bot token in it; this keeps the method, the code and the reason, with the token blanked.
 */
export class TelegramFailure extends Error {
  override readonly name = 'TelegramFailure';

  constructor(
    message: string,
    /** Telegram's error code (403: the private chat is closed, 429: too many requests), when it answered. */
    readonly errorCode?: number,
  ) {
    super(message);
  }
}

/** Turns whatever a Bot API call threw into a `TelegramFailure` without the token or the payload. */
export function telegramFailure(error: unknown, token: string): TelegramFailure {
  const redact = (text: string) => text.split(token).join('<token>');
  if (error instanceof TelegramFailure) return error;
  if (error instanceof GrammyError) return new TelegramFailure(redact(`${error.method}: ${error.error_code} ${error.description}`), error.error_code);
  if (error instanceof HttpError) {
    const cause = error.error instanceof Error ? `: ${error.error.message}` : '';
    return new TelegramFailure(redact(`${error.message}${cause}`));
  }
  const failure = new TelegramFailure(redact(error instanceof Error ? error.message : String(error)));
  // A fault of our own (a TypeError on a malformed update): keep where it happened.
  if (error instanceof Error && error.stack) failure.stack = redact(error.stack);
  return failure;
}
