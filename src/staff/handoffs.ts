import type { Selectable } from 'kysely';
import { maskPersonalNumbers } from '../personal-numbers.ts';
import type { Database, Tables } from '../store/database.ts';
import { nextCounterValue } from '../store/counters.ts';
import type { ChannelName } from '../message.ts';
import type { Recipient } from '../notify/notification-outbox.ts';
import { enqueueNotification } from '../notify/notification-outbox.ts';
import { audit } from './audit-log.ts';
import { withinScope, type Scope } from './scope.ts';

export type HandoffStatus = 'waiting' | 'claimed' | 'closed';

/** A resident who asked for a person, and where the conversation stands. */
export interface Handoff {
  id: string;
  status: HandoffStatus;
  channel: ChannelName;
  chat: string;
  user: string;
  village: string | null;
  lastText: string;
  claimedBy: string | null;
  claimedAt: string | null;
  firstReplyAt: string | null;
  closedAt: string | null;
  createdAt: string;
  /** Seconds from the request to the first staff reply (null until then). */
  waitSeconds: number | null;
}

/** One message of a handoff's conversation. */
export interface HandoffMessage {
  seq: number;
  kind: 'resident' | 'staff' | 'system';
  author: string;
  text: string;
  at: string;
}

/** Who acts on a handoff from the console. */
export interface HandoffActor {
  username: string;
  displayName: string;
  ip?: string | null;
}

/** What the engine needs of handoffs: whether one is open for a conversation, and to add to it. */
export interface HandoffDesk {
  /** The open (waiting or claimed) handoff of this conversation, if any. */
  active(conversation: Recipient): Promise<Handoff | undefined>;
  /** Opens a handoff (or returns the one already open) with the resident's words. */
  open(conversation: Recipient, village: string | null, text: string, now: Date): Promise<{ handoff: Handoff; created: boolean }>;
  /** Adds the resident's message to the open handoff. */
  note(id: string, text: string, now: Date): Promise<void>;
}

/** Why a staff action on a handoff did not happen. */
export type HandoffRefusal = 'not_found' | 'taken' | 'closed' | 'not_holder';

const LAST_TEXT_CHARS = 200;

function handoffFromRow(row: Selectable<Tables['handoffs']>): Handoff {
  return {
    id: row.id,
    status: row.status as HandoffStatus,
    channel: row.channel as ChannelName,
    chat: row.chat,
    user: row.user_id,
    village: row.village,
    lastText: row.last_text,
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at,
    firstReplyAt: row.first_reply_at,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    waitSeconds: row.first_reply_at ? Math.round((Date.parse(row.first_reply_at) - Date.parse(row.created_at)) / 1000) : null,
  };
}

/**
 * The human handoff desk: residents' requests for a person, claimed by one member of staff at a
 * time (a conditional UPDATE: of two claims at once one wins), her replies sent to the resident's
 * own chat through the notification outbox (WeChat, Telegram, the web inbox) under her name, and
 * release or close handing the conversation back to the bot. Staff actions are audited.
 */
export class Handoffs implements HandoffDesk {
  /**
   * @param onOpened told of each new handoff (main: a notice to her village's agents in their
   *   linked chats); its failure never loses the handoff.
   */
  constructor(
    private readonly db: Database,
    private readonly onOpened: (handoff: Handoff) => Promise<void> = async () => {},
  ) {}

  async active(conversation: Recipient): Promise<Handoff | undefined> {
    const row = await this.db
      .selectFrom('handoffs')
      .selectAll()
      .where('channel', '=', conversation.channel)
      .where('chat', '=', conversation.chat)
      .where('user_id', '=', conversation.user)
      .where('status', '<>', 'closed')
      .executeTakeFirst();
    return row ? handoffFromRow(row) : undefined;
  }

  async open(conversation: Recipient, village: string | null, text: string, now: Date): Promise<{ handoff: Handoff; created: boolean }> {
    const existing = await this.active(conversation);
    if (existing) {
      await this.note(existing.id, text, now);
      return { handoff: existing, created: false };
    }
    const at = now.toISOString();
    try {
      const id = await this.db.transaction().execute(async (trx) => {
        const id = `H${String(await nextCounterValue(trx, 'handoff')).padStart(6, '0')}`;
        await trx
          .insertInto('handoffs')
          .values({
            id,
            status: 'waiting',
            channel: conversation.channel,
            chat: conversation.chat,
            user_id: conversation.user,
            village,
            last_text: text.slice(0, LAST_TEXT_CHARS),
            claimed_by: null,
            claimed_at: null,
            first_reply_at: null,
            closed_at: null,
            closed_by: null,
            created_at: at,
            updated_at: at,
          })
          .execute();
        await trx.insertInto('handoff_messages').values({ seq: await nextCounterValue(trx, 'handoff_message'), handoff_id: id, author_kind: 'resident', author: '居民', text, at }).execute();
        return id;
      });
      const handoff = (await this.get(id))!;
      await this.onOpened(handoff).catch(() => undefined);
      return { handoff, created: true };
    } catch (error) {
      // Two messages at once from one conversation (the unique index on open handoffs): one handoff.
      const raced = await this.active(conversation);
      if (!raced) throw error;
      return { handoff: raced, created: false };
    }
  }

  async note(id: string, text: string, now: Date): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('handoff_messages').values({ seq: await nextCounterValue(trx, 'handoff_message'), handoff_id: id, author_kind: 'resident', author: '居民', text, at: now.toISOString() }).execute();
      await trx.updateTable('handoffs').set({ last_text: text.slice(0, LAST_TEXT_CHARS), updated_at: now.toISOString() }).where('id', '=', id).execute();
    });
  }

  /** The handoffs a scope may see: open ones first (oldest waiting first), then the recently closed. */
  async list(scope: Scope, filter: { status?: HandoffStatus; limit?: number } = {}): Promise<Handoff[]> {
    let query = withinScope(this.db.selectFrom('handoffs').selectAll(), scope);
    if (filter.status) query = query.where('status', '=', filter.status);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(Math.min(filter.limit ?? 200, 1000)).execute();
    const rank = { waiting: 0, claimed: 1, closed: 2 } as Record<string, number>;
    return rows.map(handoffFromRow).sort((a, b) => rank[a.status]! - rank[b.status]! || (a.status === 'closed' ? 0 : a.createdAt.localeCompare(b.createdAt)));
  }

  /** One handoff, if the scope may see it (else undefined: a 404, whether it exists or not). */
  async get(id: string, scope?: Scope): Promise<Handoff | undefined> {
    const row = await withinScope(this.db.selectFrom('handoffs').selectAll().where('id', '=', id.toUpperCase()), scope).executeTakeFirst();
    return row ? handoffFromRow(row) : undefined;
  }

  /** The conversation, oldest first; numbers masked unless `full`. */
  async messages(id: string, full: boolean): Promise<HandoffMessage[]> {
    const rows = await this.db.selectFrom('handoff_messages').selectAll().where('handoff_id', '=', id).orderBy('seq').execute();
    return rows.map((row) => ({
      seq: row.seq,
      kind: row.author_kind as HandoffMessage['kind'],
      author: row.author,
      text: full || row.author_kind !== 'resident' ? row.text : maskPersonalNumbers(row.text),
      at: row.at,
    }));
  }

  /** Claims a waiting handoff; of two claims at once exactly one gets `ok`. */
  async claim(id: string, scope: Scope, actor: HandoffActor, now: Date): Promise<Handoff | HandoffRefusal> {
    const found = await this.get(id, scope);
    if (!found) return 'not_found';
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('handoffs')
        .set({ status: 'claimed', claimed_by: actor.username, claimed_at: now.toISOString(), updated_at: now.toISOString() })
        .where('id', '=', found.id)
        .where('status', '=', 'waiting')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        const current = await trx.selectFrom('handoffs').select(['status', 'claimed_by']).where('id', '=', found.id).executeTakeFirstOrThrow();
        if (current.status === 'closed') return 'closed';
        return current.claimed_by === actor.username ? found : 'taken';
      }
      await trx.insertInto('handoff_messages').values({ seq: await nextCounterValue(trx, 'handoff_message'), handoff_id: found.id, author_kind: 'system', author: actor.displayName, text: `${actor.displayName}接手`, at: now.toISOString() }).execute();
      await audit(trx, { actor: actor.username, action: 'handoff_claim', target: `handoff:${found.id}`, before: { status: found.status }, after: { status: 'claimed', claimedBy: actor.username }, ip: actor.ip ?? null }, now);
      return handoffFromRow((await trx.selectFrom('handoffs').selectAll().where('id', '=', found.id).executeTakeFirstOrThrow())!);
    });
  }

  /**
   * Sends the text to the resident's own chat under the staff member's name. Only the one who
   * holds the handoff replies (a waiting one is claimed by replying); a closed one takes no reply.
   */
  async reply(id: string, scope: Scope, actor: HandoffActor, text: string, signature: string, now: Date): Promise<Handoff | HandoffRefusal> {
    let found = await this.get(id, scope);
    if (!found) return 'not_found';
    if (found.status === 'closed') return 'closed';
    if (found.status === 'waiting') {
      const claimed = await this.claim(found.id, scope, actor, now);
      if (typeof claimed === 'string') return claimed;
      found = claimed;
    }
    if (found.claimedBy !== actor.username) return 'not_holder';
    const held = found;
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('handoffs')
        .set((eb) => ({ first_reply_at: eb.fn.coalesce('first_reply_at', eb.val(now.toISOString())), updated_at: now.toISOString() }))
        .where('id', '=', held.id)
        .where('status', '=', 'claimed')
        .where('claimed_by', '=', actor.username)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return 'not_holder' as const;
      await trx.insertInto('handoff_messages').values({ seq: await nextCounterValue(trx, 'handoff_message'), handoff_id: held.id, author_kind: 'staff', author: actor.displayName, text, at: now.toISOString() }).execute();
      await enqueueNotification(trx, { channel: held.channel, chat: held.chat, user: held.user }, [{ text: `【${signature}】${text}` }], now);
      await audit(trx, { actor: actor.username, action: 'handoff_reply', target: `handoff:${held.id}`, after: { chars: [...text].length }, ip: actor.ip ?? null }, now);
      return handoffFromRow((await trx.selectFrom('handoffs').selectAll().where('id', '=', held.id).executeTakeFirstOrThrow())!);
    });
  }

  /**
   * Hands the conversation back to the bot: `release` puts it back in the queue (others may claim
   * it; the bot answers meanwhile), `close` ends it. The resident is told either way.
   */
  async finish(id: string, scope: Scope, actor: HandoffActor, how: 'release' | 'close', now: Date, byMachine = false): Promise<Handoff | HandoffRefusal> {
    const found = await this.get(id, scope);
    if (!found) return 'not_found';
    if (found.status === 'closed') return 'closed';
    if (how === 'release' && found.status === 'claimed' && found.claimedBy !== actor.username && !byMachine && scope.role === 'village') return 'not_holder';
    const at = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const set =
        how === 'close'
          ? { status: 'closed', closed_at: at, closed_by: actor.username, updated_at: at }
          : { status: 'waiting', claimed_by: null, claimed_at: null, updated_at: at };
      const result = await trx.updateTable('handoffs').set(set).where('id', '=', found.id).where('status', '=', found.status).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return 'taken' as const;
      const note = how === 'close' ? '人工服务已结束，您有事可以随时再问我。' : '工作人员暂时离开，您的问题还在人工队列里，稍后会有人回复您；这期间也可以直接问我。';
      await trx.insertInto('handoff_messages').values({ seq: await nextCounterValue(trx, 'handoff_message'), handoff_id: found.id, author_kind: 'system', author: actor.displayName, text: how === 'close' ? `${actor.displayName}结束了人工服务` : `${actor.displayName}放回队列`, at }).execute();
      if (how === 'close' || found.status === 'claimed') await enqueueNotification(trx, { channel: found.channel, chat: found.chat, user: found.user }, [{ text: note }], now);
      await audit(trx, { actor: actor.username, action: how === 'close' ? 'handoff_close' : 'handoff_release', target: `handoff:${found.id}`, before: { status: found.status, claimedBy: found.claimedBy }, after: { status: set.status }, ip: actor.ip ?? null }, now);
      return handoffFromRow((await trx.selectFrom('handoffs').selectAll().where('id', '=', found.id).executeTakeFirstOrThrow())!);
    });
  }
}
