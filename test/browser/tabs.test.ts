import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { localDate } from '../../src/domain/portfolio.js';
import { seedPortfolio } from '../support/seed-portfolio.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ARTIFACTS = path.resolve('test-artifacts/browser/tabs');

/** axe-core in the page: WCAG 2.1 A and AA rules; what a user of assistive technology would run into. */
async function accessibility(
  page: Page,
  name: string,
): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.addScriptTag({ content: await readFile(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8') });
  const result = await page.evaluate(async () => {
    const axe = (window as any).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  const violations = (result.violations as any[]).map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n: any) => n.target.join(' ')).slice(0, 5),
  }));
  await writeFile(path.join(ARTIFACTS, `${name}.axe.json`), JSON.stringify(violations, null, 2));
  return violations;
}
const serious = (vs: { impact: string }[]) => vs.filter((v) => v.impact === 'serious' || v.impact === 'critical');

describe('the tabs in a browser (developer sign-in, local mode)', () => {
  let t: TestApp;
  let ids: Record<string, string>;
  let browser: BrowserContext;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    t = await startTestApp('pglite');
    ids = await seedPortfolio(t.app.database.pool, localDate(new Date(), 'Europe/Copenhagen'));
    profile = await mkdtemp(path.join(os.tmpdir(), 'mk-chromium-'));
    // bypassCSP only so the test can inject axe-core.
    browser = await launchBrowser(profile, { height: 900, bypassCSP: true });
    page = browser.pages()[0] ?? (await browser.newPage());
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  const summary = () => page.getByRole('status').filter({ hasText: /missio/ });

  it('signs in and narrows the portfolio by keyboard alone, and passes axe-core', async () => {
    await page.goto(`${t.url}/tabs/portfolio?lang=da`);
    await page.getByRole('heading', { name: /Udviklerlogin \(kun lokal tilstand\)/ }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, '1-developer-sign-in.png'), fullPage: true });
    expect(serious(await accessibility(page, '1-developer-sign-in'))).toEqual([]);
    // Roles by the names people use, not the app's keys.
    const people = await page.locator('select option').allInnerTexts();
    expect(people.find((p) => p.startsWith('Henrik Mortensen'))).toMatch(/koncernledelse/);
    expect(people.join('\n')).not.toMatch(/groupManagement|departmentHead/);

    // Keyboard only: Tab to the person, type to choose Henrik (group management), Tab to the button, Enter.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('SELECT');
    await page.keyboard.type('Henrik');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Portefølje', level: 1 }).waitFor({ timeout: 20_000 });
    await expect(summary().innerText()).resolves.toBe('6 missioner · 4 klynger · 7 indsatser');
    expect(await page.getByText('Logget ind som Henrik Mortensen').count()).toBe(1);
    // Henrik is in the group management: he sees coverage and load, as in the bot's overview.
    await page.getByRole('heading', { name: 'Dækning af de fælles svære problemer' }).waitFor();
    // Days as the bot writes them ("1. mar. 2027"), not yyyy-mm-dd.
    const board = await page.locator('main').innerText();
    expect(board).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    // The bot's word for those who back a mission, in the right number.
    expect(board).toMatch(/\b\d+ bidragydere?\b/);
    expect(board).not.toMatch(/støtter/);
    // A link to a cluster board keeps how the page is shown (language here; the theme likewise).
    expect(await page.locator('a[href*="/tabs/cluster"]').first().getAttribute('href')).toMatch(
      /^\/tabs\/cluster\?clusterId=[\w-]+&lang=da$/,
    );
    expect(board).toMatch(/\b\d{1,2}\. [a-zæøå]{3,4}\.? \d{4}\b/);
    expect(await page.getByRole('heading', { name: 'Ledertræf: det har vi lært' }).count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, '2-portfolio.png'), fullPage: true });
    expect(serious(await accessibility(page, '2-portfolio'))).toEqual([]);

    // Tab to the track filter and choose the workplace track by typing its label.
    for (
      let i = 0;
      i < 10 &&
      !(await page.evaluate(() => document.activeElement?.closest('form')?.getAttribute('aria-label') === 'Filtre'));
      i++
    )
      await page.keyboard.press('Tab');
    const focusedLabel = await page.evaluate(
      () =>
        document.activeElement?.id && document.querySelector(`label[for="${document.activeElement.id}"]`)?.textContent,
    );
    expect(focusedLabel).toBe('Spor');
    await page.keyboard.type('Frem'); // "Fremtidens attraktive arbejdsfællesskab", the workplace track
    // Type-ahead passes "Fælles ansvar …" (welfare) on the way; the page must end on what was typed.
    await page
      .waitForFunction(
        () =>
          document.querySelector('[role=status][aria-busy=false]')?.textContent ===
          '3 missioner · 1 klynge · 2 indsatser',
        null,
        { timeout: 10_000 },
      )
      .catch(() => undefined);
    await expect(summary().innerText()).resolves.toBe('3 missioner · 1 klynge · 2 indsatser');
    const initiatives = page.getByRole('region', { name: 'Indsatser efter fase' });
    expect(await initiatives.getByText('Cykeldage').count()).toBe(1);
    expect(await initiatives.getByText('Fritidsjob via foreninger').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, '3-portfolio-filtered.png'), fullPage: true });
  });

  it('reads the same in English and in the dark theme', async () => {
    await page.goto(`${t.url}/tabs/portfolio?lang=en&theme=dark`);
    await page.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor({ timeout: 20_000 });
    await expect(summary().innerText()).resolves.toBe('6 missions · 4 clusters · 7 initiatives');
    const background = await page.evaluate(() => getComputedStyle(document.querySelector('.app')!).backgroundColor);
    expect(background).not.toBe('rgb(255, 255, 255)');
    await page.screenshot({ path: path.join(ARTIFACTS, '4-portfolio-dark-english.png'), fullPage: true });
    expect(serious(await accessibility(page, '4-portfolio-dark-english'))).toEqual([]);
    // Following a cluster's link keeps the dark theme and the language.
    await page.locator('a[href*="/tabs/cluster"]').first().click();
    await page.waitForURL(/\/tabs\/cluster\?clusterId=[\w-]+&theme=dark&lang=en$/, { timeout: 20_000 });
    await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.app')!).backgroundColor)).toBe(
      background,
    );
  });

  it("opens a mission's history from its link (a shared card's Historik) and pages it", async () => {
    await page.goto(`${t.url}/missions/${ids.M1}/history?lang=da`);
    await page.getByRole('heading', { name: 'Historik: Flere unge i fritidsjob' }).waitFor({ timeout: 20_000 });
    const history = page.getByRole('region', { name: 'Historik: Flere unge i fritidsjob' });
    await history.getByText(/^Side \d+ af \d+/).waitFor({ timeout: 10_000 });
    await history.getByRole('button', { name: 'Tidligere' }).click();
    await history.getByText('Foreslået af Lars Nielsen').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, '5-mission-history.png'), fullPage: true });
    expect(serious(await accessibility(page, '5-mission-history'))).toEqual([]);
    // Steps that share a day say their time too (as the chat's card does); a day of its own is enough alone.
    const stamps = await history.locator('.timeline .meta').allInnerTexts();
    const dayOf = (stamp: string) => stamp.replace(/ \d{1,2}[.:]\d{2}$/, '');
    for (const stamp of stamps)
      if (stamps.filter((x) => dayOf(x) === dayOf(stamp)).length > 1) expect(stamp).toMatch(/ \d{1,2}[.:]\d{2}$/);
      else expect(stamp).not.toMatch(/ \d{1,2}[.:]\d{2}$/);
    // A mission's own button opens its history too.
    await page.getByRole('button', { name: 'Luk' }).click();
    // The mission's "Historik" looks like a button (outlined), not like faint text.
    const button = page.getByRole('button', { name: 'Historik: Grøn arbejdsplads' });
    const look = await button.evaluate((el) => {
      const css = getComputedStyle(el);
      return { style: css.borderTopStyle, colour: css.borderTopColor, width: css.borderTopWidth };
    });
    expect(look.style).toBe('solid');
    expect(look.width).not.toBe('0px');
    expect(look.colour).not.toMatch(/rgba\(0, 0, 0, 0\)|transparent/);
    await button.screenshot({ path: path.join(ARTIFACTS, '5-history-button.png') });
    await button.click();
    await page.getByRole('heading', { name: 'Historik: Grøn arbejdsplads' }).waitFor({ timeout: 10_000 });
  });

  it('shows one cluster as a board (the channel tab) and offers the clusters when the tab is set up', async () => {
    await page.goto(`${t.url}/tabs/cluster?clusterId=${ids.C1}&lang=da`);
    await page.getByRole('heading', { name: /^Klynge: / }).waitFor({ timeout: 20_000 });
    const board = page.getByRole('region', { name: 'Indsatser efter fase' });
    expect(await board.getByRole('heading', { name: /^I gang \(1\)$/ }).count()).toBe(1);
    expect(await board.getByRole('heading', { name: /^Stoppet \(1\)$/ }).count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, '5-cluster-board.png'), fullPage: true });
    expect(serious(await accessibility(page, '5-cluster-board'))).toEqual([]);

    await page.goto(`${t.url}/tabs/config?lang=da`);
    await page.getByRole('heading', { name: 'Vis en klynges portefølje i kanalen' }).waitFor({ timeout: 20_000 });
    const options = await page.getByLabel('Klynge').locator('option').allInnerTexts();
    expect(options.length).toBeGreaterThan(1);
    await page.screenshot({ path: path.join(ARTIFACTS, '6-config.png'), fullPage: true });
    expect(serious(await accessibility(page, '6-config'))).toEqual([]);
  });
});
