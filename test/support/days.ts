import { addDays, localDate } from '../../src/domain/portfolio.js';

/** The first `weekday` (0 Sunday … 6 Saturday) at least `minDays` from today in Copenhagen, as yyyy-mm-dd. */
export function weekdayAhead(weekday: number, minDays: number, timeZone = 'Europe/Copenhagen'): string {
  let d = addDays(localDate(new Date(), timeZone), minDays);
  while (new Date(`${d}T12:00:00Z`).getUTCDay() !== weekday) d = addDays(d, 1);
  return d;
}
