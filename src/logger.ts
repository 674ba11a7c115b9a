import pino, { type Logger } from 'pino';

/**
 * The process logger: JSON lines, with anything that may carry a resident's phone or ID number
 * redacted at the source.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'cunban' },
    redact: { paths: ['phone', '*.phone', 'idNumber', '*.idNumber', 'contact', '*.contact', 'req.headers.authorization'], censor: '[redacted]' },
  });
}
