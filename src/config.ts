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

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: optionalUrl(['postgres://', 'postgresql://']),
  REDIS_URL: optionalUrl(['redis://', 'rediss://']),
  KNOWLEDGE_DIR: z.string().trim().min(1).default('./knowledge'),
  ADMIN_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, {
    message: 'must be at least 16 characters',
  }),
  HOTLINE_URL: optionalUrl(['http://', 'https://']),
  HOTLINE_SECRET: optionalText,
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: optionalUrl(['http://', 'https://']),
  TELEGRAM_WEBHOOK_URL: optionalUrl(['https://', 'http://']),
  TELEGRAM_WEBHOOK_SECRET: optionalText,
  WECHATY_PUPPET: optionalText,
  WECHATY_PUPPET_SERVICE_TOKEN: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FLOOD_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(20),
  SESSION_TTL_HOURS: z.coerce.number().min(0.1).max(24 * 90).default(72),
  REMINDER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
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
  if (config.TELEGRAM_WEBHOOK_URL && !config.TELEGRAM_WEBHOOK_SECRET) {
    throw new AppError(
      ErrorCodes.CONFIG_INVALID,
      'TELEGRAM_WEBHOOK_SECRET: is required when TELEGRAM_WEBHOOK_URL is set',
    );
  }
  return Object.freeze(config);
}
