import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { webChannel } from '../adapters/web/web-channel.ts';
import { webCookieSecret, WebIdentities } from '../adapters/web/web-identity.ts';
import type { Channel, MessageHandler } from './channel.ts';
import { forms, intents } from '../intents/index.ts';
import { parseConfig, type Config } from './config.ts';
import { Engine } from './engine/engine.ts';
import type { Session } from './engine/session.ts';
import { AppError, ErrorCodes } from './errors.ts';
import { KnowledgeService } from './knowledge/knowledge-service.ts';
import { createLogger } from './logger.ts';
import { EmergencyDetector } from './nlu/emergency-detector.ts';
import { Nlu } from './nlu/nlu.ts';
import { UnderstandingModel } from './nlu/understanding-model.ts';
import { FloodLimiter } from './engine/flood-limiter.ts';
import { BodyBudget } from './server/body-budget.ts';
import { Tokenizer } from './nlu/tokenizer.ts';
import { buildApp } from './server/app.ts';
import { prepareDataDir, reasonOf } from './store/data-dir.ts';
import { checkpointWal, openDatabase, type Database } from './store/database.ts';
import { connectRedis } from './store/redis-client.ts';
import { RedisKeyedLock } from './store/redis-keyed-lock.ts';
import { RedisRecentIds } from './store/redis-recent-ids.ts';
import { SessionPurge } from './store/session-purge.ts';
import { SqlSessionRepository } from './store/session-repository.ts';
import { SqlUnansweredRepository } from './store/unanswered-repository.ts';
import { AttachmentStore } from './hotline/attachment-store.ts';
import { type HotlineCategories, loadHotlineCategories } from './hotline/categories.ts';
import { type AppealClassifier, HotlineClassifier } from './hotline/classifier.ts';
import { HotlineForwarder } from './hotline/forwarder.ts';
import { TrainedClassifier } from './hotline/trained-classifier.ts';
import { HotlineOutboxStore } from './hotline/outbox-store.ts';
import { TicketService } from './hotline/ticket-service.ts';
import { DutyAlerts } from './notify/duty-alerts.ts';
import { NotificationDispatcher } from './notify/notification-dispatcher.ts';
import { enqueueNotification, NotificationOutbox } from './notify/notification-outbox.ts';
import type { SharedPacing } from './outbound/pacer.ts';
import { ReminderScheduler } from './visits/reminder-scheduler.ts';
import { maskPersonalNumbers } from './personal-numbers.ts';
import { SqlVisitService } from './visits/sql-visit-service.ts';
import { Handoffs } from './staff/handoffs.ts';
import { catalogFromKnowledge } from './visits/visit-catalog.ts';
import { loadVisitRules } from './visits/visit-rules.ts';

/** A wired server, not yet listening. */
export interface Server {
  app: FastifyInstance;
  engine: Engine;
  knowledge: KnowledgeService;
  nlu: Nlu;
  db: Database;
  visits: SqlVisitService;
  reminders: ReminderScheduler;
  /** Forwards tickets to 12345; absent without HOTLINE_URL (tickets then wait for staff). */
  forwarder: HotlineForwarder | undefined;
  /**
   * The one Redis connection (REDIS_URL) the instances share their flood limits, locks and
   * dedupe through; the chat channels' pacers build on it (`sharedPacing`). Absent without it.
   */
  redis: Redis | undefined;
  /** Deletes idle sessions and unconfirmed reports' photos (hourly on its own timer; tests call `tick`). */
  sessionPurge: SessionPurge;
  close(): Promise<void>;
}

/** What tests and scripts may set beyond the config. */
export interface ServerOptions {
  /** The clock every time-dependent rule reads (default: the real time). */
  now?: () => Date;
  /** Whether the reminder scheduler runs on its own timer (default: yes). */
  reminders?: boolean;
  /** Whether the 12345 forwarder runs on its own timer when HOTLINE_URL is set (default: yes). */
  forwarder?: boolean;
  /** The prefix of every Redis key (default `cunban:`): tests keep their runs apart with it. */
  redisPrefix?: string;
}

/**
 * The trained models (the keywords where they are unsure), with a chat model in front of them where
 * CHAT_MODEL_URL is set. LangChain is imported only then: it adds a quarter of a second to every start.
 */
async function complaintClassifier(config: Config, categories: HotlineCategories, understanding: UnderstandingModel, logger: Logger): Promise<AppealClassifier> {
  const rules = new TrainedClassifier(understanding, new HotlineClassifier(categories));
  if (!config.CHAT_MODEL_URL || !config.CHAT_MODEL) return rules;
  const settings = { url: config.CHAT_MODEL_URL, model: config.CHAT_MODEL, timeoutMs: config.CHAT_MODEL_TIMEOUT_MS };
  const [{ openAiCompatibleModel }, { ModelAssistedClassifier }] = await Promise.all([import('./hotline/chat-model.ts'), import('./hotline/model-classifier.ts')]);
  const model = openAiCompatibleModel(config.CHAT_MODEL_API_KEY ? { ...settings, apiKey: config.CHAT_MODEL_API_KEY } : settings);
  logger.info({ url: config.CHAT_MODEL_URL, model: config.CHAT_MODEL }, 'complaints are classified by the chat model, the rules as fallback');
  return new ModelAssistedClassifier({ model, categories, rules, timeoutMs: config.CHAT_MODEL_TIMEOUT_MS, logger });
}

/**
 * Wires everything from the config: database, knowledge, NLU, engine, HTTP app and channels.
 * Used by `npm start`, the console channel, the tests and the eval and bench scripts alike.
 */
export async function createServer(
  config: Config,
  logger: Logger = createLogger(config.LOG_LEVEL),
  options: ServerOptions = {},
): Promise<Server> {
  const now = options.now ?? (() => new Date());
  // First: a Redis that cannot be reached stops start-up before anything else is opened.
  const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL) : undefined;
  // DATA_DIR holds the SQLite file, the cookie key and complaint photos (even with DATABASE_URL): a bad one stops start-up first, naming the path.
  prepareDataDir(config.DATA_DIR);
  const knowledge = await KnowledgeService.open(config.KNOWLEDGE_DIR, new Tokenizer());
  const rules = await loadVisitRules(config.KNOWLEDGE_DIR);
  const db = await openDatabase({ dataDir: config.DATA_DIR, ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}) });
  const unanswered = new SqlUnansweredRepository(db);
  const outbox = new NotificationOutbox(db);
  const tickets = new TicketService(db);
  const categories = loadHotlineCategories(path.join(config.KNOWLEDGE_DIR, 'hotline-categories.yaml'));
  const understanding = UnderstandingModel.load(config.KNOWLEDGE_DIR);
  const classifier = await complaintClassifier(config, categories, understanding, logger);
  const forwarder = config.HOTLINE_URL
    ? new HotlineForwarder({
        db,
        url: config.HOTLINE_URL,
        secret: config.HOTLINE_SECRET!,
        clock: now,
        timeoutMs: config.HOTLINE_TIMEOUT_MS,
        // A request whose sender died (a crash mid-send) is due again after twice the time-out.
        leaseMs: config.HOTLINE_TIMEOUT_MS * 2,
        onDelivered: (entry) => tickets.delivered(entry, now()),
        onDead: async (entry) => logger.error({ entry }, '12345 refused a request: moved to the dead-letter list for staff'),
        logger,
      })
    : undefined;
  const hotlineOutbox = forwarder?.store ?? new HotlineOutboxStore(db);
  // Without its own timer (tests) the forwarder is not woken either: the test drives it.
  const wakeable = options.forwarder !== false ? forwarder : undefined;
  const photos = new AttachmentStore(path.join(config.DATA_DIR, 'attachments'), db, {
    perResidentDaily: config.UPLOAD_DAILY_MB_PER_RESIDENT * 1_048_576,
    perAddressDaily: config.UPLOAD_DAILY_MB_PER_ADDRESS * 1_048_576,
    total: config.UPLOAD_TOTAL_MB * 1_048_576,
  }, () => logger.warn({ totalMb: config.UPLOAD_TOTAL_MB }, 'the photo store is full (UPLOAD_TOTAL_MB): photos are refused'));
  const hotline = {
    classifier,
    tickets,
    attachments: photos,
    forwarding: Boolean(config.HOTLINE_URL),
    wake: () => wakeable?.wake(),
  };
  const catalog = catalogFromKnowledge(knowledge);
  const visits = await SqlVisitService.open({ db, catalog, rules, agents: knowledge.current.base.agents, now: now() });
  const reminders = new ReminderScheduler({
    db,
    roster: visits.roster,
    catalog,
    rules,
    clock: now,
    onError: (error) => logger.error({ err: error }, 'visit reminders failed'),
  });
  // A new handoff is announced to her village's agents in their own chats (the page has it too).
  const handoffs = new Handoffs(db, async (handoff) => {
    if (!handoff.village) return;
    for (const agent of await visits.roster.list()) {
      if (agent.village !== handoff.village || !agent.active || !agent.link) continue;
      await enqueueNotification(db, agent.link, [{ text: `有居民找人工（${handoff.id}）：${maskPersonalNumbers(handoff.lastText)}\n请到工作台"人工服务"接手回复。` }], now());
    }
  });
  const nlu = new Nlu(knowledge, understanding, EmergencyDetector.load(config.KNOWLEDGE_DIR));
  const engine = new Engine({
    nlu,
    intents,
    forms,
    sessions: new SqlSessionRepository<Session>(db),
    services: {
      knowledge,
      unanswered,
      visits,
      hotline,
      notify: async (to, replies) => {
        await enqueueNotification(db, to, replies, now());
      },
      dutyAlerts: new DutyAlerts(db, knowledge, visits.roster),
      handoffs,
    },
    now,
    logger,
    floodLimitPerMinute: config.FLOOD_LIMIT_PER_MINUTE,
    sessionTtlHours: config.SESSION_TTL_HOURS,
    ...(redis ? sharedEngineState(redis, config, options.redisPrefix) : {}),
  });
  const app = await buildApp({
    engine,
    nlu,
    knowledge,
    unanswered,
    adminToken: config.ADMIN_TOKEN,
    addressLimit: { perMinute: config.ADDRESS_LIMIT_PER_MINUTE, webApiKey: config.WEB_API_KEY, ...(redis ? { redis, ...(options.redisPrefix ? { prefix: options.redisPrefix } : {}) } : {}) },
    cookieSecret: cookieSecretOrStop(config),
    timeouts: { requestMs: config.REQUEST_TIMEOUT_MS, connectionMs: config.CONNECTION_TIMEOUT_MS },
    trustProxy: config.TRUST_PROXY,
    logger,
    channels: [
      webChannel(engine, outbox, new WebIdentities(config.WEB_API_KEY), {
        budget: new BodyBudget(config.UPLOAD_MEMORY_MB * 1_048_576),
        // Waiting counts against REQUEST_TIMEOUT_MS: answer 503 well before the time-out would cut the request.
        waitMs: Math.floor(config.REQUEST_TIMEOUT_MS / 2),
      }, photos),
    ],
    visits,
    tickets,
    classifier,
    hotlineOutbox,
    hotlineSecret: config.HOTLINE_SECRET,
    now,
    staff: {
      db,
      handoffs,
      rules,
      idleMinutes: config.STAFF_IDLE_MINUTES,
      loginLimitPerMinute: config.STAFF_LOGIN_LIMIT_PER_MINUTE,
      rehandleWorkingDays: config.REHANDLE_WORKING_DAYS,
    },
  });
  const sessionPurge = new SessionPurge(db, config.SESSION_TTL_HOURS, photos, (error) => logger.error({ err: error }, 'session purge failed'), now);
  if (options.reminders !== false) reminders.start(config.REMINDER_INTERVAL_SECONDS * 1000);
  if (options.reminders !== false) sessionPurge.start();
  if (options.forwarder !== false) forwarder?.start(1000);
  return {
    app,
    engine,
    knowledge,
    nlu,
    db,
    visits,
    reminders,
    forwarder,
    redis,
    sessionPurge,
    async close() {
      await app.close();
      await reminders.stop();
      await sessionPurge.stop();
      await forwarder?.stop();
      checkpointWal(db);
      await db.destroy();
      await redis?.quit();
    },
  };
}

/** The web cookie's key, or one start-up line naming where it could not be kept. */
function cookieSecretOrStop(config: Config): string {
  try {
    return webCookieSecret(config.WEB_COOKIE_SECRET, config.DATA_DIR);
  } catch (error) {
    throw new AppError(ErrorCodes.CONFIG_INVALID, `DATA_DIR: cannot keep the web cookie key "${path.resolve(config.DATA_DIR, 'web-cookie.key')}": ${reasonOf(error)} (or set WEB_COOKIE_SECRET)`);
  }
}

/** The engine's flood limit, session lock and dedupe, shared through Redis by every instance. */
function sharedEngineState(redis: Redis, config: Config, prefix = 'cunban:') {
  return {
    flood: new FloodLimiter(config.FLOOD_LIMIT_PER_MINUTE, { redis, prefix }),
    lock: new RedisKeyedLock(redis, { prefix }),
    recent: new RedisRecentIds(redis, prefix),
  };
}

/**
 * The pacing of one sending account, shared through Redis when REDIS_URL is set. `account`
 * names the account without revealing a secret: instances with the same one share their rates,
 * other accounts keep their own.
 */
function sharedPacing(server: Server, account: string): SharedPacing | undefined {
  return server.redis ? { redis: server.redis, id: account } : undefined;
}

/** A short digest naming an account by a secret without writing the secret into Redis. */
const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Logs, in one line each, the channels and services that stay off for want of configuration. */
function reportOff(config: Config, logger: Logger): void {
  if (!config.TELEGRAM_BOT_TOKEN) logger.info('telegram channel off: TELEGRAM_BOT_TOKEN is not set');
  if (!config.WECHATY_PUPPET) logger.info('wechat channel off: WECHATY_PUPPET is not set');
  if (!config.HOTLINE_URL) logger.info('12345 forwarding off: HOTLINE_URL is not set (tickets wait for staff)');
}

/** The chat channels configured, the web channel aside (it is part of the HTTP app). */
async function chatChannels(server: Server, config: Config, logger: Logger, dispatcher: NotificationDispatcher): Promise<Channel[]> {
  const channels: Channel[] = [];
  // The adapters are loaded only when configured: wechaty and grammY take a while to import,
  // and `/healthz` should answer within seconds of `npm start`.
  if (config.TELEGRAM_BOT_TOKEN) {
    const { createTelegramChannel } = await import('../adapters/telegram/telegram-channel.ts');
    const { telegramWebhook } = await import('../adapters/telegram/telegram-webhook.ts');
    // The bot id (the token's public part) names the account whose rates the instances share.
    const pacing = sharedPacing(server, `telegram:${config.TELEGRAM_BOT_TOKEN.split(':')[0]}`);
    const telegram = createTelegramChannel({
      config,
      logger,
      ...(pacing ? { pacerOptions: { chatGapMs: config.OUTBOUND_CHAT_GAP_MS, maxPerSecond: config.OUTBOUND_MAX_PER_SECOND, shared: pacing } } : {}),
      // The resident opened the private chat: what waited for it goes out now.
      onPrivateChatOpened: (to) => dispatcher.deliverNow(to),
    });
    if (telegram.webhook) await server.app.register(telegramWebhook(telegram));
    channels.push(telegram);
  }
  if (config.WECHATY_PUPPET) {
    const { createWechatChannel } = await import('../adapters/wechat/wechat-channel.ts');
    // One puppet login is one account: its puppet and token name it (a digest, not the token).
    const pacing = sharedPacing(server, `wechat:${digest(`${config.WECHATY_PUPPET}:${config.WECHATY_PUPPET_SERVICE_TOKEN ?? ''}`)}`);
    channels.push(
      createWechatChannel({
        config,
        logger,
        ...(pacing ? { sharedPacing: pacing } : {}),
        // A resident became the bot's friend: what waited for the private chat goes out now.
        onPrivateChatOpened: (to) => dispatcher.deliverNow(to),
        // Logged in again: what queued while logged out goes out now.
        onOnline: () => dispatcher.deliverNow({ channel: 'wechat' }),
      }),
    );
  }
  return channels;
}

/** The configuration from the environment, or one line naming what is wrong and exit 1. */
function readConfig(): Config {
  try {
    return parseConfig(process.env);
  } catch (error) {
    console.error(`cunban: bad configuration: ${(error as Error).message}`);
    process.exit(1);
  }
}

/** Stops start-up with one line on standard error (never a stack trace) and exit code 1. */
function stop(line: string): never {
  console.error(`cunban: cannot start: ${line.split('\n')[0]}`);
  process.exit(1);
}

/** Why the port could not be opened, naming the variable. */
function listenProblem(error: unknown, config: Config): string {
  const code = (error as { code?: string }).code;
  const place = `${config.HOST}:${config.PORT}`;
  if (code === 'EADDRINUSE') return `PORT: ${place} is already in use (another cunban, or another program): stop it or set PORT to a free port`;
  if (code === 'EACCES') return `PORT: ${place} may not be opened by this user (ports below 1024 need privileges): set PORT to 1024 or above`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return `HOST: ${config.HOST} is not an address of this machine`;
  return `PORT: cannot listen on ${place}: ${reasonOf(error)}`;
}

async function start(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = readConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const server = await createServer(config, logger).catch((error: unknown) => stop(error instanceof AppError ? error.message : reasonOf(error)));
  reportOff(config, logger);
  // The channels tell the dispatcher when a private chat opens; it starts sending once they exist.
  const dispatcher = new NotificationDispatcher(new NotificationOutbox(server.db), [], logger, (n) => server.engine.rememberChoices(n.to, n.replies));
  // Webhook routes must be registered before the server listens.
  const channels = await chatChannels(server, config, logger, dispatcher);
  await server.app.listen({ port: config.PORT, host: config.HOST }).catch(async (error: unknown) => {
    await server.close().catch(() => undefined);
    stop(listenProblem(error, config));
  });
  const handle: MessageHandler = async (message) => (await server.engine.handle(message)).delivery;
  // After listening: a webhook may deliver the first update at once.
  for (const channel of channels) {
    try {
      await channel.start(handle);
    } catch (error) {
      console.error(`cunban: cannot start the ${channel.name} channel: ${(error as Error).message}`);
      process.exit(1);
    }
  }
  dispatcher.start(2000, channels);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    try {
      await dispatcher.stop();
      for (const channel of channels) await channel.stop().catch((error: unknown) => logger.error({ err: error, channel: channel.name }, 'channel did not stop cleanly'));
    } finally {
      await server.close().catch((error: unknown) => logger.error({ err: error }, 'server did not close cleanly'));
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await start();
