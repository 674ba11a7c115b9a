/**
 * Errors with stable codes. `AppError` carries a code that logs and API clients can rely on,
 * a message for staff, and (where a resident may see it) a short Chinese text saying what to do.
 */
export const ErrorCodes = {
  CONFIG_INVALID: 'CUNBAN_CONFIG_INVALID',
  KNOWLEDGE_INVALID: 'CUNBAN_KNOWLEDGE_INVALID',
  BAD_REQUEST: 'CUNBAN_BAD_REQUEST',
  UNAUTHORIZED: 'CUNBAN_UNAUTHORIZED',
  NOT_FOUND: 'CUNBAN_NOT_FOUND',
  INTERNAL: 'CUNBAN_INTERNAL',
} as const;

/** One of the stable error codes above. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** An error with a stable code; `userText` is safe to show to a resident. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly userText: string = '抱歉，出了点问题，请稍后再试，或拨打12345热线。',
  ) {
    super(message);
    this.name = 'AppError';
  }
}
