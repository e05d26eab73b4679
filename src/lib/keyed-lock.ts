/**
 * One task at a time per key, in the order they asked (in this process): sends to one conversation stay in
 * line while sends to others run beside them.
 */
export function createKeyedLock() {
  const tails = new Map<string, Promise<void>>();
  return async function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => done);
    tails.set(key, tail);
    await before;
    try {
      return await task();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
export type KeyedLock = ReturnType<typeof createKeyedLock>;
