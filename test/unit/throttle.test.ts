import { describe, expect, it } from '@jest/globals';
import { createThrottle, ThrottleClosed } from '../../src/lib/throttle.js';

/** Whether p settles within ms; the timer is cleared either way, so none outlives the test. */
const settledWithin = async <T>(p: Promise<T>, ms: number) => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p.then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

describe('throttle', () => {
  it('holds the call over the limit until the window has room', async () => {
    const throttle = createThrottle();
    for (let i = 0; i < 3; i++) await throttle.take('k', 3, 300);
    const started = Date.now();
    await throttle.take('k', 3, 300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    // Other keys are counted apart.
    expect(await settledWithin(throttle.take('other', 3, 300), 50)).toBe(true);
  });

  it('lets a waiting call go at once when a refused call hands its slot back, a tenth of the limit per window', async () => {
    const throttle = createThrottle();
    const giveBacks = [];
    for (let i = 0; i < 20; i++) giveBacks.push(await throttle.take('tenant', 20, 5_000));
    const next = throttle.take('tenant', 20, 5_000);
    expect(await settledWithin(next, 100)).toBe(false);
    expect(giveBacks[0]()).toBe(true);
    expect(await settledWithin(next, 500)).toBe(true);
    // The allowance is 2 per window (a tenth of 20); a slot is handed back once.
    expect(giveBacks[0]()).toBe(false);
    expect(giveBacks[1]()).toBe(true);
    expect(giveBacks[2]()).toBe(false);
    const after = [throttle.take('tenant', 20, 5_000), throttle.take('tenant', 20, 5_000)];
    expect(await settledWithin(after[0], 300)).toBe(true);
    expect(await settledWithin(after[1], 300)).toBe(false); // the window is full again: 20 counted
    // Closed, the waiting call fails at once instead of holding a timer for the rest of the window.
    throttle.close();
    await expect(after[1]).rejects.toThrow(ThrottleClosed);
    await expect(throttle.take('other', 20, 5_000)).rejects.toThrow(ThrottleClosed);
  });
});
