/**
 * Runs tasks one at a time per key: two quick messages of the same person are handled in order,
 * each seeing the session the other saved. An interface because the lock holds within this
 * process (`MemoryKeyedLock`) or, with several instances, across all of them through Redis
 * (`RedisKeyedLock`).
 */
export interface KeyedLock {
  /** Runs `task` once no other task of `key` runs; resolves or rejects as the task does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** The lock of one process: a promise chain per key, so tasks of one key run in arrival order. */
export class MemoryKeyedLock implements KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(task, task);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

