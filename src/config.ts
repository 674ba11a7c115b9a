import { z } from 'zod';
import { AppError, ErrorCodes } from './errors.ts';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const optionalUrl = (protocols: string[]) =>
  optionalText.refine(
    (value) => value === undefined || protocols.some((p) => value.startsWith(p)),
    { message: `must start with ${protocols.join(' or ')}` },
  ).refine((value) => value === undefined || URL.canParse(value), { message: 'is not a valid URL' });

const nameList = z
  .string()
  .trim()
  .default('')
  .transform((value) => value.split(',').map((name) => name.trim()).filter(Boolean));

const groupMap = z
  .string()
  .trim()
  .default('')
  .transform((value, context) => {
    const groups: Record<string, string> = {};
    for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [group, village] = pair.split('=').map((part) => part?.trim());
      if (!group || !village) {
        context.addIssue({ code: 'custom', message: `"${pair}" is not group=village` });
        return z.NEVER;
      }
      groups[group] = village;
    }
    return groups;
  });

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  /** A request must arrive whole (headers and body) within this, or it is answered 408 and its connection closed. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /**
   * Whom to believe about a client's address (fastify's trustProxy): unset or "false", nobody (the
   * connection's address); "true", every proxy; a number, that many proxies in front; otherwise the
   * proxies' addresses or CIDRs, comma-separated. The per-address limits count by it.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((value): boolean | number | string => (value === undefined || value === '' || value === 'false' ? false : value === 'true' ? true : /^\d+$/.test(value) ? Number(value) : value)),
  /** A connection silent this long (no byte either way, the bot's answer included) is closed. */
  CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  DATABASE_URL: optionalUrl(['postgres://', 'postgresql://']),
  REDIS_URL: optionalUrl(['redis://', 'rediss://']),
  KNOWLEDGE_DIR: z.string().trim().min(1).default('./knowledge'),
  ADMIN_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, {
    message: 'must be at least 16 characters',
  }),
  /** Bearer key of trusted server-side callers of the web channel, who name the resident with `userId`. */
  WEB_API_KEY: optionalText.refine((v) => v === undefined || v.length >= 16, {
    message: 'must be at least 16 characters',
  }),
  /** The key the web channel's identity cookie is signed with (default: a random one kept in DATA_DIR). */
  WEB_COOKIE_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, {
    message: 'must be at least 32 characters',
  }),
  HOTLINE_URL: optionalUrl(['http://', 'https://']),
  HOTLINE_SECRET: optionalText,
  /** A request to 12345 without an answer by then is abandoned and retried. */
  HOTLINE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Optional: an OpenAI-compatible chat API (a county's own model server) that classifies complaints. */
  CHAT_MODEL_URL: optionalUrl(['http://', 'https://']),
  CHAT_MODEL: optionalText,
  CHAT_MODEL_API_KEY: optionalText,
  /** The longest a complaint waits for the model before the offline rules classify it. */
  CHAT_MODEL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8000),
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: optionalUrl(['http://', 'https://']),
  TELEGRAM_WEBHOOK_URL: optionalUrl(['https://', 'http://']),
  TELEGRAM_WEBHOOK_SECRET: optionalText,
  /** Telegram groups and their villages, by chat id or title: "-1001234=岭口村,岭口村民群=岭口村". */
  TELEGRAM_GROUPS: groupMap,
  WECHATY_PUPPET: optionalText,
  WECHATY_PUPPET_SERVICE_TOKEN: optionalText,
  /** Allow-listed WeChat groups and their villages: "岭口村村民群=岭口村,@@roomid=玉峰村". */
  WECHAT_GROUPS: groupMap,
  /** Of those, the groups where a clear service question is answered without an @-mention. */
  WECHAT_AUTO_ANSWER_GROUPS: nameList,
  /** A friend request whose greeting contains this word is accepted (empty: accept none). */
  WECHAT_FRIEND_KEYWORD: z.string().trim().default('办事'),
  /** Human-like pacing of WeChat sends: at least this gap between two messages, plus up to the jitter. */
  WECHAT_MIN_GAP_MS: z.coerce.number().int().min(0).max(60_000).default(1500),
  WECHAT_JITTER_MS: z.coerce.number().int().min(0).max(60_000).default(1500),
  /** Per chat: at least this gap between two sends (all channels). */
  OUTBOUND_CHAT_GAP_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** All chats of one channel together: at most this many sends a second. */
  OUTBOUND_MAX_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FLOOD_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(20),
  /** Megabytes of complaint photos one resident may send in 24 hours. */
  UPLOAD_DAILY_MB_PER_RESIDENT: z.coerce.number().int().min(1).max(10_000).default(80),
  /** Megabytes of complaint photos browsers at one network address may send in 24 hours (each browser is a resident of its own). */
  UPLOAD_DAILY_MB_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(400),
  /** Megabytes of complaint photos kept in DATA_DIR in all; past it, photos are refused (the report goes on). */
  UPLOAD_TOTAL_MB: z.coerce.number().int().min(1).max(10_000_000).default(10_240),
  /** Megabytes of large message bodies (photos) read into memory at once; more wait their turn. */
  UPLOAD_MEMORY_MB: z.coerce.number().int().min(1).max(4096).default(32),
  /** Requests one address may make a minute on the public routes; 0 turns the limit off. */
  ADDRESS_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(120),
  SESSION_TTL_HOURS: z.coerce.number().min(0.1).max(24 * 90).default(72),
  REMINDER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** A staff session unused this long ends (the next page asks to log in again). */
  STAFF_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** Login attempts one address may make a minute (the page answers 429 beyond). */
  STAFF_LOGIN_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(10),
  /** Working days a reopened (不满意) ticket has to be handled again, as this county rules (seed 003: 7). */
  REHANDLE_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(7),
});

/** The validated, frozen configuration: parsed once in `main` and passed to whoever needs it. */
export type Config = Readonly<z.infer<typeof schema>>;

/**
 * Parses the environment into a frozen `Config`. Throws an `AppError` whose message is one line
 * naming the variable and the problem, so that start-up can print it and stop.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = issue.path.join('.') || 'environment';
    throw new AppError(ErrorCodes.CONFIG_INVALID, `${variable}: ${issue.message}`);
  }
  const config = result.data;
  if (config.HOTLINE_URL && !config.HOTLINE_SECRET) {
    throw new AppError(ErrorCodes.CONFIG_INVALID, 'HOTLINE_SECRET: is required when HOTLINE_URL is set');
  }
  if (config.CHAT_MODEL_URL && !config.CHAT_MODEL) {
    throw new AppError(ErrorCodes.CONFIG_INVALID, 'CHAT_MODEL: is required when CHAT_MODEL_URL is set (the model name the server knows)');
  }
  if (config.TELEGRAM_WEBHOOK_URL && !config.TELEGRAM_WEBHOOK_SECRET) {
    throw new AppError(
      ErrorCodes.CONFIG_INVALID,
      'TELEGRAM_WEBHOOK_SECRET: is required when TELEGRAM_WEBHOOK_URL is set',
    );
  }
  return Object.freeze(config);
}
