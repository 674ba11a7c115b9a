import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseYaml as parse } from '../../src/yaml.ts';
import { z } from 'zod';
import { signBody } from '../../src/hotline/signature.ts';
import { NotificationOutbox } from '../../src/notify/notification-outbox.ts';
import type { TestClock, TestServer } from './test-server.ts';

/** What the bot must (and must not) say at one turn, by substring or pattern. */
const Expectation = z
  .object({
    /** Substrings the reply texts must all contain. */
    says: z.array(z.string()).default([]),
    /** Substrings none of the reply texts may contain. */
    not: z.array(z.string()).default([]),
    /** Regular expressions the reply texts must match. */
    matches: z.array(z.string()).default([]),
    /** The bot says nothing at all in the chat. */
    silent: z.boolean().default(false),
    /** Labels of buttons offered (all must be there). */
    buttons: z.array(z.string()).default([]),
    intent: z.string().nullable().optional(),
    /** The knowledge item answered from (`null`: none). */
    item: z.string().nullable().optional(),
    /** What reached the resident's private chat this turn (a group conversation moved there, a personal answer). */
    private: z.object({ says: z.array(z.string()).default([]), not: z.array(z.string()).default([]) }).optional(),
    /**
     * Values to remember from this turn's replies (in the chat or privately) for later turns, by
     * name: a regular expression whose first group (or whole match) is kept, e.g. `{ visit: 'V\\d{6}' }`.
     * Later turns write `{{visit}}` in what is typed, in expectations and in admin calls.
     */
    remember: z.record(z.string(), z.string()).optional(),
  })
  .strict();

/** What the bot must (and must not) say at one turn, as a transcript file writes it. */
export type Expectation = z.input<typeof Expectation>;

const Turn = z.union([
  z
    .object({
      /** What the resident types (a button's number works as on every channel). */
      user: z.string(),
      /** Who types it (default: the transcript's resident); the same name is the same person throughout. */
      as: z.string().optional(),
      /** Where: `private` (default) or `group` (the village group). */
      in: z.enum(['private', 'group']).default('private'),
      /** In a group: whether the bot was @-mentioned (default yes). */
      mentioned: z.boolean().default(true),
      bot: Expectation.prefault({}),
    })
    .strict(),
  z.object({ clock: z.string() }).strict(),
  z
    .object({
      /** A staff call to the admin API, e.g. to link an agent's chat; `{as}` in the body names a person of the transcript. */
      admin: z.object({ method: z.enum(['GET', 'POST', 'PUT']), url: z.string(), body: z.unknown().optional(), status: z.number().default(200) }).strict(),
    })
    .strict(),
  z
    .object({
      /**
       * A person opens her private chat: what the bot sent her on its own since (a rating request,
       * a hotline update) is delivered, its buttons then answerable by number, and checked.
       */
      inbox: z
        .object({
          as: z.string().optional(),
          says: z.array(z.string()).default([]),
          not: z.array(z.string()).default([]),
          buttons: z.array(z.string()).default([]),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      /** A status event from the 12345 hotline about a ticket (`POST /api/v1/hotline/events`, signed as the hotline signs it). */
      hotline: z
        .object({
          id: z.string(),
          status: z.enum(['accepted', 'dispatched', 'replied', 'closed', 'rejected']),
          ticketNo: z.string().optional(),
          message: z.string().optional(),
        })
        .strict(),
    })
    .strict(),
]);

/** The HOTLINE_SECRET of the server transcripts are played on (its hotline events are signed with it). */
export const TRANSCRIPT_HOTLINE_SECRET = 'transcript-hotline-secret-0123456789';

/** A conversation as a file: who says what, in which chat, and what the bot must say. */
export const TranscriptSchema = z
  .object({
    /** What the conversation shows, as a sentence (the test's name). */
    name: z.string(),
    /** The time the conversation starts (default: Wednesday 2026-11-25, 10:00 in Shanghai). */
    clock: z.string().default('2026-11-25T02:00:00Z'),
    /** The village group the `group` turns are written in. */
    group: z.string().default('village-group'),
    turns: z.array(Turn).min(1),
  })
  .strict();

export type Transcript = z.infer<typeof TranscriptSchema> & { file: string };
/** One turn as a transcript file writes it (defaults not yet applied). */
export type TurnInput = z.input<typeof Turn>;
type UserTurn = Extract<z.infer<typeof Turn>, { user: string }>;

/** Every transcript under `dir`, checked against the schema (a bad file fails with its name). */
export function loadTranscripts(dir: string): Transcript[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const parsed = TranscriptSchema.safeParse(parse(readFileSync(path.join(dir, file), 'utf8')));
      if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return { ...parsed.data, file };
    });
}

/** What the resident saw after one message. */
export interface Seen {
  /** The replies in the chat the message was written in. */
  chat: { text: string; buttons?: { label: string; value: string }[] }[];
  /** What reached the resident's private chat meanwhile. */
  private: string[];
  intent: string | null;
  itemId: string | null;
}

/** How a transcript reaches the bot: the engine itself, or the web channel over HTTP. */
export type Mode = 'engine' | 'web';

/** What reached a person's private chat on its own (notifications), delivered now as her channel delivers them. */
async function privateInbox(bot: TestServer, mode: Mode, user: string): Promise<{ text: string; buttons?: { label: string; value: string }[] }[]> {
  if (mode === 'web') return (await bot.inbox(user)).filter((m) => m.chatId === user);
  // As the web inbox does: each notification is marked sent and its buttons remembered, so that "1" picks the first.
  const outbox = new NotificationOutbox(bot.server.db);
  const queued = await outbox.forRecipient({ channel: 'web', user }, { waiting: true });
  for (const n of queued) {
    await outbox.markSent(n.id);
    await bot.server.engine.rememberChoices(n.to, n.replies);
  }
  return queued.filter((n) => n.to.chat === user).flatMap((n) => n.replies.map((r) => ({ text: r.text, ...(r.buttons?.length ? { buttons: r.buttons } : {}) })));
}

/** Sends one message as a resident and collects what she sees. */
async function send(bot: TestServer, mode: Mode, user: string, turn: UserTurn, group: string): Promise<Seen> {
  const chatId = turn.in === 'group' ? group : user;
  if (mode === 'web') {
    const answer = await bot.say(turn.user, { userId: user, chatId, chatType: turn.in, mentioned: turn.mentioned });
    const inbox = await privateInbox(bot, mode, user);
    return { chat: answer.replies, private: inbox.map((m) => m.text), intent: answer.intent, itemId: answer.itemId };
  }
  const result = await bot.server.engine.handle({
    channel: 'web',
    chat: chatId,
    chatType: turn.in,
    user,
    text: turn.user,
    mentioned: turn.mentioned,
    attachments: [],
    receivedAt: new Date(),
  });
  // What the web channel would put in her inbox: the personal replies, and notifications queued for her.
  const queued = await privateInbox(bot, mode, user);
  const privately = [...result.delivery.private.map((r) => r.text), ...queued.map((m) => m.text)];
  return { chat: result.delivery.chat, private: privately, intent: result.intent, itemId: result.itemId };
}

/** The problems with what was seen, against what was expected; empty when all is as it should be. */
export function check(seen: Seen, expected: z.infer<typeof Expectation>): string[] {
  const text = seen.chat.map((r) => r.text).join('\n');
  const problems: string[] = [];
  for (const part of expected.says) if (!text.includes(part)) problems.push(`should say "${part}"`);
  for (const part of expected.not) if (text.includes(part)) problems.push(`should not say "${part}"`);
  for (const pattern of expected.matches) if (!new RegExp(pattern, 'u').test(text)) problems.push(`should match /${pattern}/`);
  if (expected.silent && seen.chat.length > 0) problems.push('should stay silent');
  if (!expected.silent && seen.chat.length === 0) problems.push('said nothing');
  const labels = seen.chat.flatMap((r) => r.buttons?.map((b) => b.label) ?? []);
  for (const label of expected.buttons) if (!labels.includes(label)) problems.push(`should offer "${label}"`);
  if (expected.intent !== undefined && seen.intent !== expected.intent) problems.push(`intent should be ${expected.intent}, was ${seen.intent}`);
  if (expected.item !== undefined && seen.itemId !== expected.item) problems.push(`item should be ${expected.item}, was ${seen.itemId}`);
  const privately = seen.private.join('\n');
  for (const part of expected.private?.says ?? []) if (!privately.includes(part)) problems.push(`should say privately "${part}"`);
  for (const part of expected.private?.not ?? []) if (privately.includes(part)) problems.push(`should not say privately "${part}"`);
  return problems;
}

/** The values a turn asks to remember, found in what was seen; a missing one is a problem. */
function remembered(seen: Seen, patterns: Record<string, string> | undefined, into: Map<string, string>): string[] {
  const problems: string[] = [];
  const text = [...seen.chat.map((r) => r.text), ...seen.private].join('\n');
  for (const [name, pattern] of Object.entries(patterns ?? {})) {
    const found = new RegExp(pattern, 'u').exec(text);
    if (found) into.set(name, found[1] ?? found[0]);
    else problems.push(`should show /${pattern}/ (to remember as ${name})`);
  }
  return problems;
}

/** Replaces `{{name}}` by a value remembered earlier in the conversation, in every string of a value. */
function withValues<T>(value: T, values: Map<string, string>): T {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      const known = values.get(name);
      if (known === undefined) throw new Error(`{{${name}}} is used before it is remembered`);
      return known;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v) => withValues(v, values)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withValues(v, values)])) as T;
  return value;
}

/** Names of the people of a transcript, made unique per run so transcripts never share a session. */
function personOf(run: string, name: string | undefined): string {
  return `${run}:${name ?? 'resident'}`;
}

/** Replaces `{as: name}` in an admin body by that person's id in this run. */
function withPeople(body: unknown, run: string): unknown {
  if (Array.isArray(body)) return body.map((b) => withPeople(b, run));
  if (body && typeof body === 'object') {
    const entries = Object.entries(body as Record<string, unknown>).map(([k, v]) => {
      if (v && typeof v === 'object' && 'as' in (v as object)) return [k, personOf(run, String((v as { as: string }).as))];
      return [k, withPeople(v, run)];
    });
    return Object.fromEntries(entries);
  }
  return body;
}

/**
 * Plays a transcript against a server and returns the first turn that went wrong, in words, or
 * undefined when every turn is as the file says.
 */
export async function play(bot: TestServer, clock: TestClock, transcript: Transcript, mode: Mode): Promise<string | undefined> {
  const run = `${mode}:${transcript.file}`;
  const values = new Map<string, string>();
  clock.set(transcript.clock);
  for (const [index, written] of transcript.turns.entries()) {
    const turn = withValues(written, values);
    if ('clock' in turn) {
      clock.set(turn.clock);
      continue;
    }
    if ('inbox' in turn) {
      const messages = await privateInbox(bot, mode, personOf(run, turn.inbox.as));
      const text = messages.map((m) => m.text).join('\n');
      const labels = messages.flatMap((m) => m.buttons?.map((b) => b.label) ?? []);
      const problems = [
        ...(messages.length === 0 ? ['nothing reached her private chat'] : []),
        ...turn.inbox.says.filter((part) => !text.includes(part)).map((part) => `should say privately "${part}"`),
        ...turn.inbox.not.filter((part) => text.includes(part)).map((part) => `should not say privately "${part}"`),
        ...turn.inbox.buttons.filter((label) => !labels.includes(label)).map((label) => `should offer privately "${label}"`),
      ];
      if (problems.length) return `turn ${index + 1} (inbox): ${problems.join('; ')}\n  privately: ${text || '(nothing)'}`;
      continue;
    }
    if ('hotline' in turn) {
      const raw = JSON.stringify(turn.hotline);
      const answer = await bot.server.app.inject({
        method: 'POST',
        url: '/api/v1/hotline/events',
        headers: { 'content-type': 'application/json', 'x-signature': signBody(raw, TRANSCRIPT_HOTLINE_SECRET) },
        payload: raw,
      });
      if (answer.statusCode !== 200) return `turn ${index + 1} (hotline event ${raw}): answered ${answer.statusCode} ${answer.body}`;
      continue;
    }
    if ('admin' in turn) {
      const answer = await bot.admin(turn.admin.method, turn.admin.url, withPeople(turn.admin.body, run));
      if (answer.statusCode !== turn.admin.status) return `turn ${index + 1} (admin ${turn.admin.url}): answered ${answer.statusCode} ${JSON.stringify(answer.body)}`;
      continue;
    }
    const seen = await send(bot, mode, personOf(run, turn.as), turn, `${run}:${transcript.group}`);
    const problems = [...check(seen, turn.bot), ...remembered(seen, turn.bot.remember, values)];
    if (problems.length) {
      const said = seen.chat.map((r) => r.text + (r.buttons?.length ? ` [${r.buttons.map((b) => b.label).join(' | ')}]` : '')).join('\n  ');
      return `turn ${index + 1} "${turn.user}": ${problems.join('; ')}\n  bot said: ${said || '(nothing)'}${seen.private.length ? `\n  privately: ${seen.private.join('\n  ')}` : ''}`;
    }
  }
  return undefined;
}
