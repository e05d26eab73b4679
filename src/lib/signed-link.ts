import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { DigestFormatSchema, type DigestFormat } from '../domain/overview.js';

/** How long a download link from a card works. */
export const LINK_LIFETIME_MS = 7 * 86_400_000;

export interface DigestLink {
  from: string;
  to: string;
  locale: 'da' | 'en';
  format: DigestFormat;
  /** Expiry, in whole seconds since the epoch. */
  exp: number;
}

const sign = (secret: Buffer, l: DigestLink) =>
  createHmac('sha256', secret)
    .update(`ledertraef-digest|${l.from}|${l.to}|${l.locale}|${l.format}|${l.exp}`)
    .digest('base64url');

/** A link anyone holding it may open until it expires: the signature is its authority, and it names one document. */
export function digestUrl(baseUrl: string, secret: Buffer, l: DigestLink): string {
  const q = new URLSearchParams({ from: l.from, to: l.to, locale: l.locale, exp: String(l.exp), sig: sign(secret, l) });
  return `${baseUrl}/downloads/ledertraef.${l.format}?${q}`;
}

const QuerySchema = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  locale: z.enum(['da', 'en']),
  exp: z.coerce.number().int().positive(),
  sig: z.string().min(1).max(100),
});

export type LinkCheck = { ok: true; link: DigestLink } | { ok: false; status: 400 | 403 | 410 };

/** Checks a link's signature (in constant time) and expiry. */
export function verifyDigestLink(
  secret: Buffer,
  format: string,
  query: Record<string, unknown>,
  nowMs: number,
): LinkCheck {
  const f = DigestFormatSchema.safeParse(format);
  const q = QuerySchema.safeParse(query);
  if (!f.success || !q.success) return { ok: false, status: 400 };
  const link: DigestLink = { from: q.data.from, to: q.data.to, locale: q.data.locale, format: f.data, exp: q.data.exp };
  const expected = Buffer.from(sign(secret, link));
  const given = Buffer.from(q.data.sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, status: 403 };
  if (link.exp * 1000 < nowMs) return { ok: false, status: 410 };
  return { ok: true, link };
}
