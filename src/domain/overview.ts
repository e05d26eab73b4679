import { z } from 'zod';
import type { Role } from './roles.js';
import { isIsoDate } from './form-input.js';

/** The whole picture is for the group management and the directors (and admins). */
export const OVERVIEW_ROLES: readonly Role[] = ['groupManagement', 'director', 'admin'];
export const canSeeOverview = (roles: readonly Role[]): boolean => roles.some((r) => OVERVIEW_ROLES.includes(r));

/** Periods the overview offers for "decisions taken lately". */
export const OVERVIEW_PERIODS = [30, 90, 365] as const;
export const DEFAULT_OVERVIEW_DAYS = 30;

/** The longest period one Ledertræf digest covers. */
export const DIGEST_MAX_DAYS = 366;
export const DIGEST_DEFAULT_DAYS = 90;

export type PeriodError = 'invalidDate' | 'endBeforeStart' | 'tooLong' | 'inFuture';

/** A digest period as chosen on the card: real dates, from ≤ to ≤ today, at most a year. */
export function validateDigestPeriod(
  from: string,
  to: string,
  today: string,
): { ok: true } | { ok: false; error: PeriodError } {
  if (!isIsoDate(from) || !isIsoDate(to)) return { ok: false, error: 'invalidDate' };
  if (to < from) return { ok: false, error: 'endBeforeStart' };
  if (from > today) return { ok: false, error: 'inFuture' };
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > DIGEST_MAX_DAYS) return { ok: false, error: 'tooLong' };
  return { ok: true };
}

export const DigestFormatSchema = z.enum(['md', 'html']);
export type DigestFormat = z.infer<typeof DigestFormatSchema>;
