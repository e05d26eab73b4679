import { da, type Strings } from './strings.da.js';
import { en } from './strings.en.js';

export type Locale = 'da' | 'en';
export type { Strings };

export function strings(locale: Locale): Strings {
  return locale === 'en' ? en : da;
}

/** The user's own choice wins; then the Teams client language; then the organisation's default. */
export function chooseLocale(
  preference: Locale | null | undefined,
  clientLocale: string | undefined,
  fallback: Locale,
): Locale {
  if (preference) return preference;
  const lang = clientLocale?.toLowerCase().slice(0, 2);
  return lang === 'da' || lang === 'en' ? lang : fallback;
}

// Building an Intl formatter costs far more than using one; a card may format dozens of dates.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, timeZone: string, style: 'date' | 'time'): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      style === 'date' ? { dateStyle: 'medium', timeZone } : { timeStyle: 'short', timeZone };
    formatters.set(key, (f = new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', options)));
  }
  return f;
}

export function formatDate(d: Date, locale: Locale, timeZone: string): string {
  return formatter(locale, timeZone, 'date').format(d);
}

export function formatTime(d: Date, locale: Locale, timeZone: string): string {
  return formatter(locale, timeZone, 'time').format(d);
}

const weekdays = new Map<string, Intl.DateTimeFormat>();
/** "tir. 1. dec. 2026, 10.00–11.00" / "Tue 1 Dec 2026, 10:00–11:00": a meeting's time as people read it. */
export function formatSlot(start: Date, end: Date, locale: Locale, timeZone: string): string {
  const key = `${locale}|${timeZone}`;
  let day = weekdays.get(key);
  if (!day)
    weekdays.set(
      key,
      (day = new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone,
      })),
    );
  return `${day.format(start)}, ${formatTime(start, locale, timeZone)}–${formatTime(end, locale, timeZone)}`;
}
