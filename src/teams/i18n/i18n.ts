import { da, type Strings } from './strings.da.js';
import { en } from './strings.en.js';

export type Locale = 'da' | 'en';
export type { Strings };

export function strings(locale: Locale): Strings {
  return locale === 'en' ? en : da;
}

/** The user's own choice wins; then the Teams client language; then the organisation's default. */
export function chooseLocale(preference: Locale | null | undefined, clientLocale: string | undefined, fallback: Locale): Locale {
  if (preference) return preference;
  const lang = clientLocale?.toLowerCase().slice(0, 2);
  return lang === 'da' || lang === 'en' ? lang : fallback;
}

export function formatDate(d: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { dateStyle: 'medium', timeZone }).format(d);
}
