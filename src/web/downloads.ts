import type { Framework } from '../domain/framework.js';
import { SERVER_TEXT } from '../i18n/server.js';
import { verifyDigestLink } from '../lib/signed-link.js';
import type { OverviewService } from '../services/overview.service.js';
import { renderDigest } from './digest-document.js';
import type { Download } from './http-server.js';

/**
 * /downloads/ledertraef.(md|html): the Ledertræf digest behind a signed link from its card. A link that is
 * incomplete, not ours or expired is refused with what to do.
 */
export function digestDownloads(o: {
  linkSecret: Buffer;
  overview: OverviewService;
  framework: Framework;
  timeZone: string;
}): (file: string, query: Record<string, unknown>) => Promise<Download> {
  return async (file, query) => {
    const format = /^ledertraef\.(md|html)$/.exec(file)?.[1];
    if (!format) return { status: 404, message: SERVER_TEXT.notFound };
    const check = verifyDigestLink(o.linkSecret, format, query, Date.now());
    if (!check.ok) return { status: check.status, message: SERVER_TEXT.link[check.status] };
    const digest = await o.overview.digest(check.link.from, check.link.to);
    return {
      status: 200,
      ...renderDigest(digest, check.link.format, {
        framework: o.framework,
        locale: check.link.locale,
        timeZone: o.timeZone,
      }),
    };
  };
}
