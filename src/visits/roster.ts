import type { Kysely, Transaction } from 'kysely';
import type { Agent, Item } from '../knowledge/schema.ts';
import type { Database, Tables } from '../store/database.ts';
import type { AgentRecord, ContactAddress } from './types.ts';
import type { ChannelName } from '../message.ts';
import { departmentMatches, type VisitRules } from './visit-rules.ts';

type AgentRow = Tables['agents'];

/** Turns a database row into an agent. */
export function agentFromRow(row: AgentRow): AgentRecord {
  return {
    id: row.id,
    name: row.name,
    village: row.village,
    partner: row.partner,
    departments: JSON.parse(row.departments) as string[],
    halfDayCapacity: Number(row.half_day_capacity),
    position: Number(row.position),
    active: Number(row.active) === 1,
    link:
      row.link_channel && row.link_chat && row.link_user
        ? { channel: row.link_channel as ChannelName, chat: row.link_chat, user: row.link_user }
        : null,
  };
}

/**
 * Whether an agent takes this item on a home visit: the item must allow 帮办代办 (`proxy: true`)
 * and belong to one of the departments the agent is trained for.
 */
export function handlesItem(agent: Pick<AgentRecord, 'departments' | 'active'>, item: Item, rules: VisitRules): boolean {
  return agent.active && item.proxy && departmentMatches(rules, agent.departments, item.department);
}

/**
 * The village agents, their leave and the chats that reach them. The database is the truth:
 * knowledge/agents.yaml seeds it at every start (its agents' names, villages, partners,
 * departments and capacity win), while agents staff added, leave dates and chat links stay.
 * A copy of the last list read is kept for the synchronous question "can anyone do this item".
 */
export class Roster {
  private cache: AgentRecord[] = [];

  constructor(private readonly db: Database) {}

  /** Upserts the YAML roster, keeping existing rows' chat links and active flag; returns the list. */
  async seed(agents: readonly Agent[], now: Date): Promise<AgentRecord[]> {
    const stamp = now.toISOString();
    await this.db.transaction().execute(async (trx) => {
      for (const [position, agent] of agents.entries()) {
        const fields = {
          name: agent.name,
          village: agent.village,
          partner: agent.partner ?? null,
          departments: JSON.stringify(agent.departments),
          half_day_capacity: agent.half_day_capacity,
          position,
          updated_at: stamp,
        };
        await trx
          .insertInto('agents')
          .values({ id: agent.id, ...fields, active: 1, link_channel: null, link_chat: null, link_user: null, created_at: stamp })
          .onConflict((c) => c.column('id').doUpdateSet(fields))
          .execute();
      }
    });
    return this.list();
  }

  /** Adds or changes an agent (staff). A new agent goes after the others of its village. */
  async save(agent: Omit<AgentRecord, 'position' | 'link'> & { position?: number }, now: Date): Promise<AgentRecord> {
    const stamp = now.toISOString();
    const position = agent.position ?? (await this.nextPosition());
    const fields = {
      name: agent.name,
      village: agent.village,
      partner: agent.partner,
      departments: JSON.stringify(agent.departments),
      half_day_capacity: agent.halfDayCapacity,
      active: agent.active ? 1 : 0,
      updated_at: stamp,
    };
    await this.db
      .insertInto('agents')
      .values({ id: agent.id, ...fields, position, link_channel: null, link_chat: null, link_user: null, created_at: stamp })
      .onConflict((c) => c.column('id').doUpdateSet(fields))
      .execute();
    return (await this.get(agent.id))!;
  }

  /** Every agent, in roster order; refreshes the cached copy. */
  async list(db: Kysely<Tables> | Transaction<Tables> = this.db): Promise<AgentRecord[]> {
    const rows = await db.selectFrom('agents').selectAll().orderBy('position').orderBy('id').execute();
    this.cache = rows.map(agentFromRow);
    return this.cache;
  }

  /** The agents as last read (empty before the first `seed` or `list`). */
  cached(): readonly AgentRecord[] {
    return this.cache;
  }

  async get(id: string, db: Kysely<Tables> | Transaction<Tables> = this.db): Promise<AgentRecord | undefined> {
    const row = await db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? agentFromRow(row) : undefined;
  }

  /**
   * Links the agent to the chat where the bot reaches it (the agent's private chat, found when the
   * agent writes to the bot), so that bookings and reminders arrive there. One chat per agent.
   */
  async linkChat(agentId: string, to: ContactAddress, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('agents')
      .set({ link_channel: to.channel, link_chat: to.chat, link_user: to.user, updated_at: now.toISOString() })
      .where('id', '=', agentId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async unlinkChat(agentId: string, now: Date): Promise<void> {
    await this.db
      .updateTable('agents')
      .set({ link_channel: null, link_chat: null, link_user: null, updated_at: now.toISOString() })
      .where('id', '=', agentId)
      .execute();
  }

  /** The agent who writes from this user account, if linked (for the agent's chat commands). */
  async agentForUser(channel: ChannelName, user: string): Promise<AgentRecord | undefined> {
    const row = await this.db
      .selectFrom('agents')
      .selectAll()
      .where('link_channel', '=', channel)
      .where('link_user', '=', user)
      .executeTakeFirst();
    return row ? agentFromRow(row) : undefined;
  }

  /** Marks the agent away that day (YYYY-MM-DD): no visits are assigned to it then. */
  async addLeave(agentId: string, date: string, now: Date): Promise<void> {
    await this.db
      .insertInto('agent_leave')
      .values({ agent_id: agentId, date, created_at: now.toISOString() })
      .onConflict((c) => c.columns(['agent_id', 'date']).doNothing())
      .execute();
  }

  async removeLeave(agentId: string, date: string): Promise<void> {
    await this.db.deleteFrom('agent_leave').where('agent_id', '=', agentId).where('date', '=', date).execute();
  }

  /** Leave between two dates (inclusive), as "agentId date" keys. */
  async leaveBetween(from: string, to: string, db: Kysely<Tables> | Transaction<Tables> = this.db): Promise<Set<string>> {
    const rows = await db.selectFrom('agent_leave').select(['agent_id', 'date']).where('date', '>=', from).where('date', '<=', to).execute();
    return new Set(rows.map((row) => leaveKey(row.agent_id, row.date)));
  }

  private async nextPosition(): Promise<number> {
    const row = await this.db.selectFrom('agents').select((eb) => eb.fn.max('position').as('max')).executeTakeFirst();
    return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
  }
}

/** The key `leaveBetween` uses for an agent's day off. */
export function leaveKey(agentId: string, date: string): string {
  return `${agentId} ${date}`;
}
