import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { startPlayground } from '../support/playground.js';
import { teamInstall } from '../support/activities.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ARTIFACTS = path.resolve('test-artifacts/browser');

describe('a person in the Agents Playground', () => {
  let t: TestApp;
  let playground: { url: string; stop(): Promise<void> };
  let browser: BrowserContext;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    t = await startTestApp('pglite');
    playground = await startPlayground(t.url);
    // The app is in the clusters team, as in a tenant: its member list is where a picked colleague is found.
    expect((await t.post(teamInstall(`${playground.url}/_connector`))).status).toBe(200);
    profile = await mkdtemp(path.join(os.tmpdir(), 'mk-chromium-'));
    browser = await launchBrowser(profile);
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(playground.url);
  });

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    await t?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  const lastCard = () => page.locator('.ac-adaptiveCard').last();
  const say = async (text: string) => {
    const box = page.locator('[contenteditable="true"]').first();
    await box.click();
    await box.fill(text);
    await page.getByRole('button', { name: 'Send Message' }).click();
  };

  it('is greeted, asks for help, proposes a mission through the card and sees the confirmation', async () => {
    const welcome = page.locator('.ac-adaptiveCard').filter({ hasText: 'Welcome to Mission clusters' }).first();
    await welcome.waitFor({ timeout: 30_000 });
    expect(await welcome.innerText()).toContain('Propose a mission');
    await page.screenshot({ path: path.join(ARTIFACTS, '1-welcome.png'), fullPage: true });

    await say('hjælp');
    await page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: 'What I can help with' })
      .first()
      .waitFor({ timeout: 15_000 });
    await lastCard().getByRole('button', { name: 'Dansk' }).click();
    await page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: 'Jeg skriver nu på dansk.' })
      .first()
      .waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, '2-help-danish.png'), fullPage: true });

    await say('Foreslå en mission');
    const form = page.locator('.ac-adaptiveCard').filter({ hasText: 'Hvad står i vejen?' }).last();
    await form.waitFor({ timeout: 15_000 });
    await form.getByLabel('Titel').fill('Flere unge i fritidsjob');
    await form
      .getByLabel(/Ambition/)
      .fill('Flere unge mellem 13 og 17 år har et fritidsjob, så de får erfaring og netværk.');
    await form
      .getByLabel('Hvad står i vejen?')
      .fill('Virksomhederne kender ikke de unge, og de unge kender ikke jobbene.');
    await form.getByText('Borgere', { exact: true }).click();
    await form.getByText('Fælles ansvar for en bæredygtig velfærd').click();
    await form.getByText('Mangel på arbejdskraft').click();
    await form.getByText('Øget mistrivsel og ny udsathed').click();
    await page.screenshot({ path: path.join(ARTIFACTS, '3-form-filled.png'), fullPage: true });
    await form.getByRole('button', { name: 'Send forslag' }).click();

    const confirmation = page.locator('.ac-adaptiveCard').filter({ hasText: 'Tak for dit forslag' }).last();
    await confirmation.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, '4-confirmation.png'), fullPage: true });
    expect(await confirmation.innerText()).toContain('Missionen "Flere unge i fritidsjob" er foreslået');
    const stored = await t.app.database.pool.query('SELECT title, problems, proposer_id FROM missions');
    expect(stored.rows).toEqual([
      {
        title: 'Flere unge i fritidsjob',
        problems: ['labour', 'wellbeing'],
        proposer_id: 'a1b2c3d4-0000-4000-8000-000000000010',
      },
    ]);
  });

  it('forms a cluster around the mission once it is active, sees that its channel waits for Graph, and manages it', async () => {
    await t.app.database.pool.query(`UPDATE missions SET status = 'active'`);
    await say('Dan en klynge');
    const form = page.locator('.ac-adaptiveCard').filter({ hasText: 'Dan en missionsklynge' }).last();
    await form.waitFor({ timeout: 15_000 });
    expect(await form.innerText()).toContain('Flere unge i fritidsjob');
    await form.getByLabel(/Klyngens navn/).fill('Unge i job');
    await form.getByLabel(/Formål/).fill('Skoler, jobcenter og foreninger skaffer sammen de første fritidsjob.');
    await page.screenshot({ path: path.join(ARTIFACTS, '5-cluster-form.png'), fullPage: true });
    await form.getByRole('button', { name: 'Dan klyngen' }).click();

    const formed = page.locator('.ac-adaptiveCard').filter({ hasText: 'Klyngen "Unge i job" er dannet' }).last();
    await formed.waitFor({ timeout: 15_000 });
    const text = await formed.innerText();
    expect(text).toContain('Fagsekretariat Børn og Unge (1)');
    expect(text).toMatch(/Kanalen (oprettes|venter)/);
    await page.screenshot({ path: path.join(ARTIFACTS, '6-cluster-formed.png'), fullPage: true });

    await formed.getByRole('button', { name: 'Administrér' }).click();
    const manage = page.locator('.ac-adaptiveCard').filter({ hasText: 'Administrér "Unge i job"' }).last();
    await manage.waitFor({ timeout: 15_000 });
    await manage.getByLabel(/Tilføj en kollega/).fill('anne.soerensen@kommune.example');
    await manage.getByRole('button', { name: 'Tilføj medlem' }).click();
    await page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: 'Medlemmet er tilføjet.' })
      .last()
      .waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, '7-cluster-manage.png'), fullPage: true });

    await say('Mine klynger');
    const mine = page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: 'Mine klynger' })
      .filter({ hasText: 'Tovholder: Henrik Mortensen' })
      .last();
    await mine.waitFor({ timeout: 15_000 });
    expect(await mine.innerText()).toContain('2 medlemmer');
    await page.screenshot({ path: path.join(ARTIFACTS, '8-my-clusters.png'), fullPage: true });
  });

  it('adds an initiative to the portfolio, logs a learning, and runs a portfolio review to the end', async () => {
    const cluster = page.locator('.ac-adaptiveCard').filter({ hasText: 'Mine klynger' }).last();
    await cluster.getByRole('button', { name: 'Vis klyngen' }).first().click();
    const view = page.locator('.ac-adaptiveCard').filter({ hasText: 'Missionsklynge: Unge i job' }).last();
    await view.waitFor({ timeout: 15_000 });
    await view.getByRole('button', { name: 'Portefølje' }).click();
    const empty = page.locator('.ac-adaptiveCard').filter({ hasText: 'Porteføljen er tom' }).last();
    await empty.waitFor({ timeout: 15_000 });
    await empty.getByRole('button', { name: 'Ny indsats' }).click();

    const form = page.locator('.ac-adaptiveCard').filter({ hasText: 'Ny indsats i "Unge i job"' }).last();
    await form.waitFor({ timeout: 15_000 });
    await form.getByLabel('Titel').fill('Fritidsjob via foreninger');
    await form
      .getByLabel(/Hypotese/)
      .fill('Flere unge får fritidsjob, når foreningerne formidler kontakten til virksomhederne.');
    // The people picker says who it is when left empty, and picks a colleague (the Playground answers a Teams user id).
    expect(await form.innerText()).toContain('Står feltet tomt, bliver det dig (Henrik Mortensen).');
    const owner = form.getByRole('combobox', { name: 'People Picker' });
    await owner.click();
    await owner.pressSequentially('Lars', { delay: 50 });
    await page
      .getByRole('option', { name: /Lars Nielsen/ })
      .first()
      .click({ timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, '9-initiative-form.png'), fullPage: true });
    await form.getByRole('button', { name: 'Gem indsatsen' }).click();

    const added = page.locator('.ac-adaptiveCard').filter({ hasText: 'er føjet til porteføljen' }).last();
    await added.waitFor({ timeout: 15_000 });
    expect(await added.innerText()).toContain('Mangel på arbejdskraft');
    expect(await added.innerText()).toContain('Lars Nielsen');
    await added.getByRole('button', { name: 'Flyt til "I gang"' }).click();
    const moved = page.locator('.ac-adaptiveCard').filter({ hasText: 'Flyttet til "I gang".' }).last();
    await moved.waitFor({ timeout: 15_000 });
    await moved.getByRole('button', { name: 'Registrér læring' }).click();

    const learning = page.locator('.ac-adaptiveCard').filter({ hasText: 'Hvad prøvede vi?' }).last();
    await learning.waitFor({ timeout: 15_000 });
    await learning.getByLabel('Hvad prøvede vi?').fill('Tre foreninger formidlede kontakten til virksomhederne.');
    await learning.getByLabel('Hvad skete der?').fill('Fjorten unge fik job på seks uger.');
    await learning.getByRole('button', { name: 'Gem læringen' }).click();
    const saved = page.locator('.ac-adaptiveCard').filter({ hasText: 'Tak. Læringen er gemt.' }).last();
    await saved.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, '10-initiative-with-learning.png'), fullPage: true });
    await saved.getByRole('button', { name: 'Tilbage til porteføljen' }).click();

    const portfolio = page.locator('.ac-adaptiveCard').filter({ hasText: 'Portefølje: Unge i job' }).last();
    await portfolio.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, '11-portfolio.png'), fullPage: true });
    await portfolio.getByRole('button', { name: 'Start porteføljereview' }).click();
    const review = page.locator('.ac-adaptiveCard').filter({ hasText: 'Porteføljereviewet er startet.' }).last();
    await review.waitFor({ timeout: 15_000 });
    await review.getByRole('button', { name: 'Vurdér' }).click();

    const item = page.locator('.ac-adaptiveCard').filter({ hasText: 'Vurdér: Fritidsjob via foreninger' }).last();
    await item.waitFor({ timeout: 15_000 });
    await item.getByRole('radiogroup', { name: 'Relevant?' }).getByText('Ja').click();
    await item.getByRole('radiogroup', { name: 'Kan vi håndtere den?' }).getByText('Ja').click();
    await item.getByText('Skalér', { exact: true }).click();
    await item.getByLabel('Begrundelse').fill('Det virker; alle skoler skal være med.');
    await page.screenshot({ path: path.join(ARTIFACTS, '12-review-item.png'), fullPage: true });
    await item.getByRole('button', { name: 'Gem vurderingen' }).click();

    const decided = page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: 'Vurderingen af "Fritidsjob via foreninger" er gemt.' })
      .last();
    await decided.waitFor({ timeout: 15_000 });
    expect(await decided.innerText()).toContain('I gang → Skaleret');
    await decided.getByText('Nej', { exact: true }).click();
    await page.screenshot({ path: path.join(ARTIFACTS, '13-review-ready-to-close.png'), fullPage: true });
    await decided.getByRole('button', { name: 'Afslut review' }).click();
    const closed = page.locator('.ac-adaptiveCard').filter({ hasText: 'Reviewet er afsluttet.' }).last();
    await closed.waitFor({ timeout: 15_000 });
    expect(await closed.innerText()).toContain('Skaleret');
    await page.screenshot({ path: path.join(ARTIFACTS, '14-review-closed.png'), fullPage: true });
  });

  it('shows the group management the whole picture and the Ledertræf digest with its downloads', async () => {
    await say('Overblik');
    const overview = page.locator('.ac-adaptiveCard').filter({ hasText: 'Det samlede billede' }).last();
    await overview.waitFor({ timeout: 15_000 });
    expect(await overview.innerText()).toContain('Ingen arbejder med:');
    await page.screenshot({ path: path.join(ARTIFACTS, '15-overview.png'), fullPage: true });
    await overview.getByRole('button', { name: 'Ledertræf-opsamling' }).click();
    const digest = page.locator('.ac-adaptiveCard').filter({ hasText: 'Ledertræf: det har vi lært' }).last();
    await digest.waitFor({ timeout: 15_000 });
    expect(await digest.innerText()).toContain('Fjorten unge fik job på seks uger.');
    await page.screenshot({ path: path.join(ARTIFACTS, '16-digest.png'), fullPage: true });
    // Action.OpenUrl: the Playground renders it as a button that opens the signed link.
    expect(await digest.getByText('Hent som HTML', { exact: true }).count()).toBe(1);
    expect(await digest.getByText('Hent som Markdown', { exact: true }).count()).toBe(1);
  });

  it('lets the fagchef schedule a contract-holder dialogue by hand while Graph is not set up', async () => {
    await say('Planlæg kontraktholderdialog');
    const form = page.locator('.ac-adaptiveCard').filter({ hasText: 'Vælg enheden, en periode' }).last();
    await form.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, '17-dialogue-plan.png'), fullPage: true });
    await form.getByRole('button', { name: 'Find tidspunkter' }).click();
    const manual = page.locator('.ac-adaptiveCard').filter({ hasText: 'Kalenderne kan ikke læses' }).last();
    await manual.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, '18-dialogue-manual.png'), fullPage: true });
    // The time field is empty (no 09:00 to fall back on): the fagchef types the time.
    const time = manual.getByRole('combobox', { name: /Klokkeslæt/ });
    expect(await time.inputValue()).toBe('');
    await time.fill('10:00');
    await time.press('Enter');
    await manual.getByRole('button', { name: 'Planlæg på dette tidspunkt' }).click();
    const booked = page.locator('.ac-adaptiveCard').filter({ hasText: 'Dialogen er planlagt.' }).last();
    await booked.waitFor({ timeout: 15_000 });
    expect(await booked.innerText()).toContain('Lars Nielsen');
    expect(await booked.innerText()).toMatch(/10\.00–11\.00/);
    await page.screenshot({ path: path.join(ARTIFACTS, '19-dialogue-booked.png'), fullPage: true });
  });

  it("follows the mission's way in its history, chooses how often the digest comes, and gets Monday's digest", async () => {
    // A colleague becomes a contributor (and says so), so there is news from someone else.
    const pool = t.app.database.pool;
    await pool.query(
      `INSERT INTO person_settings (person_id, show_support) VALUES ('a1b2c3d4-0000-4000-8000-000000000012', true)`,
    );
    await pool.query(
      `INSERT INTO mission_supporters (mission_id, person_id) SELECT id, 'a1b2c3d4-0000-4000-8000-000000000012' FROM missions`,
    );
    await say('Mine missioner');
    const list = page.locator('.ac-adaptiveCard').filter({ hasText: 'Mine missioner' }).last();
    await list.waitFor({ timeout: 15_000 });
    await list.getByRole('button', { name: 'Historik' }).click();
    const history = page.locator('.ac-adaptiveCard').filter({ hasText: 'Historik: Flere unge i fritidsjob' }).last();
    await history.waitFor({ timeout: 15_000 });
    const steps = await history.innerText();
    expect(steps).toContain('Foreslået af Henrik Mortensen');
    expect(steps).toContain('Ny bidragyder: Lars Nielsen');
    expect(steps).toContain('Klyngen "Unge i job" er dannet af Henrik Mortensen');
    expect(steps).toContain('Med i Ledertræf-opsamlingen');
    // Everything here happened today: each step says its time of day after the date ("7. dec. 2026 21.02").
    expect(steps).toMatch(/\d{1,2}\. [a-zæøå]{3,4}\.? \d{4},? \d{1,2}\.\d{2}/);
    await page.screenshot({ path: path.join(ARTIFACTS, '20-history.png'), fullPage: true });

    await say('indstillinger');
    const settings = page.locator('.ac-adaptiveCard').filter({ hasText: 'Det, du følger' }).last();
    await settings.waitFor({ timeout: 15_000 });
    expect(await settings.innerText()).toContain('Mission: Flere unge i fritidsjob');
    await settings.getByText('Hver uge (mandag kl. 8)', { exact: true }).click();
    await settings.getByRole('button', { name: 'Gem' }).click();
    await page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: 'Dine indstillinger er gemt.' })
      .last()
      .waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, '21-settings.png'), fullPage: true });

    // The hourly job at Monday 08:00: the digest arrives in the chat as a proactive message.
    await pool.query(`UPDATE follows SET created_at = now() - interval '1 minute'`);
    const { digestPeriod } = await import('../../src/domain/digest.js');
    const { runFollowerDigests } = await import('../../src/services/follower-digest.service.js');
    const monday = new Date(digestPeriod(new Date(), 'Europe/Copenhagen').start.getTime() + 7 * 86_400_000 + 60_000);
    expect((await runFollowerDigests(pool, t.app.queue, 'Europe/Copenhagen', monday)).sent).toBe(1);
    const digest = page.locator('.ac-adaptiveCard').filter({ hasText: 'Det er sket siden' }).last();
    await digest.waitFor({ timeout: 20_000 });
    expect(await digest.innerText()).toContain('Ny bidragyder: Lars Nielsen');
    await page.screenshot({ path: path.join(ARTIFACTS, '22-follower-digest.png'), fullPage: true });
    // A notice stays as it was: its button opens the history as a new message below it.
    const cardsBefore = await page.locator('.ac-adaptiveCard').count();
    await digest.getByRole('button', { name: 'Historik' }).first().click();
    await page.waitForFunction((n) => document.querySelectorAll('.ac-adaptiveCard').length > n, cardsBefore, {
      timeout: 15_000,
    });
    expect(await page.locator('.ac-adaptiveCard').last().innerText()).toContain('Historik: Flere unge i fritidsjob');
    expect(await digest.innerText()).toContain('Ny bidragyder: Lars Nielsen');
    await page.screenshot({ path: path.join(ARTIFACTS, '22b-digest-stays.png'), fullPage: true });
  });

  it("shows the decision queue's filters so each choice can be read at the Playground's width", async () => {
    const pool = t.app.database.pool;
    await pool.query(
      `INSERT INTO missions (submission_key, title, ambition, obstacles, focus, track, problems, proposer_id, status)
       VALUES ('queue-look', 'Lektiecafé på biblioteket', 'Flere unge klarer skolen', 'Pladsen', 'citizens', 'welfare',
               '{inequality}', 'a1b2c3d4-0000-4000-8000-000000000012', 'proposed')`,
    );
    await say('Til beslutning');
    const queue = page.locator('.ac-adaptiveCard').filter({ hasText: 'Lektiecafé på biblioteket' }).last();
    await queue.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, '25-decision-queue.png'), fullPage: true });
    await queue.screenshot({ path: path.join(ARTIFACTS, '25-decision-queue-card.png') });
    // Each filter shows its whole chosen text (the Playground draws a compact choice as a combobox whose input
    // holds the chosen title): the text fits the box, with nothing scrolled out of sight.
    const filters = await queue.locator('input[role=combobox]').evaluateAll((inputs) =>
      inputs.map((el) => {
        const input = el as HTMLInputElement;
        return { text: input.value, fits: input.scrollWidth <= input.clientWidth };
      }),
    );
    expect(filters.map((f) => f.text)).toEqual(['Alle spor', 'Alle svære problemer', 'Længst ventende først']);
    for (const f of filters) expect(f).toEqual({ text: f.text, fits: true });
    // The line about the order sits on its own line below the filters, not squeezed beside them.
    const sorted = queue.getByText('Sorteret efter svarfrist', { exact: false });
    const [sortedBox, lastSelect] = [
      await sorted.boundingBox(),
      await queue.locator('input[role=combobox]').last().boundingBox(),
    ];
    expect(sortedBox!.y).toBeGreaterThanOrEqual(lastSelect!.y + lastSelect!.height);
  });

  it('finds the mission through the message extension search and shares its card in the chat', async () => {
    await page.getByRole('button', { name: 'Trigger Message Extension App' }).click();
    await page.getByRole('menuitem', { name: 'Search Command' }).click();
    // The Playground reads no manifest: it is told the command id and parameter name the manifest declares.
    await page.getByRole('button', { name: 'Specify Command ID or Parameter' }).click();
    await page.getByPlaceholder('Command ID').fill('search');
    await page.getByPlaceholder('Parameter name').fill('query');
    await page.getByPlaceholder('Enter a search term').fill('fritidsjo');
    const hit = page.getByText('Flere unge i fritidsjob', { exact: true }).last();
    await hit.waitFor({ timeout: 15_000 });
    expect(await page.getByText('Fritidsjob via foreninger', { exact: true }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, '23-search-results.png'), fullPage: true });
    await hit.click();
    await page.getByRole('button', { name: 'Send Message' }).click();
    const shared = page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: 'Flere unge i fritidsjob' })
      .filter({ hasText: 'Åbn i Missionsklynger' })
      .last();
    await shared.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(1500); // a reply from the bot would have arrived by now
    await page.screenshot({ path: path.join(ARTIFACTS, '24-search-card-shared.png'), fullPage: true });
    // The shared card is the last thing in the chat: the bot did not answer it with help.
    expect(await page.locator('.ac-adaptiveCard').last().innerText()).toContain('Åbn i Missionsklynger');
  });
});
