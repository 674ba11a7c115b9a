/**
 * At most one stock notice ("我只看得懂文字和图片") per person a minute: a burst of stickers gets
 * one answer, not one each (a flood of bot messages gets WeChat accounts banned and annoys).
 */
export class NoticeThrottle {
  private readonly last = new Map<string, number>();

  constructor(private readonly intervalMs = 60_000) {}

  /** Whether a notice to `key` may go out now; if so, counts it. */
  allow(key: string, now = Date.now()): boolean {
    const previous = this.last.get(key);
    if (previous !== undefined && now - previous < this.intervalMs) return false;
    this.last.set(key, now);
    if (this.last.size > 10_000) {
      for (const [k, at] of this.last) if (now - at >= this.intervalMs) this.last.delete(k);
    }
    return true;
  }
}
