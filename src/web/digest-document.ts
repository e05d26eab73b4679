import { problemLabel, trackLabel, type Framework } from '../domain/framework.js';
import type { DigestFormat } from '../domain/overview.js';
import { escapeHtml } from '../lib/html.js';
import type { Digest } from '../services/overview.service.js';
import type { DigestLearning } from '../views/overview.js';
import { formatDate, strings, type Locale } from '../i18n/i18n.js';

interface DocContext {
  framework: Framework;
  locale: Locale;
  timeZone: string;
}

const day = (iso: string, c: DocContext) => formatDate(new Date(`${iso}T12:00:00Z`), c.locale, c.timeZone);

/** Markdown that shows user text as written: no headings, emphasis, links or HTML sneak in through a learning. */
function md(text: string): string {
  return text
    .replace(/([\\`*_[\]{}<>#|!~])/g, '\\$1')
    .replace(/^(\s*)([-+])(\s)/gm, '$1\\$2$3')
    .replace(/^(\s*\d+)\.(\s)/gm, '$1\\.$2')
    .replace(/\r?\n/g, '  \n');
}

const html = escapeHtml;

type DigestStrings = ReturnType<typeof strings>['overview']['digest'];
/** A stopped initiative's learning says what was learned and why it stopped, not "what happened". */
const labels = (t: DigestStrings, l: DigestLearning) => (l.origin === 'stopped' ? t.stopped : t);

function markdown(d: Digest, c: DocContext): string {
  const t = strings(c.locale).overview.digest;
  const p = strings(c.locale).portfolio;
  const lines = [
    `# ${md(t.documentTitle(day(d.from, c), day(d.to, c)))}`,
    '',
    md(t.intro),
    '',
    md(t.total(d.learnings.length, d.clusterCount)),
    '',
  ];
  if (d.learnings.length === 0) lines.push(md(t.empty), '');
  const item = (l: DigestLearning) => [
    `#### ${md(l.initiativeTitle)} (${md(p.kind[l.initiativeKind] ?? l.initiativeKind)}, ${md(p.stage[l.stage] ?? l.stage)})`,
    '',
    `- **${md(labels(t, l).tried)}:** ${md(l.tried)}`,
    `- **${md(labels(t, l).happened)}:** ${md(l.happened)}`,
    ...(l.advice ? [`- **${md(labels(t, l).advice)}:** ${md(l.advice)}`] : []),
    '',
    `_${md(t.by(l.authorName, l.clusterName, formatDate(l.createdAt, c.locale, c.timeZone)))}_`,
    '',
  ];
  for (const g of d.groups) {
    lines.push(`## ${md(trackLabel(c.framework, g.track, c.locale))}`, '');
    for (const pg of g.problems) {
      lines.push(
        `### ${md(problemLabel(c.framework, pg.problem, c.locale))} (${md(t.groupCount(pg.learnings.length))})`,
        '',
      );
      for (const l of pg.learnings) lines.push(...item(l));
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function htmlDocument(d: Digest, c: DocContext): string {
  const t = strings(c.locale).overview.digest;
  const p = strings(c.locale).portfolio;
  const title = t.documentTitle(day(d.from, c), day(d.to, c));
  const parts = [
    `<!doctype html>`,
    `<html lang="${c.locale}"><head><meta charset="utf-8"><title>${html(title)}</title>`,
    `<style>body{font-family:"Segoe UI",system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#242424}` +
      `h2{border-bottom:2px solid #5b5fc7;padding-bottom:.2rem}article{border-left:3px solid #e0e0e0;padding-left:1rem;margin:1rem 0}` +
      `dt{font-weight:600}dd{margin:0 0 .5rem 0}.by{color:#616161;font-size:.9rem}</style></head><body>`,
    `<h1>${html(title)}</h1>`,
    `<p>${html(t.intro)}</p>`,
    `<p>${html(t.total(d.learnings.length, d.clusterCount))}</p>`,
  ];
  if (d.learnings.length === 0) parts.push(`<p>${html(t.empty)}</p>`);
  for (const g of d.groups) {
    parts.push(`<section><h2>${html(trackLabel(c.framework, g.track, c.locale))}</h2>`);
    for (const pg of g.problems) {
      parts.push(
        `<h3>${html(problemLabel(c.framework, pg.problem, c.locale))} (${html(t.groupCount(pg.learnings.length))})</h3>`,
      );
      for (const l of pg.learnings) {
        parts.push(
          `<article><h4>${html(l.initiativeTitle)} (${html(p.kind[l.initiativeKind] ?? l.initiativeKind)}, ${html(p.stage[l.stage] ?? l.stage)})</h4><dl>` +
            `<dt>${html(labels(t, l).tried)}</dt><dd>${html(l.tried)}</dd><dt>${html(labels(t, l).happened)}</dt><dd>${html(l.happened)}</dd>` +
            (l.advice ? `<dt>${html(labels(t, l).advice)}</dt><dd>${html(l.advice)}</dd>` : '') +
            `</dl><p class="by">${html(t.by(l.authorName, l.clusterName, formatDate(l.createdAt, c.locale, c.timeZone)))}</p></article>`,
        );
      }
    }
    parts.push('</section>');
  }
  parts.push('</body></html>');
  return `${parts.join('\n')}\n`;
}

/** The Ledertræf digest as a document to download and share. */
export function renderDigest(
  d: Digest,
  format: DigestFormat,
  c: DocContext,
): { body: string; contentType: string; fileName: string } {
  const fileName = `ledertraef-${d.from}-${d.to}.${format}`;
  return format === 'md'
    ? { body: markdown(d, c), contentType: 'text/markdown; charset=utf-8', fileName }
    : { body: htmlDocument(d, c), contentType: 'text/html; charset=utf-8', fileName };
}
