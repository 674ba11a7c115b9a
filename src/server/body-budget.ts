/**
 * How many bytes of large request bodies the server holds in memory at once. A message with four
 * phone photos is a 54 MB JSON body, and reading, parsing and decoding it takes about three times
 * that; sixteen at once took the process past a gigabyte. Large bodies therefore wait their turn
 * before a byte of them is read (TCP holds the rest back), small ones never wait, and a body that
 * waits too long is answered 503 with Retry-After rather than kept hanging.
 */
export class BodyBudget {
  /** More large bodies than this waiting are answered 503 at once: a queue of callers who may have hung up is no queue. */
  static readonly MOST_WAITING = 32;
  private available: number;
  private readonly waiting: { bytes: number; grant: () => void }[] = [];

  constructor(
    /** Bytes of large bodies read at once; a body larger than this still runs, alone. */
    private readonly capacity: number,
    /** Bodies up to this size are not counted. */
    readonly smallBytes = 1_048_576,
  ) {
    this.available = capacity;
  }

  /**
   * Waits until `bytes` fit (at most `waitMs`, and no longer than `abandoned` stays unaborted),
   * then returns the release; `undefined` when the wait ran out, was abandoned, or
   * `MOST_WAITING` already wait. Release exactly once, when the request is done. (A caller who
   * hangs up while her body waits unread is often seen only when the socket is read again: the
   * cap and the wait's limit bound what such callers hold.)
   */
  async reserve(bytes: number, waitMs: number, abandoned?: AbortSignal): Promise<(() => void) | undefined> {
    if (abandoned?.aborted) return undefined;
    if (bytes <= this.smallBytes) return () => {};
    const wanted = Math.min(bytes, this.capacity);
    if (this.waiting.length === 0 && this.available >= wanted) return this.take(wanted);
    if (this.waiting.length >= BodyBudget.MOST_WAITING) return undefined;
    return new Promise((resolve) => {
      const leave = () => {
        const at = this.waiting.indexOf(entry);
        if (at === -1) return;
        this.waiting.splice(at, 1);
        clearTimeout(timer);
        resolve(undefined);
        // Whoever queued behind may fit now.
        this.grantWaiting();
      };
      const entry = {
        bytes: wanted,
        grant: () => {
          clearTimeout(timer);
          abandoned?.removeEventListener('abort', leave);
          resolve(this.take(wanted));
        },
      };
      this.waiting.push(entry);
      const timer = setTimeout(leave, waitMs);
      timer.unref();
      abandoned?.addEventListener('abort', leave, { once: true });
    });
  }

  private take(bytes: number): () => void {
    this.available -= bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.available += bytes;
      this.grantWaiting();
    };
  }

  /** First come, first served: the head of the queue goes when it fits. */
  private grantWaiting(): void {
    while (this.waiting.length && this.available >= this.waiting[0]!.bytes) this.waiting.shift()!.grant();
  }
}
