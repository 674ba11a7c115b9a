/** How long to wait between attempts to bring a logged-out or failed WeChat bot back. */
export interface BackoffOptions {
  /** The first wait. */
  baseMs: number;
  /** The longest wait, however often it failed. */
  maxMs: number;
}

/**
 * Exponential backoff for reconnecting: 1×, 2×, 4×… the base, capped. Restarting a puppet in a
 * tight loop hammers WeChat's login servers (and looks like a bot); a successful login resets it.
 */
export class ReconnectBackoff {
  private failures = 0;

  constructor(private readonly options: BackoffOptions) {}

  /** How many attempts in a row have not led to a login. */
  get attempts(): number {
    return this.failures;
  }

  /** The wait before the next attempt; counts the attempt. */
  next(): number {
    const wait = Math.min(this.options.maxMs, this.options.baseMs * 2 ** Math.min(this.failures, 30));
    this.failures++;
    return wait;
  }

  /** Logged in again: the next trouble starts from the base. */
  reset(): void {
    this.failures = 0;
  }
}
