import { z } from 'zod';

/**
 * Building blocks for form validation. Each issue's message is the error code the card shows
 * ('required', 'tooShort', 'tooLong', …), so a form gets one clear message per field.
 */

/** Required text, trimmed; `collapse` also folds inner runs of whitespace (names, titles on one line). */
export const requiredText = (min: number, max: number, collapse = false) =>
  z
    .string({ error: 'required' })
    .transform((s) => (collapse ? s.trim().replace(/\s+/g, ' ') : s.trim()))
    .pipe(z.string().min(1, 'required').min(min, 'tooShort').max(max, 'tooLong'));

/** Optional text: blank counts as not given. */
export const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(max, 'tooLong').optional(),
  );

/** Splits a multi-select value; Teams sends a comma-joined string. */
export function splitChoices(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String).filter(Boolean);
  if (typeof v !== 'string') return [];
  return [
    ...new Set(
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar date written YYYY-MM-DD (no 30 February, no month 13). */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
}

/** A required date input. */
export const requiredDate = () =>
  z.string({ error: 'required' }).trim().min(1, 'required').refine(isIsoDate, 'invalidDate');
/** An optional date input: blank counts as not given. */
export const optionalDate = () =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().refine(isIsoDate, 'invalidDate').optional(),
  );

export type Checked<T, E> = { ok: true; value: T } | { ok: false; errors: E };

/** Parses a form; on failure, the first problem of each field by its code. */
export function checkForm<T, E extends Partial<Record<string, string>>>(
  schema: z.ZodType<T>,
  raw: Record<string, unknown>,
): Checked<T, E> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Partial<Record<string, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (!errors[field]) errors[field] = issue.message || 'required';
  }
  return { ok: false, errors: errors as E };
}
