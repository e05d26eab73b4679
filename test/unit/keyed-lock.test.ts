import { describe, expect, it } from '@jest/globals';
import { createKeyedLock } from '../../src/lib/keyed-lock.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('one at a time per key', () => {
  it('keeps tasks of one key in line, in order, and runs other keys beside them', async () => {
    const oneAtATime = createKeyedLock();
    const log: string[] = [];
    const task = (key: string, name: string, ms: number) =>
      oneAtATime(key, async () => {
        log.push(`start ${name}`);
        await tick(ms);
        log.push(`end ${name}`);
        return name;
      });
    const results = await Promise.all([task('a', 'a1', 30), task('a', 'a2', 5), task('b', 'b1', 5)]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    // b1 ran while a1 was running; a2 waited for a1.
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
    expect(log.indexOf('start a2')).toBeGreaterThan(log.indexOf('end a1'));
  });

  it('lets the next one go when a task fails', async () => {
    const oneAtATime = createKeyedLock();
    const failed = oneAtATime('a', () => Promise.reject(new Error('429')));
    const next = oneAtATime('a', () => Promise.resolve('sent'));
    await expect(failed).rejects.toThrow('429');
    await expect(next).resolves.toBe('sent');
  });
});
