/**
 * Message ids already handled, so a message a channel delivers twice (a webhook retry, a
 * reconnect, two instances logged in to one account) is answered once. An interface because the
 * ids live in this process (`MemoryRecentIds`) or, with several instances, in Redis
 * (`RedisRecentIds`).
 */
export interface RecentIds {
  /** True when the id was seen before; records it otherwise. */
  seen(id: string): Promise<boolean>;
}

/** The last `capacity` message ids of this process. */
export class MemoryRecentIds implements RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 5000) {}

  async seen(id: string): Promise<boolean> {
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
    return false;
  }
}
