import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, localDate } from '../../src/domain/portfolio.js';
import { digestUrl } from '../../src/lib/signed-link.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { USERS, install } from '../support/activities.js';
import { press } from '../support/clusters.js';
import { seedPortfolio } from '../support/seed-portfolio.js';
import { DB_TARGETS, cardText, findAction, startTestApp, type TestApp } from '../support/test-app.js';

const { mette, lars, henrik } = USERS;
const LINK_SECRET = 'test-only-link-key-0123456789abcdef';
const TODAY = localDate(new Date(), 'Europe/Copenhagen');
const BOUNDARY = addDays(TODAY, -40);

describe.each(DB_TARGETS)('the whole picture and the Ledertræf digest, on %s', (target) => {
  let connector: ConnectorStandIn;
  let t: TestApp;

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp(target, { LINK_SECRET });
    for (const u of [mette, lars, henrik]) await t.post(install(u, connector.url, 'da-DK'));
    await seedPortfolio(t.app.database.pool, BOUNDARY);
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  describe('overview', () => {
    it('counts active initiatives per track and per problem, and names the problems nobody works on', async () => {
      const text = cardText(await press(t, connector, mette, 'overview.view', { days: '30' }));
      expect(text).toContain('Fælles ansvar for en bæredygtig velfærd\n3 indsatser i 2 klynger');
      expect(text).toContain('Fremtidens attraktive arbejdsfællesskab\n1 indsats i 1 klynge');
      expect(text).toContain('Mangel på arbejdskraft\n2');
      expect(text).toContain('Øget mistrivsel og ny udsathed\n2');
      expect(text).toContain('Et klima i krise\n1');
      expect(text).toContain('Ulighed og negativ social arv\n0');
      expect(text).toContain(
        'Ingen arbejder med: Ubalanceret demografisk vækst, Ulighed og negativ social arv, Høje forventninger fra borgerne, Pres på det specialiserede socialområde.',
      );
    });

    it('shows the load on each unit, heaviest first', async () => {
      const text = cardText(await press(t, connector, mette, 'overview.view', { days: '30' }));
      const load = text.slice(text.indexOf('Belastning pr. enhed'), text.indexOf('Beslutninger i perioden'));
      expect(load).toBe(
        'Belastning pr. enhed\nSkole Syd\n2 klynger · 2 indsatser\nUngdomsskolen\n2 klynger · 2 indsatser\nHR og Udvikling\n2 klynger · 1 indsats\n',
      );
      expect(text).not.toContain('Fagsekretariat Børn og Unge');
    });

    it('counts the decisions of the chosen period and lists the newest', async () => {
      const month = cardText(await press(t, connector, mette, 'overview.view', { days: '30' }));
      expect(month).toContain('Porteføljereviews\nJustér 1 · Skalér 1 · Stop 1');
      expect(month).toContain('Missioner\nAktiv 1 · Afvist 1 · Afsluttet 1');
      const recent = month.slice(month.indexOf('Justér: '), month.indexOf('Forslag uden svar'));
      expect(
        recent
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(':')[0]),
      ).toEqual(['Justér', 'Stop', 'Skalér']);
      const quarter = cardText(await press(t, connector, mette, 'overview.view', { days: '90' }));
      expect(quarter).toContain('Porteføljereviews\nFortsæt 1 · Justér 1 · Skalér 1 · Stop 1');
      expect(quarter).toContain('Missioner\nAktiv 2 · Afvist 1 · Afsluttet 1');
    });

    it('lists the proposals still unanswered, oldest first', async () => {
      const card = await press(t, connector, mette, 'overview.view', {});
      const text = cardText(card);
      expect(text).toContain('2 forslag venter på en beslutning.');
      expect(text.indexOf('Bedre overgange fra skole til uddannelse')).toBeLessThan(
        text.indexOf('Færre sygedage i dagtilbud'),
      );
      expect(findAction(card, 'Til beslutning').verb).toBe('decisions.list');
    });

    it('is for the group management and directors only', async () => {
      expect(cardText(await press(t, connector, lars, 'overview.view', {}))).toContain(
        'Overblikket er for koncernledelsen og direktørerne.',
      );
    });
  });

  describe('Ledertræf digest', () => {
    it('groups the last 90 days of learnings by track and hard problem', async () => {
      const card = await press(t, connector, lars, 'digest.view', {});
      const text = cardText(card);
      expect(text).toContain('3 læringer fra 2 klynger.');
      const welfare = text.slice(
        text.indexOf('Fælles ansvar for en bæredygtig velfærd'),
        text.indexOf('Fremtidens attraktive arbejdsfællesskab'),
      );
      expect(welfare).toContain('Mangel på arbejdskraft (2 læringer)');
      expect(welfare).toContain('Øget mistrivsel og ny udsathed (1 læring)');
      expect(text.slice(text.indexOf('Fremtidens attraktive arbejdsfællesskab'))).toContain(
        'Et klima i krise (1 læring)',
      );
      expect(text).not.toContain('Fritidspasset blev brugt af 200 børn.');
    });

    it('counts a learning on the Copenhagen day it was logged, not the UTC day', async () => {
      const before = cardText(
        await press(t, connector, lars, 'digest.view', { digestFrom: addDays(BOUNDARY, -5), digestTo: BOUNDARY }),
      );
      expect(before).toContain('Der er ikke registreret læring i perioden.');
      const after = cardText(
        await press(t, connector, lars, 'digest.view', {
          digestFrom: addDays(BOUNDARY, 1),
          digestTo: addDays(BOUNDARY, 1),
        }),
      );
      expect(after).toContain('1 læring fra 1 klynge.');
      expect(after).toContain('Messen samlede 30 virksomheder.');
    });

    it('refuses a period that ends before it starts or spans more than a year, and says so', async () => {
      expect(
        cardText(await press(t, connector, lars, 'digest.view', { digestFrom: TODAY, digestTo: addDays(TODAY, -3) })),
      ).toContain('Slutdatoen ligger før startdatoen.');
      expect(
        cardText(await press(t, connector, lars, 'digest.view', { digestFrom: addDays(TODAY, -400), digestTo: TODAY })),
      ).toContain('Vælg en periode på højst et år.');
      expect(
        cardText(await press(t, connector, lars, 'digest.view', { digestFrom: '2026-02-30', digestTo: TODAY })),
      ).toContain('Skriv gyldige datoer.');
    });

    it('serves the digest as Markdown and HTML behind signed links, with user text shown literally', async () => {
      const card = await press(t, connector, lars, 'digest.view', {
        digestFrom: addDays(TODAY, -120),
        digestTo: TODAY,
      });
      const mdUrl = findAction(card, 'Hent som Markdown').url as string;
      const htmlUrl = findAction(card, 'Hent som HTML').url as string;
      expect(mdUrl.startsWith(`${t.url}/downloads/ledertraef.md?`)).toBe(true);
      const md = await fetch(mdUrl);
      expect(md.status).toBe(200);
      expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
      expect(md.headers.get('content-disposition')).toBe(
        `attachment; filename="ledertraef-${addDays(TODAY, -120)}-${TODAY}.md"`,
      );
      const doc = await md.text();
      expect(doc).toContain('4 læringer fra 3 klynger.');
      expect(doc).toContain('## Fælles ansvar for en bæredygtig velfærd');
      expect(doc).toContain('### Øget mistrivsel og ny udsathed (2 læringer)');
      expect(doc).toContain('Fritidspasset blev brugt af 200 børn.');
      expect(doc).toContain(
        '\\<script\\>alert(1)\\</script\\> \\*\\*fed\\*\\* \\[link\\](http://x.example) og \\# overskrift',
      );
      const html = await fetch(htmlUrl);
      expect(html.status).toBe(200);
      expect(html.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
      const page = await html.text();
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page).not.toContain('<script>');
      expect(page).toContain('<h3>Et klima i krise (1 læring)</h3>');
    });

    it('refuses a tampered, incomplete or expired link', async () => {
      const card = await press(t, connector, lars, 'digest.view', {});
      const url = new URL(findAction(card, 'Hent som Markdown').url);
      const widened = new URL(url);
      widened.searchParams.set('from', addDays(TODAY, -365));
      expect((await fetch(widened)).status).toBe(403);
      const incomplete = new URL(url);
      incomplete.searchParams.delete('sig');
      expect((await fetch(incomplete)).status).toBe(400);
      const expired = digestUrl(t.url, Buffer.from(LINK_SECRET), {
        from: TODAY,
        to: TODAY,
        locale: 'da',
        format: 'md',
        exp: Math.floor(Date.now() / 1000) - 60,
      });
      const gone = await fetch(expired);
      expect(gone.status).toBe(410);
      expect(await gone.text()).toContain('Linket er udløbet.');
      expect((await fetch(`${t.url}/downloads/passwords.txt`)).status).toBe(404);
    });
  });
});
