/** Runs at most `limit` tasks at once; `start` waits only for a free slot, `drain` for everything started. */
export function createWorkPool(limit: number) {
  const running = new Set<Promise<void>>();
  return {
    async start(task: () => Promise<unknown>): Promise<void> {
      while (running.size >= limit) await Promise.race(running);
      const p: Promise<void> = task()
        .then(
          () => undefined,
          () => undefined, // tasks report their own failures; the pool only counts them
        )
        .finally(() => running.delete(p));
      running.add(p);
    },
    async drain(): Promise<void> {
      while (running.size) await Promise.all(running);
    },
    get size() {
      return running.size;
    },
  };
}
