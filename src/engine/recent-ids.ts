/**
 * Remembers the last `capacity` message ids, so a message a channel delivers twice (a webhook
 * retry, a reconnect) is answered once.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 5000) {}

  /** True when the id was seen before; records it otherwise. */
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
    return false;
  }
}
