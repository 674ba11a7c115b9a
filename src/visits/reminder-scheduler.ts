import { enqueueNotification } from '../notify/notification-outbox.ts';
import type { Database } from '../store/database.ts';
import { halfDayEndMinutes, type VisitRules } from './visit-rules.ts';
import { shanghaiDate, shanghaiMinutes } from './calendar.ts';
import type { Roster } from './roster.ts';
import type { VisitCatalog } from './visit-catalog.ts';
import { agentReminder, residentReminder } from './visit-messages.ts';
import { readVisit } from './visit-rows.ts';

/** What the reminder scheduler needs. */
export interface ReminderSchedulerDeps {
  db: Database;
  roster: Roster;
  /** Where the item's materials checklist comes from. */
  catalog: VisitCatalog;
  rules: VisitRules;
  /** The time `start` ticks with; tests call `tick(now)` instead. */
  clock?: () => Date;
  /** Told about a tick that failed; the next tick tries again. */
  onError?: (error: unknown) => void;
  /** At most this many reminders a tick. */
  batch?: number;
}

/**
 * Sends the day-before reminders (seed: remind both the day before, with the materials checklist)
 * to the resident and the agent. The state lives in the database, not in timers: a visit is due
 * when its `remind_at` has passed (the day before at the configured time, so at once for a visit
 * booked later than that for the next day), and each reminder is claimed by a conditional UPDATE
 * of `reminded_at` in the same transaction that queues the two notifications. So a reminder goes
 * out exactly once across restarts, several processes and overlapping ticks.
 */
export class ReminderScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly clock: () => Date;

  constructor(private readonly deps: ReminderSchedulerDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Sends every reminder due at `now`; returns how many visits this tick reminded. */
  async tick(now: Date = this.clock()): Promise<number> {
    const { db, rules } = this.deps;
    const today = shanghaiDate(now);
    const due = await db
      .selectFrom('visits')
      .select(['id', 'date', 'half'])
      .where('status', '=', 'booked')
      .where('reminded_at', 'is', null)
      .where('remind_at', '<=', now.toISOString())
      .where('date', '>=', today)
      .orderBy('remind_at')
      .limit(this.deps.batch ?? 100)
      .execute();
    let reminded = 0;
    for (const row of due) {
      // A half-day already over today is not worth a reminder any more.
      if (row.date === today && shanghaiMinutes(now) >= halfDayEndMinutes(rules, row.half === 'pm' ? 'pm' : 'am')) continue;
      if (await this.remind(row.id, now)) reminded += 1;
    }
    return reminded;
  }

  /** Ticks every `intervalMs` until `stop`; a tick still running is not overlapped. */
  start(intervalMs = 60_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .catch((error: unknown) => this.deps.onError?.(error))
        .finally(() => {
          this.running = undefined;
        });
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops ticking and waits for a tick in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async remind(id: string, now: Date): Promise<boolean> {
    const { db, roster, catalog, rules } = this.deps;
    return db.transaction().execute(async (trx) => {
      const claim = await trx
        .updateTable('visits')
        .set({ reminded_at: now.toISOString() })
        .where('id', '=', id)
        .where('status', '=', 'booked')
        .where('reminded_at', 'is', null)
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) return false;
      const visit = (await readVisit(trx, id))!;
      const agent = await roster.get(visit.agentId, trx);
      const item = catalog.item(visit.itemId);
      await enqueueNotification(trx, visit.contact, [residentReminder(visit, agent?.name ?? '', item, rules, now)], now);
      if (agent?.link) await enqueueNotification(trx, agent.link, [agentReminder(visit, item, rules, now)], now);
      return true;
    });
  }
}
