import { createHash } from 'node:crypto';
import { withinScope, type Scope } from '../staff/scope.ts';
import type { Kysely, Transaction } from 'kysely';
import type { ChannelName } from '../message.ts';
import { enqueueNotification } from '../notify/notification-outbox.ts';
import { parseChineseNumber } from '../nlu/chinese-number.ts';
import { shanghaiToday } from '../nlu/dates.ts';
import { textLikeness } from '../nlu/similarity.ts';
import { nextCounterValue } from '../store/counters.ts';
import type { Database, Tables } from '../store/database.ts';
import { enqueueHotlineRequest, type HotlineRequest } from './hotline-outbox.ts';
import { forwardedMessage, statusChangeMessage } from './ticket-messages.ts';
import type { AppealType, EventResult, FileResult, HotlineEvent, HotlineStatus, Reporter, Ticket, TicketDraft, TicketStatus } from './ticket-types.ts';

type Db = Kysely<Tables> | Transaction<Tables>;
type Row = Tables['tickets'];

/**
 * Two open reports of the same village and category are one problem when what they describe
 * (place, time, "我要投诉" and filler words left out) is this alike; when both name the same 组,
 * a smaller likeness is enough (one thing in common: "垃圾桶满了" and "垃圾堆着没人收").
 */
const DUPLICATE_LIKENESS = 0.3;
const SAME_GROUP_LIKENESS = 0.1;
/** Words that say where, when, how long or who, not what: left out when comparing two reports. */
const NOT_WHAT = /我要投诉|我想投诉|我要举报|我要反映|我想反映|投诉|举报|反映|求助|麻烦|你好|您好|[，,。.!！?？、\s]|好几天|好多天|几天|多天|一个多月|半个多月|多月|半个月|个月|星期|礼拜|一直|好久|很久|最近|没人(修|管|清运|来收|来|处理|理)?|没有人|我们|俺们|咱们|那边|这边|附近|已经|还是|村里|匿名|[村组了的都也又还很太啊呀吧呢]/g;
const DUPLICATE_WINDOW_DAYS = 7;
/** Seed 003: a bad review is fixed and answered within 7 days. */
const REHANDLE_DAYS = 7;
const OPEN: TicketStatus[] = ['queued', 'forwarded', 'accepted', 'dispatched', 'replied', 'reopened'];
/** How far along a ticket is: the hotline's events never move it back (a reopened one starts again). */
const STATUS_RANK: Record<TicketStatus, number> = {
  queued: 0,
  forwarded: 0,
  reopened: 0,
  accepted: 1,
  dispatched: 2,
  replied: 3,
  closed: 4,
  rejected: 4,
};
/** "3组" in a place: reports of different groups of one village are different problems. */
const GROUP = /(\d{1,2}|[一二两三四五六七八九十]{1,3})组/;
const GROUP_ANYWHERE = new RegExp(GROUP.source, 'g');

/** The village group a text names, as a number: "3组" and "三组" are the same group. */
function groupOf(text: string): number | undefined {
  const said = GROUP.exec(text)?.[1];
  return said === undefined ? undefined : parseChineseNumber(said);
}

/** What a report describes: without its village, group, times, numbers and filler. */
function whatOf(content: string, village: string): string {
  return content.split(village).join('').replace(GROUP_ANYWHERE, '').replace(NOT_WHAT, '').replace(/\d/g, '');
}

function fromRow(row: Row): Ticket {
  return {
    id: row.id,
    status: row.status as TicketStatus,
    hotlineStatus: row.hotline_status as HotlineStatus | null,
    ticketNo: row.ticket_no,
    type: row.type as AppealType,
    category: row.category,
    subcategory: row.subcategory,
    content: row.content,
    village: row.village,
    location: row.location,
    since: row.since_when,
    urgent: row.urgent === 1,
    contact: row.contact_name && row.contact_phone ? { name: row.contact_name, phone: row.contact_phone } : null,
    attachments: JSON.parse(row.attachments) as Ticket['attachments'],
    reporter: { channel: row.channel as ChannelName, chat: row.chat, user: row.user_id },
    rating: row.rating_grade ? { grade: row.rating_grade, comment: row.rating_comment ?? '' } : null,
    followUpBy: row.follow_up_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function privateChat(reporter: Reporter): Reporter {
  return { channel: reporter.channel, chat: reporter.user, user: reporter.user };
}

/** The body CONTRACT.md fixes, for a ticket or an update of it. */
function hotlineRequest(ticket: Ticket, id: string, kind: HotlineRequest['kind'], extra: Partial<HotlineRequest> = {}): HotlineRequest {
  return {
    id,
    category: ticket.category,
    content: ticket.content,
    village: ticket.village,
    location: ticket.location,
    contact: ticket.contact,
    channel: ticket.reporter.channel,
    createdAt: ticket.createdAt,
    attachments: ticket.attachments.map((a) => ({ id: a.id, mimeType: a.mimeType, size: a.size })),
    type: ticket.type,
    subcategory: ticket.subcategory,
    kind,
    ticketId: ticket.id,
    ...extra,
  };
}

/**
 * Tickets for the 12345 hotline: filed durably with their outbox entry in one transaction (so a
 * ticket acknowledged is a ticket forwarded, sooner or later, under one idempotency key), joined
 * to an open ticket of the same village and category with a similar text, updated from the
 * hotline's events with every change relayed to the reporters, rated, and reopened on 不满意.
 */
export class TicketService {
  constructor(private readonly db: Database) {}

  /** Files a confirmed report; returns the new ticket or the earlier one it was joined to. */
  async file(draft: TicketDraft, now: Date): Promise<FileResult> {
    return this.db.transaction().execute(async (trx) => {
      // Its photos are the report's now: kept with the ticket, never purged as an abandoned form's.
      if (draft.attachments.length) await trx.updateTable('photos').set({ kept: 1 }).where('id', 'in', draft.attachments.map((a) => a.id)).execute();
      const since = new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000).toISOString();
      const recent = await trx
        .selectFrom('tickets')
        .selectAll()
        .where('village', '=', draft.village)
        .where('created_at', '>=', since)
        .where('status', 'in', OPEN)
        .orderBy('created_at', 'desc')
        .limit(50)
        .execute();
      // Her own report sent again (确认 retried after a crash between saving the ticket and the
      // conversation): the same ticket, not a co-reporter of herself.
      const resent = recent.find(
        (row) => row.channel === draft.reporter.channel && row.user_id === draft.reporter.user && row.content === draft.content && row.location === draft.location,
      );
      if (resent) return { ticket: fromRow(resent), duplicateOf: null };
      const group = groupOf(`${draft.location} ${draft.content}`);
      const what = whatOf(draft.content, draft.village);
      // The category is not compared, not even level 1: rubbish not collected is 城乡建设 to one
      // reading and 环境保护 to another, and two tellings of one problem must still be one ticket.
      const twin = recent.find((row) => {
        const theirs = groupOf(`${row.location} ${row.content}`);
        if (group && theirs && group !== theirs) return false;
        const alike = textLikeness(whatOf(row.content, row.village), what);
        return alike >= (group && group === theirs ? SAME_GROUP_LIKENESS : DUPLICATE_LIKENESS);
      });
      if (twin) {
        const earlier = fromRow(twin);
        await this.addReporter(trx, earlier.id, draft.reporter, now);
        await this.forwardUpdate(trx, earlier, { content: draft.content, contact: draft.contact, attachments: draft.attachments }, now);
        return { ticket: earlier, duplicateOf: earlier };
      }
      const id = await nextTicketId(trx);
      const row: Row = {
        id,
        status: 'queued',
        hotline_status: null,
        ticket_no: null,
        type: draft.type,
        category: draft.category,
        subcategory: draft.subcategory,
        content: draft.content,
        village: draft.village,
        location: draft.location,
        since_when: draft.since,
        urgent: draft.urgent ? 1 : 0,
        contact_name: draft.contact?.name ?? null,
        contact_phone: draft.contact?.phone ?? null,
        attachments: JSON.stringify(draft.attachments),
        channel: draft.reporter.channel,
        chat: draft.reporter.chat,
        user_id: draft.reporter.user,
        update_count: 0,
        reopen_count: 0,
        rating_grade: null,
        rating_comment: null,
        follow_up_by: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      };
      await trx.insertInto('tickets').values(row).execute();
      await this.addReporter(trx, id, draft.reporter, now);
      const ticket = fromRow(row);
      await enqueueHotlineRequest(trx, id, hotlineRequest(ticket, id, 'new'), now);
      return { ticket, duplicateOf: null };
    });
  }

  private async addReporter(db: Db, ticketId: string, reporter: Reporter, now: Date): Promise<void> {
    await db
      .insertInto('ticket_reporters')
      .values({ ticket_id: ticketId, channel: reporter.channel, chat: reporter.chat, user_id: reporter.user, created_at: now.toISOString() })
      .onConflict((c) => c.columns(['ticket_id', 'channel', 'user_id']).doNothing())
      .execute();
  }

  async get(id: string): Promise<Ticket | undefined> {
    const row = await this.db.selectFrom('tickets').selectAll().where('id', '=', id.toUpperCase()).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /** The tickets this person filed or joined, newest first. */
  async listForContact(contact: { channel: ChannelName; user: string }): Promise<Ticket[]> {
    const rows = await this.db
      .selectFrom('tickets')
      .innerJoin('ticket_reporters', 'ticket_reporters.ticket_id', 'tickets.id')
      .selectAll('tickets')
      .where('ticket_reporters.channel', '=', contact.channel)
      .where('ticket_reporters.user_id', '=', contact.user)
      .orderBy('tickets.created_at', 'desc')
      .limit(20)
      .execute();
    return rows.map(fromRow);
  }

  /** For staff: newest first; `overdue` keeps reopened tickets past their follow-up date. */
  async listAll(filter: { status?: TicketStatus; overdue?: boolean; limit?: number; id?: string; scope?: Scope }, now: Date): Promise<Ticket[]> {
    let query = withinScope(this.db.selectFrom('tickets').selectAll(), filter.scope).orderBy('created_at', 'desc').limit(filter.limit ?? 200);
    if (filter.id) query = query.where('id', '=', filter.id.trim().toUpperCase());
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.overdue) query = query.where('status', '=', 'reopened').where('follow_up_by', '<', shanghaiToday(now));
    return (await query.execute()).map(fromRow);
  }

  /** Called when the forwarder delivered an entry: a new ticket becomes forwarded, the filer is told. */
  async delivered(entry: { id: string; ticketId: string; ticketNo: string | null }, now: Date): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('tickets').selectAll().where('id', '=', entry.ticketId).executeTakeFirst();
      if (!row) return;
      const changed = await trx
        .updateTable('tickets')
        .set({ status: 'forwarded', ticket_no: entry.ticketNo ?? row.ticket_no, updated_at: now.toISOString() })
        .where('id', '=', row.id)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 1 && entry.id === row.id) {
        await enqueueNotification(trx, privateChat(fromRow(row).reporter), forwardedMessage(fromRow(row), entry.ticketNo), now);
      }
    });
  }

  /**
   * Applies a hotline event: records the state, relays it to every reporter, asks for a rating
   * when closed. A replayed event (same id, status and message) changes nothing.
   */
  async applyEvent(event: HotlineEvent, now: Date): Promise<EventResult> {
    return this.db.transaction().execute(async (trx): Promise<EventResult> => {
      const entry = await trx.selectFrom('hotline_outbox').select(['ticket_id', 'body']).where('id', '=', event.id).executeTakeFirst();
      const ticketId = entry?.ticket_id ?? event.id;
      const row = await trx.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirst();
      if (!row) return { kind: 'unknown' };
      // The same event again (a retry of the hotline's, or an old one replayed after a 不满意
      // reopened the ticket) changes nothing. The new round after a reopen is answered under the
      // re-handling request's own id (<id>-r1), whose events are news.
      const key = createHash('sha256')
        .update(JSON.stringify([event.id, event.status, event.ticketNo ?? '', event.message ?? '']))
        .digest('hex');
      const inserted = await trx
        .insertInto('ticket_events')
        .values({ key, ticket_id: row.id, status: event.status, message: event.message ?? null, received_at: now.toISOString() })
        .onConflict((c) => c.column('key').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return { kind: 'replayed', ticket: fromRow(row) };
      // An event about an update of the ticket (a co-reporter's words) is recorded, not relayed:
      // the ticket's own events tell its state. An event older than the state (a late
      // "accepted" after "closed") is recorded and changes nothing.
      const aboutUpdate = entry !== undefined && event.id !== row.id && !event.id.includes('-r');
      if (aboutUpdate || STATUS_RANK[event.status] < STATUS_RANK[row.status as TicketStatus]) return { kind: 'replayed', ticket: fromRow(row) };
      const changes = { status: event.status, hotline_status: event.status, ticket_no: event.ticketNo ?? row.ticket_no, updated_at: now.toISOString() };
      await trx.updateTable('tickets').set(changes).where('id', '=', row.id).execute();
      const ticket = fromRow({ ...row, ...changes });
      const reporters = await trx.selectFrom('ticket_reporters').selectAll().where('ticket_id', '=', row.id).execute();
      for (const reporter of reporters) {
        const to = privateChat({ channel: reporter.channel as ChannelName, chat: reporter.chat, user: reporter.user_id });
        await enqueueNotification(trx, to, statusChangeMessage(ticket, event.status, event.message), now);
      }
      return { kind: 'applied', ticket };
    });
  }

  /** The resident's rating of a closed ticket; 不满意 reopens it and asks 12345 to handle it again within 7 days. */
  async rate(id: string, grade: '满意' | '基本满意' | '不满意', now: Date): Promise<Ticket | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('tickets').selectAll().where('id', '=', id.toUpperCase()).executeTakeFirst();
      if (!row || row.status !== 'closed' || row.rating_grade) return row ? fromRow(row) : undefined;
      if (grade !== '不满意') {
        await trx.updateTable('tickets').set({ rating_grade: grade, updated_at: now.toISOString() }).where('id', '=', row.id).execute();
        return fromRow({ ...row, rating_grade: grade });
      }
      const reopened = row.reopen_count + 1;
      const deadline = shanghaiToday(new Date(now.getTime() + REHANDLE_DAYS * 86_400_000));
      const changes = { rating_grade: grade, status: 'reopened', reopen_count: reopened, follow_up_by: deadline, updated_at: now.toISOString() };
      await trx.updateTable('tickets').set(changes).where('id', '=', row.id).execute();
      const ticket = fromRow({ ...row, ...changes });
      await enqueueHotlineRequest(trx, row.id, hotlineRequest(ticket, `${row.id}-r${reopened}`, 'rehandle', { deadline, createdAt: now.toISOString() }), now);
      return ticket;
    });
  }

  /** Adds the resident's comment to the rating. */
  /**
   * Adds what the reporter says after filing ("对了忘了说，旁边还有死老鼠") to her ticket and
   * forwards it to the hotline as an update. Undefined when the ticket is not hers or not open.
   */
  async addDetail(id: string, reporter: Reporter, text: string, now: Date): Promise<Ticket | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('tickets').selectAll().where('id', '=', id).where('status', 'in', OPEN).executeTakeFirst();
      if (!row || row.channel !== reporter.channel || row.user_id !== reporter.user) return undefined;
      const ticket = fromRow(row);
      await this.forwardUpdate(trx, ticket, { content: text, contact: ticket.contact, attachments: [] }, now);
      return ticket;
    });
  }

  /** Counts an update of the ticket and queues it for the hotline as `<id>-u<n>`, in `trx`. */
  private async forwardUpdate(trx: Db, ticket: Ticket, update: Pick<TicketDraft, 'content' | 'contact' | 'attachments'>, now: Date): Promise<void> {
    const { update_count: updates } = await trx
      .updateTable('tickets')
      .set((eb) => ({ update_count: eb('update_count', '+', 1), updated_at: now.toISOString() }))
      .where('id', '=', ticket.id)
      .returning('update_count')
      .executeTakeFirstOrThrow();
    const request = hotlineRequest(ticket, `${ticket.id}-u${updates}`, 'update', {
      content: update.content,
      contact: update.contact,
      createdAt: now.toISOString(),
      attachments: update.attachments.map((a) => ({ id: a.id, mimeType: a.mimeType, size: a.size })),
    });
    await enqueueHotlineRequest(trx, ticket.id, request, now);
  }

  async comment(id: string, comment: string, now: Date): Promise<void> {
    await this.db
      .updateTable('tickets')
      .set({ rating_comment: comment.slice(0, 500), updated_at: now.toISOString() })
      .where('id', '=', id.toUpperCase())
      .where('rating_grade', 'is not', null)
      .execute();
  }
}

async function nextTicketId(trx: Db): Promise<string> {
  return `T${String(await nextCounterValue(trx, 'ticket')).padStart(6, '0')}`;
}
