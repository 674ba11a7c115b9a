/**
 * `npm run staff -- add|list|disable|reset …` (CONTRACT.md): staff accounts in the same database
 * as the server (DATA_DIR / DATABASE_URL, `.env` read too). Passwords come from `--password` or
 * standard input (first line), never from a prompt echoing them.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config.ts';
import { STAFF_ROLES, ROLE_NAMES, type StaffRole } from '../src/staff/scope.ts';
import { StaffAccounts } from '../src/staff/staff-accounts.ts';
import { passwordProblem } from '../src/staff/passwords.ts';
import { openDatabase } from '../src/store/database.ts';

const USAGE = `usage:
  npm run staff -- add USERNAME --role village|town|county [--village NAME] [--agent AGENT_ID] [--name 姓名] [--password PASSWORD]
  npm run staff -- list
  npm run staff -- disable USERNAME
  npm run staff -- reset USERNAME [--password PASSWORD]
Without --password the password is read from standard input (its first line).`;

function fail(message: string): never {
  console.error(`staff: ${message}`);
  process.exit(1);
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function password(given: string | undefined): Promise<string> {
  const value = given ?? (await readStdin());
  const problem = passwordProblem(value);
  if (problem) fail(problem);
  return value;
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { role: { type: 'string' }, village: { type: 'string' }, agent: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, help: { type: 'boolean' } },
  });
  const [command, username] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    fail(`bad configuration: ${(error as Error).message}`);
  }
  const db = await openDatabase({ dataDir: config.DATA_DIR, ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}) });
  const accounts = new StaffAccounts(db);
  const actor = `cli:${userInfo().username}`;
  const now = new Date();
  try {
    switch (command) {
      case 'add': {
        if (!username) fail(`add needs a USERNAME\n${USAGE}`);
        const role = values.role as StaffRole;
        if (!STAFF_ROLES.includes(role)) fail('--role must be village, town or county');
        if (role === 'village' && !values.village) fail('--village is required for the village role');
        const { account, created } = await accounts.add(
          { username, role, village: values.village, agentId: values.agent, displayName: values.name, password: await password(values.password) },
          actor,
          now,
        );
        console.log(`${created ? 'created' : 'updated'} ${account.username} (${account.role}${account.village ? `, ${account.village}` : ''})`);
        break;
      }
      case 'list': {
        const list = await accounts.list();
        if (list.length === 0) console.log('no staff accounts');
        for (const a of list) {
          const state = !a.active ? 'disabled' : a.lockedUntil && a.lockedUntil > now.toISOString() ? `locked until ${a.lockedUntil}` : 'active';
          console.log([a.username, a.role, ROLE_NAMES[a.role], a.village ?? '-', a.agentId ?? '-', a.displayName, state].join('\t'));
        }
        break;
      }
      case 'disable': {
        if (!username) fail('disable needs a USERNAME');
        if (!(await accounts.disable(username, actor, now))) fail(`no account ${username}`);
        console.log(`disabled ${username}; its sessions have ended`);
        break;
      }
      case 'reset': {
        if (!username) fail('reset needs a USERNAME');
        if (!(await accounts.get(username))) fail(`no account ${username}`);
        await accounts.reset(username, await password(values.password), actor, now);
        console.log(`reset ${username}: new password set, unlocked, sessions ended`);
        break;
      }
      default:
        fail(`unknown command "${command}"\n${USAGE}`);
    }
  } catch (error) {
    fail((error as Error).message);
  } finally {
    await db.destroy();
  }
}

await main();
