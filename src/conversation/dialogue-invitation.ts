import { TOPICS } from '../domain/dialogue.js';
import type { CalendarEvent } from '../ports/calendar.port.js';
import type { DialogueView } from '../views/dialogues.js';
import { formatDate, strings, type Locale } from '../i18n/i18n.js';
import { escapeHtml as html } from '../lib/html.js';

/** The Outlook invitation: subject, the three topics, open agreements, the unit's clusters and initiatives. */
export function dialogueInvitation(d: DialogueView, locale: Locale, timeZone: string): CalendarEvent {
  const t = strings(locale).dialogues;
  const stage = strings(locale).portfolio.stage;
  const day = (iso: string) => formatDate(new Date(`${iso}T12:00:00Z`), locale, timeZone);
  const parts = [
    `<p>${html(t.invitation.intro)}</p>`,
    `<ol>${TOPICS.map((topic) => `<li>${html(t.topics[topic])}</li>`).join('')}</ol>`,
    `<h3>${html(t.card.openAgreements)}</h3>`,
    d.agenda.openAgreements.length
      ? `<ul>${d.agenda.openAgreements.map((a) => `<li>${html(t.card.agreementLine(a.text, a.ownerName, day(a.dueOn)))}</li>`).join('')}</ul>`
      : `<p>${html(t.card.noOpenAgreements)}</p>`,
    `<h3>${html(t.card.clusters)}</h3>`,
    d.agenda.clusters.length
      ? `<ul>${d.agenda.clusters
          .map(
            (c) =>
              `<li>${html(c.name)}${c.initiatives.length ? `<ul>${c.initiatives.map((i) => `<li>${html(i.title)} (${html(stage[i.stage] ?? i.stage)})</li>`).join('')}</ul>` : ''}</li>`,
          )
          .join('')}</ul>`
      : `<p>${html(t.card.noClusters)}</p>`,
  ];
  return {
    subject: t.invitation.subject(d.unitName),
    body: parts.join('\n'),
    start: d.startsAt,
    end: d.endsAt,
    attendees: [d.contractHolder, d.director].filter((p) => p.email).map((p) => ({ email: p.email!, name: p.name })),
  };
}
