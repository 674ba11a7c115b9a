import type { AttachmentStore } from '../hotline/attachment-store.ts';
import { checkpointWal, type Database } from './database.ts';

/**
 * Deletes the sessions nobody has written to for longer than the session time-to-live. Such a
 * session is discarded when loaded anyway; deleting it keeps the table from growing with every
 * passer-by, and takes an abandoned form's name, phone and ID number with it — and the photos
 * of a report never confirmed, taken as long ago.
 */
export class SessionPurge {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly db: Database,
    private readonly ttlHours: number,
    private readonly photos: AttachmentStore | undefined,
    private readonly onError: (error: unknown) => void = () => {},
    /** The engine's clock: sessions are stamped with it. */
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Deletes what is idle at `now`; returns how many sessions and unkept photos went. */
  async tick(now: Date = this.clock()): Promise<{ sessions: number; photos: number }> {
    const cutoff = new Date(now.getTime() - this.ttlHours * 3_600_000);
    const result = await this.db.deleteFrom('sessions').where('updated_at', '<', cutoff.toISOString()).executeTakeFirst();
    const photos = this.photos ? await this.photos.purgeUnkept(cutoff) : 0;
    // What was deleted leaves the write-ahead log too, and the log does not grow for ever.
    checkpointWal(this.db);
    return { sessions: Number(result.numDeletedRows ?? 0), photos };
  }

  /** Purges now and then every `intervalMs`, one run at a time. */
  start(intervalMs = 3_600_000): void {
    if (this.timer) return;
    const run = () => {
      if (this.running) return;
      this.running = this.tick()
        .catch((error: unknown) => this.onError(error))
        .finally(() => {
          this.running = undefined;
        });
    };
    run();
    this.timer = setInterval(run, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
