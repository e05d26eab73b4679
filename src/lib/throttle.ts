/** Hands a slot back: true when it was taken back out of the count, false when the allowance for that was used up. */
export type GiveBack = () => boolean;

/**
 * Keeps calls under "at most `max` per `windowMs`" for each key, by waiting (in this process).
 *
 * A call the other side refused without doing anything (a 429) may hand its slot back, so the window is
 * not spent on work that did not happen. Whether a refusal counts against the other side's limit is not
 * documented for Teams; if it does, each slot handed back costs one more refusal, so at most a tenth of
 * `max` (at least one) is handed back per window.
 */
export function createThrottle(now: () => number = Date.now) {
  const history = new Map<string, number[]>();
  const handedBack = new Map<string, number[]>();
  const waiting = new Map<string, Set<() => void>>();
  let closed = false;

  const wake = (key: string) => {
    for (const w of [...(waiting.get(key) ?? [])]) w();
  };
  const sleep = (key: string, ms: number) =>
    new Promise<void>((resolve) => {
      const set = waiting.get(key) ?? waiting.set(key, new Set()).get(key)!;
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });

  return {
    async take(key: string, max: number, windowMs: number): Promise<GiveBack> {
      for (;;) {
        if (closed) throw new ThrottleClosed();
        const t = now();
        const recent = (history.get(key) ?? []).filter((x) => x > t - windowMs);
        history.set(key, recent);
        if (recent.length < max) {
          recent.push(t);
          let back = false;
          return () => {
            if (back) return false;
            const at = now();
            const given = (handedBack.get(key) ?? []).filter((x) => x > at - windowMs);
            handedBack.set(key, given);
            const slots = history.get(key) ?? [];
            const i = slots.indexOf(t);
            if (i < 0 || given.length >= Math.max(1, Math.floor(max / 10))) return false;
            slots.splice(i, 1);
            back = true;
            given.push(at);
            wake(key);
            return true;
          };
        }
        await sleep(key, recent[0] + windowMs - t + 1);
      }
    },
    /** Wakes every waiting call, which then fails with ThrottleClosed, as does every later one (no timer is left). */
    close(): void {
      closed = true;
      for (const key of waiting.keys()) wake(key);
    },
  };
}

export class ThrottleClosed extends Error {
  constructor() {
    super('the throttle was closed while the call waited for its turn');
  }
}
export type Throttle = ReturnType<typeof createThrottle>;
