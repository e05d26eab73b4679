/**
 * A time that has passed, as the app says it everywhere (the decision queue, the overview, the notices):
 * rounded down, in whole days from one day on, in whole hours under a day, and "under an hour" below that.
 * One rule, so no card says "1 dag" where another says "0 dage" about the same wait.
 */
export type Elapsed = { unit: 'day' | 'hour'; n: number } | { unit: 'underAnHour' };

export function elapsed(days: number): Elapsed {
  if (days >= 1) return { unit: 'day', n: Math.floor(days) };
  const hours = Math.floor(days * 24);
  return hours < 1 ? { unit: 'underAnHour' } : { unit: 'hour', n: hours };
}
