/**
 * npm run chat [-- --group]
 *
 * Talks to the bot in the terminal, with the same engine, knowledge and database as `npm start`
 * (nothing listens on a port).
 */
import { existsSync } from 'node:fs';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createServer } from '../../src/main.ts';
import { NotificationOutbox } from '../../src/notify/notification-outbox.ts';
import { runConsole } from './console-channel.ts';

if (existsSync('.env')) process.loadEnvFile('.env');
let config;
try {
  config = parseConfig(process.env);
} catch (error) {
  console.error(`cunban: bad configuration: ${(error as Error).message}`);
  process.exit(1);
}
const server = await createServer(config, createLogger(process.env.LOG_LEVEL ?? 'warn'));
await runConsole({
  input: process.stdin,
  output: process.stdout,
  handle: (message) => server.engine.handle(message),
  group: process.argv.includes('--group'),
  // Reminders and a conversation moved out of the group show up after the next line typed.
  notifications: async () => {
    const outbox = new NotificationOutbox(server.db);
    const waiting = await outbox.pending(['console']);
    for (const n of waiting) await outbox.markSent(n.id);
    return waiting.map((n) => ({ chat: n.to.chat, replies: n.replies }));
  },
});
await server.close();
