import { describe, expect, it } from '@jest/globals';
import { digestDue, digestPeriod, digestSince } from '../../src/domain/digest.js';

const ZONE = 'Europe/Copenhagen';
const at = (iso: string) => new Date(iso);

/** Monday 08:00 on the wall clock in Copenhagen, whatever daylight saving does. */
describe('the digest period', () => {
  it('starts at 08:00 on Monday, summer (UTC+2) and winter (UTC+1) alike', () => {
    expect(digestPeriod(at('2027-06-14T06:00:00Z'), ZONE).start.toISOString()).toBe('2027-06-14T06:00:00.000Z');
    expect(digestPeriod(at('2027-01-11T07:00:00Z'), ZONE).start.toISOString()).toBe('2027-01-11T07:00:00.000Z');
  });

  it('a minute before Monday 08:00 is still the week before', () => {
    const before = digestPeriod(at('2027-01-11T06:59:00Z'), ZONE);
    expect(before.monday).toBe('2027-01-04');
    expect(digestPeriod(at('2027-01-11T07:00:00Z'), ZONE).monday).toBe('2027-01-11');
  });

  it('keeps 08:00 on the Monday after clocks go forward (28 March 2027) and back (25 October 2026)', () => {
    // Sunday 28 March 2027 02:00 became 03:00: the Monday after is at 06:00 UTC; the Monday before at 07:00.
    expect(digestPeriod(at('2027-03-29T06:00:00Z'), ZONE).start.toISOString()).toBe('2027-03-29T06:00:00.000Z');
    expect(digestPeriod(at('2027-03-29T05:59:00Z'), ZONE).start.toISOString()).toBe('2027-03-22T07:00:00.000Z');
    // Sunday 25 October 2026 03:00 became 02:00: the Monday after is at 07:00 UTC.
    expect(digestPeriod(at('2026-10-26T07:00:00Z'), ZONE).start.toISOString()).toBe('2026-10-26T07:00:00.000Z');
    expect(digestPeriod(at('2026-10-26T06:30:00Z'), ZONE).start.toISOString()).toBe('2026-10-19T06:00:00.000Z');
    // Sunday night across the change, the week is the one that began the Monday before it.
    expect(digestPeriod(at('2027-03-28T12:00:00Z'), ZONE).monday).toBe('2027-03-22');
  });

  it('alternates weeks for a fortnightly digest, weekly always, off never', () => {
    const weeks = ['2027-01-04', '2027-01-11', '2027-01-18', '2027-01-25'].map((d) =>
      digestPeriod(at(`${d}T10:00:00Z`), ZONE),
    );
    expect(weeks.map((w) => digestDue('fortnightly', w))).toEqual(
      [true, false, true, false].map((x) => (weeks[0].week % 2 === 0 ? x : !x)),
    );
    expect(weeks.every((w) => digestDue('weekly', w))).toBe(true);
    expect(weeks.some((w) => digestDue('off', w))).toBe(false);
  });

  it('covers since the last digest, at most four weeks back; else one cadence back', () => {
    const p = digestPeriod(at('2027-01-11T10:00:00Z'), ZONE);
    expect(digestSince('weekly', p, at('2026-12-28T07:00:00Z')).toISOString()).toBe('2026-12-28T07:00:00.000Z');
    expect(digestSince('weekly', p, undefined).toISOString()).toBe('2027-01-04T07:00:00.000Z');
    expect(digestSince('fortnightly', p, undefined).toISOString()).toBe('2026-12-28T07:00:00.000Z');
    expect(digestSince('weekly', p, at('2026-06-01T06:00:00Z')).toISOString()).toBe('2027-01-04T07:00:00.000Z');
  });
});
