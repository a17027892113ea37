/**
 * Runs tasks one at a time per key and concurrently across keys: one person's messages are
 * handled in order, and people never wait on each other.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    // Forget the key once its last task ends, so idle people cost no memory.
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Resolves once every task queued so far has ended, however it ended. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#tails.values()]);
  }

  /** Number of keys with work queued or running. */
  get size(): number {
    return this.#tails.size;
  }
}
