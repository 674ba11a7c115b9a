import { Migrator, sql, type Kysely, type Migration } from 'kysely';

/** The schema's history, oldest first. Never edit a migration that has shipped; add one. */
const migrations: Record<string, Migration> = {
  '0001-sessions-and-unanswered': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sessions')
        .ifNotExists()
        .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('unanswered')
        .ifNotExists()
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('channel', 'varchar(20)', (c) => c.notNull())
        .addColumn('chat_type', 'varchar(10)', (c) => c.notNull())
        .addColumn('best_item', 'varchar(100)')
        .addColumn('best_score', 'real')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('unanswered_created_at').ifNotExists().on('unanswered').column('created_at').execute();
    },
  },
  '0002-notifications': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('notifications')
        .ifNotExists()
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('channel', 'varchar(20)', (c) => c.notNull())
        .addColumn('chat', 'varchar(200)', (c) => c.notNull())
        .addColumn('user_id', 'varchar(200)', (c) => c.notNull())
        .addColumn('replies', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('sent_at', 'varchar(40)')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .execute();
      await db.schema.createIndex('notifications_pending').ifNotExists().on('notifications').columns(['sent_at', 'created_at']).execute();
    },
  },
  '0003-visits': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('agents')
        .ifNotExists()
        .addColumn('id', 'varchar(60)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(60)', (c) => c.notNull())
        .addColumn('village', 'varchar(60)', (c) => c.notNull())
        .addColumn('partner', 'varchar(60)')
        .addColumn('departments', 'text', (c) => c.notNull())
        .addColumn('half_day_capacity', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('link_channel', 'varchar(20)')
        .addColumn('link_chat', 'varchar(200)')
        .addColumn('link_user', 'varchar(200)')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('agent_leave')
        .ifNotExists()
        .addColumn('agent_id', 'varchar(60)', (c) => c.notNull())
        .addColumn('date', 'varchar(10)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addPrimaryKeyConstraint('agent_leave_pk', ['agent_id', 'date'])
        .execute();
      await db.schema
        .createTable('visit_slots')
        .ifNotExists()
        .addColumn('agent_id', 'varchar(60)', (c) => c.notNull())
        .addColumn('date', 'varchar(10)', (c) => c.notNull())
        .addColumn('half', 'varchar(2)', (c) => c.notNull())
        .addColumn('booked', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('visit_slots_pk', ['agent_id', 'date', 'half'])
        .execute();
      await db.schema
        .createTable('counters')
        .ifNotExists()
        .addColumn('name', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('value', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('visits')
        .ifNotExists()
        .addColumn('id', 'varchar(20)', (c) => c.primaryKey())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('item_id', 'varchar(100)', (c) => c.notNull())
        .addColumn('item_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('resident_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('phone', 'varchar(40)', (c) => c.notNull())
        .addColumn('village', 'varchar(60)', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('age', 'integer')
        .addColumn('relation', 'varchar(60)')
        .addColumn('date', 'varchar(10)', (c) => c.notNull())
        .addColumn('half', 'varchar(2)', (c) => c.notNull())
        .addColumn('agent_id', 'varchar(60)', (c) => c.notNull())
        .addColumn('contact_channel', 'varchar(20)', (c) => c.notNull())
        .addColumn('contact_chat', 'varchar(200)', (c) => c.notNull())
        .addColumn('contact_user', 'varchar(200)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('outcome_done', 'integer')
        .addColumn('outcome_case_kind', 'varchar(10)')
        .addColumn('outcome_note', 'text')
        .addColumn('outcome_at', 'varchar(40)')
        .addColumn('rating_grade', 'varchar(10)')
        .addColumn('rating_comment', 'text')
        .addColumn('rated_at', 'varchar(40)')
        .addColumn('follow_up_by', 'varchar(10)')
        .addColumn('remind_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('reminded_at', 'varchar(40)')
        .execute();
      await db.schema.createIndex('visits_contact').ifNotExists().on('visits').columns(['contact_channel', 'contact_user']).execute();
      await db.schema.createIndex('visits_agent_date').ifNotExists().on('visits').columns(['agent_id', 'date']).execute();
      await db.schema.createIndex('visits_date').ifNotExists().on('visits').columns(['date', 'half']).execute();
      await db.schema.createIndex('visits_reminder_due').ifNotExists().on('visits').columns(['status', 'reminded_at', 'remind_at']).execute();
      // The same resident, item and half-day booked twice (a double-tapped 确认) stays one visit.
      await db.schema
        .createIndex('visits_one_booking')
        .ifNotExists()
        .unique()
        .on('visits')
        .columns(['phone', 'resident_name', 'item_id', 'date', 'half'])
        .where(sql.ref('status'), '=', sql.lit('booked'))
        .execute();
    },
  },
  '0004-hotline-outbox': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('hotline_outbox')
        .ifNotExists()
        .addColumn('id', 'varchar(60)', (c) => c.primaryKey())
        .addColumn('ticket_id', 'varchar(20)', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('last_status_code', 'integer')
        .addColumn('ticket_no', 'varchar(100)')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('delivered_at', 'varchar(40)')
        .execute();
      await db.schema.createIndex('hotline_outbox_due').ifNotExists().on('hotline_outbox').columns(['status', 'next_attempt_at']).execute();
    },
  },
  '0005-tickets': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('tickets')
        .ifNotExists()
        .addColumn('id', 'varchar(20)', (c) => c.primaryKey())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('hotline_status', 'varchar(20)')
        .addColumn('ticket_no', 'varchar(100)')
        .addColumn('type', 'varchar(10)', (c) => c.notNull())
        .addColumn('category', 'varchar(40)', (c) => c.notNull())
        .addColumn('subcategory', 'varchar(60)', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('village', 'varchar(60)', (c) => c.notNull())
        .addColumn('location', 'varchar(200)', (c) => c.notNull())
        .addColumn('since_when', 'varchar(60)')
        .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('contact_name', 'varchar(60)')
        .addColumn('contact_phone', 'varchar(30)')
        .addColumn('attachments', 'text', (c) => c.notNull())
        .addColumn('channel', 'varchar(20)', (c) => c.notNull())
        .addColumn('chat', 'varchar(200)', (c) => c.notNull())
        .addColumn('user_id', 'varchar(200)', (c) => c.notNull())
        .addColumn('update_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rating_grade', 'varchar(10)')
        .addColumn('rating_comment', 'text')
        .addColumn('follow_up_by', 'varchar(10)')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tickets_village_category').ifNotExists().on('tickets').columns(['village', 'category', 'created_at']).execute();
      await db.schema
        .createTable('ticket_reporters')
        .ifNotExists()
        .addColumn('ticket_id', 'varchar(20)', (c) => c.notNull())
        .addColumn('channel', 'varchar(20)', (c) => c.notNull())
        .addColumn('chat', 'varchar(200)', (c) => c.notNull())
        .addColumn('user_id', 'varchar(200)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addPrimaryKeyConstraint('ticket_reporters_pk', ['ticket_id', 'channel', 'user_id'])
        .execute();
      await db.schema.createIndex('ticket_reporters_user').ifNotExists().on('ticket_reporters').columns(['channel', 'user_id']).execute();
      await db.schema
        .createTable('ticket_events')
        .ifNotExists()
        .addColumn('key', 'varchar(128)', (c) => c.primaryKey())
        .addColumn('ticket_id', 'varchar(20)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('message', 'text')
        .addColumn('received_at', 'varchar(40)', (c) => c.notNull())
        .execute();
    },
  },
  '0006-notification-retry': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('notifications').addColumn('next_attempt_at', 'varchar(40)').execute();
    },
  },
  '0007-notification-progress': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('notifications').addColumn('replies_sent', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
  },
  '0008-staff-console': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('staff_accounts')
        .ifNotExists()
        .addColumn('username', 'varchar(60)', (c) => c.primaryKey())
        .addColumn('role', 'varchar(10)', (c) => c.notNull())
        .addColumn('village', 'varchar(60)')
        .addColumn('agent_id', 'varchar(60)')
        .addColumn('display_name', 'varchar(60)', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'varchar(40)')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('staff_sessions')
        .ifNotExists()
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('username', 'varchar(60)', (c) => c.notNull())
        .addColumn('csrf', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('last_seen_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('ip', 'varchar(60)')
        .execute();
      await db.schema.createIndex('staff_sessions_username').ifNotExists().on('staff_sessions').column('username').execute();
      await db.schema
        .createTable('staff_audit')
        .ifNotExists()
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'varchar(40)', (c) => c.notNull())
        .addColumn('actor', 'varchar(60)', (c) => c.notNull())
        .addColumn('action', 'varchar(40)', (c) => c.notNull())
        .addColumn('target', 'varchar(200)', (c) => c.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('ip', 'varchar(60)')
        .execute();
      await db.schema.createIndex('staff_audit_seq').ifNotExists().on('staff_audit').column('seq').execute();
      await db.schema
        .createTable('handoffs')
        .ifNotExists()
        .addColumn('id', 'varchar(20)', (c) => c.primaryKey())
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('channel', 'varchar(20)', (c) => c.notNull())
        .addColumn('chat', 'varchar(200)', (c) => c.notNull())
        .addColumn('user_id', 'varchar(200)', (c) => c.notNull())
        .addColumn('village', 'varchar(60)')
        .addColumn('last_text', 'text', (c) => c.notNull())
        .addColumn('claimed_by', 'varchar(60)')
        .addColumn('claimed_at', 'varchar(40)')
        .addColumn('first_reply_at', 'varchar(40)')
        .addColumn('closed_at', 'varchar(40)')
        .addColumn('closed_by', 'varchar(60)')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('handoffs_conversation').ifNotExists().on('handoffs').columns(['channel', 'chat', 'user_id', 'status']).execute();
      // One open handoff per conversation: a double-tapped 找人工 stays one.
      await db.schema
        .createIndex('handoffs_one_open')
        .ifNotExists()
        .unique()
        .on('handoffs')
        .columns(['channel', 'chat', 'user_id'])
        .where(sql.ref('status'), '<>', sql.lit('closed'))
        .execute();
      await db.schema
        .createTable('handoff_messages')
        .ifNotExists()
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('handoff_id', 'varchar(20)', (c) => c.notNull())
        .addColumn('author_kind', 'varchar(10)', (c) => c.notNull())
        .addColumn('author', 'varchar(60)', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('handoff_messages_handoff').ifNotExists().on('handoff_messages').columns(['handoff_id', 'seq']).execute();
    },
  },
  '0009-rating-follow-ups': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('rating_follow_ups')
        .ifNotExists()
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('target', 'varchar(40)', (c) => c.notNull())
        .addColumn('visit_note', 'text', (c) => c.notNull())
        .addColumn('fix_note', 'text', (c) => c.notNull())
        .addColumn('told_resident', 'integer', (c) => c.notNull())
        .addColumn('actor', 'varchar(60)', (c) => c.notNull())
        .addColumn('at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rating_follow_ups_target').ifNotExists().on('rating_follow_ups').column('target').execute();
    },
  },
  '0010-photos': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('photos')
        .ifNotExists()
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('owner', 'varchar(200)', (c) => c.notNull())
        .addColumn('file', 'varchar(60)', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('kept', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('photos_owner').ifNotExists().on('photos').columns(['owner', 'created_at']).execute();
      await db.schema.createIndex('photos_unkept').ifNotExists().on('photos').columns(['kept', 'created_at']).execute();
    },
  },
  '0011-photo-addresses': {
    async up(db: Kysely<any>) {
      // The address a browser sent a photo from: what one address sends in a day is bounded (UPLOAD_DAILY_MB_PER_ADDRESS).
      await db.schema.alterTable('photos').addColumn('address', 'varchar(64)').execute();
      await db.schema.createIndex('photos_address').ifNotExists().on('photos').columns(['address', 'created_at']).execute();
    },
  },
};

/** Applies every migration not yet applied; throws the first failure. */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
