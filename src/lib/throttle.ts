/** Keeps calls under "at most `max` per `windowMs`" for each key, by waiting (in this process). */
export function createThrottle(now: () => number = Date.now) {
  const history = new Map<string, number[]>();
  return {
    async take(key: string, max: number, windowMs: number): Promise<void> {
      for (;;) {
        const t = now();
        const recent = (history.get(key) ?? []).filter((x) => x > t - windowMs);
        if (recent.length < max) {
          recent.push(t);
          history.set(key, recent);
          return;
        }
        await new Promise((r) => setTimeout(r, recent[0] + windowMs - t + 1));
      }
    },
  };
}
export type Throttle = ReturnType<typeof createThrottle>;
