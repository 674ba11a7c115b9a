import type { Logger } from 'pino';
import type { KnowledgeService } from '../knowledge/knowledge-service.ts';
import type { Database } from '../store/database.ts';

/** Whether the server can do its work now: `/readyz` (CONTRACT.md). */
export type ReadyState = { ready: true } | { ready: false; reason: string };

/** The counter row the probe writes: one row, updated in place, so probing never grows the database. */
const PROBE_ROW = 'readyz-probe';

/**
 * The readiness check behind `/readyz`: the knowledge index is loaded, and the database takes a
 * real write (one counter row, committed), within `timeoutMs`. A write is the only honest test:
 * a full disk, a read-only file or a lost PostgreSQL primary still answer reads. Probes that
 * arrive while one runs share its answer, so a load balancer's burst costs one write.
 */
export class Readiness {
  private running: Promise<ReadyState> | undefined;
  private lastReady = true;

  constructor(
    private readonly deps: { db: Database; knowledge: KnowledgeService; logger: Logger; timeoutMs?: number },
  ) {}

  check(): Promise<ReadyState> {
    this.running ??= this.probe().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async probe(): Promise<ReadyState> {
    const state = this.knowledgeState() ?? (await this.databaseState());
    // One line when readiness changes, not one per probe of a load balancer.
    if (state.ready !== this.lastReady) {
      if (state.ready) this.deps.logger.info('ready again: the database takes writes and the knowledge index is loaded');
      else this.deps.logger.warn({ reason: state.reason }, 'not ready');
      this.lastReady = state.ready;
    }
    return state;
  }

  private knowledgeState(): ReadyState | undefined {
    try {
      const snapshot = this.deps.knowledge.current;
      if (!snapshot?.retriever || snapshot.base.items.length === 0) return { ready: false, reason: 'knowledge: the index is not loaded (no items)' };
      return undefined;
    } catch (error) {
      return { ready: false, reason: `knowledge: the index is not loaded (${(error as Error).message})` };
    }
  }

  private async databaseState(): Promise<ReadyState> {
    const timeoutMs = this.deps.timeoutMs ?? 2000;
    let timer: NodeJS.Timeout | undefined;
    const write = this.deps.db
      .insertInto('counters')
      .values({ name: PROBE_ROW, value: 1 })
      .onConflict((c) => c.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })))
      .execute();
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    try {
      const outcome = await Promise.race([write, late]);
      if (outcome === 'late') return { ready: false, reason: `database: a write did not finish within ${timeoutMs} ms` };
      return { ready: true };
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { ready: false, reason: `database: cannot be written (${code ? `${code}: ` : ''}${(error as Error).message})` };
    } finally {
      clearTimeout(timer);
      // A write that lost the race may still fail later: never an unhandled rejection.
      write.catch(() => undefined);
    }
  }
}
