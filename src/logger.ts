import pino, { type DestinationStream, type Logger } from 'pino';
import { maskPersonalNumbers } from './personal-numbers.ts';

/** What a request log line may say of a request: `url` is the path with personal numbers masked and every query value left out. */
interface LoggedRequest {
  method?: string;
  url?: string;
  routeOptions?: { url?: string };
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * The URL as it may be logged: the path with mobile and ID numbers masked, and of the query
 * string only its names (`/api/v1/knowledge/search?q=[redacted]&limit=[redacted]`): search
 * queries carry what residents type (their phone numbers), and a query may carry a token.
 */
export function loggableUrl(url: string): string {
  const mark = url.indexOf('?');
  let pathname = mark === -1 ? url : url.slice(0, mark);
  try {
    pathname = decodeURIComponent(pathname);
  } catch {
    // A malformed escape: masked as it stands.
  }
  const masked = maskPersonalNumbers(pathname);
  if (mark === -1) return masked;
  const names = [...new Set(url.slice(mark + 1).split('&').filter(Boolean).map((pair) => pair.split('=')[0]!))];
  const query = names.map((name) => `${maskPersonalNumbers(safeDecode(name)).slice(0, 40)}=[redacted]`).join('&');
  return query ? `${masked}?${query}` : masked;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The request as fastify's request log lines show it: its route (the pattern, not the raw URL) and the loggable URL. */
function requestSerializer(request: LoggedRequest) {
  return {
    method: request.method,
    route: request.routeOptions?.url,
    url: request.url === undefined ? undefined : loggableUrl(request.url),
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** A log value with every phone and ID number in its strings masked (the one masker), to a few levels deep. */
export function maskedForLog(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalNumbers(value);
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const masked = new Error(maskPersonalNumbers(value.message));
    masked.name = value.name;
    masked.stack = value.stack === undefined ? undefined : maskPersonalNumbers(value.stack);
    return Object.assign(masked, maskedForLog({ ...value }, depth + 1) as object);
  }
  if (Array.isArray(value)) return value.map((v) => maskedForLog(v, depth + 1));
  // A request, a reply or another class's object is left to its serializer (req's masks its URL).
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskedForLog(v, depth + 1)]));
}

/**
 * The process logger: JSON lines, with anything that may carry a resident's phone or ID number,
 * a token or a cookie redacted at the source — named fields removed, and phone and ID numbers
 * masked in every other field and in the message. `destination` is for tests that read the log.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'cunban' },
    serializers: { req: requestSerializer },
    formatters: { log: (object: Record<string, unknown>) => maskedForLog(object) as Record<string, unknown> },
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...args: unknown[]) => void) {
        // An error logged on its own gives the line its message: masked here, before pino copies it into `msg`.
        method.apply(this, args.map((a) => (typeof a === 'string' || a instanceof Error ? maskedForLog(a) : a)));
      },
    },
    redact: {
      paths: [
        'phone',
        '*.phone',
        'idNumber',
        '*.idNumber',
        'contact',
        '*.contact',
        'token',
        '*.token',
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
