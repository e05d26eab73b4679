import { localToInstant } from './local-time.js';
import { addDays, localDate } from './portfolio.js';

/** How often a person wants "Nyt fra det, du følger". */
export const DIGEST_CADENCES = ['weekly', 'fortnightly', 'off'] as const;
export type DigestCadence = (typeof DIGEST_CADENCES)[number];

const DAY_MS = 86_400_000;
/** The Monday the fortnightly rhythm counts from (its digests come in the even weeks after it). */
const FIRST_MONDAY = '2024-01-01';
/** A digest covers at most this much, however long since the last one (turned off for months, say). */
export const LONGEST_DIGEST_DAYS = 28;

export interface DigestPeriod {
  /** The Monday 08:00 (in the zone) this period started: the digest's moment and its key. */
  start: Date;
  /** That Monday, as a date. */
  monday: string;
  /** Weeks since the first Monday: fortnightly digests come when it is even. */
  week: number;
}

/**
 * The digest period an instant is in: from the latest Monday 08:00 (wall clock in the zone, so 08:00 stays
 * 08:00 across daylight saving) at or before it, to the next one.
 */
export function digestPeriod(now: Date, timeZone: string): DigestPeriod {
  const today = localDate(now, timeZone);
  const weekday = new Date(`${today}T12:00:00Z`).getUTCDay() || 7;
  let monday = addDays(today, 1 - weekday);
  let start = localToInstant(monday, '08:00', timeZone);
  if (start.getTime() > now.getTime()) {
    monday = addDays(monday, -7);
    start = localToInstant(monday, '08:00', timeZone);
  }
  const week = Math.round((Date.parse(`${monday}T00:00:00Z`) - Date.parse(`${FIRST_MONDAY}T00:00:00Z`)) / (7 * DAY_MS));
  return { start, monday, week };
}

/** Whether a person with this cadence gets a digest in this period. */
export function digestDue(cadence: DigestCadence, period: DigestPeriod): boolean {
  return cadence === 'weekly' || (cadence === 'fortnightly' && period.week % 2 === 0);
}

/** What a digest covers: since the last one (at most LONGEST_DIGEST_DAYS back), else one cadence back. */
export function digestSince(cadence: DigestCadence, period: DigestPeriod, lastStart: Date | undefined): Date {
  const longest = period.start.getTime() - LONGEST_DIGEST_DAYS * DAY_MS;
  if (lastStart && lastStart.getTime() >= longest) return lastStart;
  return new Date(period.start.getTime() - (cadence === 'fortnightly' ? 14 : 7) * DAY_MS);
}
