import { randomUUID } from 'node:crypto';
import type { Database } from './database.ts';

/** A question the bot could not answer confidently, kept for staff to fill the gap. */
export interface UnansweredQuestion {
  id: string;
  question: string;
  channel: string;
  chatType: 'private' | 'group';
  bestItem: string | null;
  bestScore: number | null;
  createdAt: string;
}

/** The unanswered-questions log. */
export interface UnansweredRepository {
  add(entry: Omit<UnansweredQuestion, 'id' | 'createdAt'>): Promise<UnansweredQuestion>;
  list(limit: number): Promise<UnansweredQuestion[]>;
}

/** The log in the database. */
export class SqlUnansweredRepository implements UnansweredRepository {
  constructor(private readonly db: Database) {}

  async add(entry: Omit<UnansweredQuestion, 'id' | 'createdAt'>): Promise<UnansweredQuestion> {
    const row = { ...entry, id: randomUUID(), createdAt: new Date().toISOString() };
    await this.db
      .insertInto('unanswered')
      .values({
        id: row.id,
        question: row.question,
        channel: row.channel,
        chat_type: row.chatType,
        best_item: row.bestItem,
        best_score: row.bestScore,
        created_at: row.createdAt,
      })
      .execute();
    return row;
  }

  async list(limit: number): Promise<UnansweredQuestion[]> {
    const rows = await this.db.selectFrom('unanswered').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      question: r.question,
      channel: r.channel,
      chatType: r.chat_type as 'private' | 'group',
      bestItem: r.best_item,
      bestScore: r.best_score,
      createdAt: r.created_at,
    }));
  }
}
