import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { localDate } from '../../src/domain/portfolio.js';
import { CLIENT_ID, EntraStandIn, TENANT } from '../support/entra-standin.js';
import { P, seedPortfolio } from '../support/seed-portfolio.js';
import { DB_TARGETS, startTestApp, type TestApp } from '../support/test-app.js';

const get = async (url: string, authorization?: string) => {
  const res = await fetch(url, { headers: authorization ? { authorization } : {}, redirect: 'manual' });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* a page, not JSON */
  }
  return { status: res.status, body, headers: res.headers };
};

describe.each(DB_TARGETS)('the tab API on %s', (target) => {
  let entra: EntraStandIn;
  let t: TestApp;
  let ids: Record<string, string>;
  const api = (p: string, authorization?: string) => get(`${t.url}${p}`, authorization);
  const bearer = async (oid: string, change?: Parameters<EntraStandIn['token']>[1]) =>
    `Bearer ${await entra.token(oid, change)}`;

  beforeAll(async () => {
    entra = await new EntraStandIn().start();
    t = await startTestApp(target, {
      AAD_APP_CLIENT_ID: CLIENT_ID,
      MICROSOFT_APP_TENANT_ID: TENANT,
      TAB_SSO_JWKS_URL: entra.url,
      BOT_DOMAIN: 'tabs.kommune.example',
    });
    ids = await seedPortfolio(t.app.database.pool, localDate(new Date(), 'Europe/Copenhagen'));
  });
  afterAll(async () => {
    await t?.stop();
    await entra?.stop();
  });

  it('answers a verified Teams token with the portfolio, with roles from the organisation import', async () => {
    const lars = await api('/api/tab/portfolio', await bearer(P.lars));
    expect(lars.status).toBe(200);
    expect(lars.body.me).toEqual({ name: 'Lars Nielsen', canSeeOverview: false });
    expect(
      Object.fromEntries(Object.entries(lars.body.board.missionsByStatus).map(([k, v]: [string, any]) => [k, v.total])),
    ).toEqual({ active: 2, concluded: 1, declined: 1, proposed: 2 });
    expect(lars.body.board.clusters.total).toBe(4);
    // A declined proposal is seen by its proposer (Lars) and the deciders, not by colleagues (as in the bot).
    const anne = await api('/api/tab/portfolio', await bearer(P.anne));
    expect(Object.keys(anne.body.board.missionsByStatus).sort()).toEqual(['active', 'concluded', 'proposed']);
    // Lars is an employee: no coverage or unit load (the group management's picture), as in the bot.
    expect(lars.body.overview).toBeUndefined();
    expect(lars.body.digest.total).toBeGreaterThan(0);

    // A token claiming roles or another name changes nothing: the directory decides.
    const claimed = await api('/api/tab/me', await bearer(P.lars, { claims: { roles: ['admin'], name: 'Admin' } }));
    expect(claimed.body).toMatchObject({
      name: 'Lars Nielsen',
      roles: ['contractHolder', 'employee'],
      canSeeOverview: false,
      via: 'sso',
    });

    const henrik = await api(
      '/api/tab/portfolio',
      await bearer(P.henrik, { audience: `api://tabs.kommune.example/${CLIENT_ID}` }),
    );
    expect(henrik.status).toBe(200);
    expect(henrik.body.me.canSeeOverview).toBe(true);
    expect(henrik.body.overview.uncovered).toEqual(['demography', 'inequality', 'expectations', 'specialised-social']);
    expect(henrik.body.overview.unitLoad.map((u: any) => u.unitName)).toEqual([
      'Skole Syd',
      'Ungdomsskolen',
      'HR og Udvikling',
    ]);
  });

  it.each([
    ['missing', undefined],
    ['expired', () => bearer(P.lars, { expiresIn: Math.floor(Date.now() / 1000) - 600 })],
    ['audience', () => bearer(P.lars, { audience: 'api://someone-else/00000000-0000-4000-8000-000000000000' })],
    // Our client id under another host's URI is not an audience the app registers (aad.manifest.json: api://<BOT_DOMAIN>/<id>).
    ['audience', () => bearer(P.lars, { audience: `api://attacker.example/${CLIENT_ID}` })],
    ['tenant', () => bearer(P.lars, { claims: { tid: '11111111-2222-4333-8444-555555555555' } })],
    ['issuer', () => bearer(P.lars, { issuer: 'https://sts.windows.net/evil/' })],
    ['signature', () => bearer(P.lars, { signWithStranger: true })],
    ['scope', () => bearer(P.lars, { claims: { scp: 'User.Read' } })],
    ['malformed', async () => 'Bearer not.a.token'],
  ])('refuses a token that is %s, and says why', async (reason, make) => {
    const res = await api('/api/tab/portfolio', make ? await make() : undefined);
    expect(res.status).toBe(401);
    expect(res.body.reason).toBe(reason);
    expect(res.body.message).toMatch(/\/ /); // Danish / English
    expect(res.body.board).toBeUndefined();
  });

  it('offers the developer sign-in locally, for people of the organisation import only', async () => {
    const session = await api('/api/tab/session');
    expect(session.body.developerSignIn).toBe(true);
    expect(session.body.people.map((p: any) => p.name)).toContain('Henrik Mortensen');
    expect((await api('/api/tab/me', `Developer ${P.anne}`)).body).toMatchObject({
      name: 'Anne Sørensen',
      via: 'developer',
    });
    expect((await api('/api/tab/me', 'Developer 99999999-0000-4000-8000-000000000000')).body.reason).toBe(
      'unknownPerson',
    );
  });

  it('refuses an unknown filter and changes nothing; narrows by track, problem, unit and stage', async () => {
    const auth = await bearer(P.lars);
    const bad = await api('/api/tab/portfolio?track=nonsense&stage=done', auth);
    expect(bad.status).toBe(400);
    expect(bad.body.fields.sort()).toEqual(['stage', 'track']);
    const totals = (b: any) => ({
      missions: Object.values(b.board.missionsByStatus).reduce((n: number, g: any) => n + g.total, 0),
      clusters: b.board.clusters.total,
      initiatives: Object.values(b.board.initiativesByStage).reduce((n: number, g: any) => n + g.total, 0),
    });
    expect(totals((await api('/api/tab/portfolio?track=workplace', auth)).body)).toEqual({
      missions: 3,
      clusters: 1,
      initiatives: 2,
    });
    expect(totals((await api('/api/tab/portfolio?unit=hr-udvikling', auth)).body)).toEqual({
      missions: 2,
      clusters: 2,
      initiatives: 2,
    });
    expect(totals((await api('/api/tab/portfolio?stage=running&problem=climate', auth)).body)).toEqual({
      missions: 1,
      clusters: 1,
      initiatives: 1,
    });
  });

  it('shows one cluster as a board, and sends the app’s own links to the tab that shows them', async () => {
    const auth = await bearer(P.sofie);
    const board = await api(`/api/tab/clusters/${ids.C1}`, auth);
    expect(board.status).toBe(200);
    expect(board.body.cluster).toMatchObject({
      name: 'Unge i job',
      members: 3,
      units: ['Skole Syd', 'Ungdomsskolen'],
      openInitiatives: 2,
    });
    expect(board.body.initiatives.map((i: any) => `${i.title}:${i.stage}`).sort()).toEqual([
      'Fritidsjob via foreninger:running',
      'Jobbank for unge:stopped',
      'Jobmesse på skolen:idea',
    ]);
    expect((await api('/api/tab/clusters/00000000-0000-4000-8000-000000000000', auth)).status).toBe(404);
    expect((await api('/api/tab/clusters/not-a-uuid', auth)).status).toBe(404);
    expect((await api(`/api/tab/clusters/${ids.C1}`)).status).toBe(401);

    const link = await api(`/clusters/${ids.C1}`);
    expect(link.status).toBe(302);
    expect(link.headers.get('location')).toBe(`/tabs/cluster?clusterId=${ids.C1}`);
    const initiative = await api(`/initiatives/${ids.I5}`);
    expect(initiative.headers.get('location')).toBe(`/tabs/cluster?clusterId=${ids.C3}#initiative-${ids.I5}`);
  });

  it("shows a mission's history in the reader's words, and a declined one only to whom it belongs", async () => {
    const lars = await bearer(P.lars);
    const m1 = await api(`/api/tab/missions/${ids.M1}/history?page=0`, lars);
    expect(m1.status).toBe(200);
    expect(m1.body.mission).toEqual({ id: ids.M1, title: 'Flere unge i fritidsjob', status: 'active' });
    const lines = m1.body.events.map((e: any) => e.line);
    expect(lines[0]).toBe('Foreslået af Lars Nielsen');
    expect(lines).toContain('Besluttet: Aktiv (Mette Jensen)');
    expect(lines).toContain('Klyngen "Unge i job" er dannet af Henrik Mortensen');
    // Without a page the newest page comes; each page is oldest first and says where it is.
    const newest = await api(`/api/tab/missions/${ids.M1}/history`, lars);
    expect(newest.body.page).toBe(newest.body.pages - 1);
    expect(newest.body.pages).toBe(Math.ceil(newest.body.total / 15));
    const times = newest.body.events.map((e: any) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The declined "Ny kantine" (Lars's) is his and the deciders' to see; Anne gets what she would get in the chat.
    expect((await api(`/api/tab/missions/${ids.P3}/history`, lars)).status).toBe(200);
    const anne = await api(`/api/tab/missions/${ids.P3}/history`, await bearer(P.anne));
    expect(anne.status).toBe(404);
    expect(anne.body.message).toContain('Missionen findes ikke, eller du kan ikke se den.');
    expect((await api(`/api/tab/missions/${ids.M1}/history`)).status).toBe(401);
    const link = await api(`/missions/${ids.M1}/history`);
    expect(link.status).toBe(302);
    expect(link.headers.get('location')).toBe(`/tabs/portfolio?history=${ids.M1}#history`);
  });

  it('serves the tab pages framed only by Teams and Microsoft 365', async () => {
    const page = await api('/tabs/portfolio');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root" data-page="portfolio">');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'self' https://teams.microsoft.com");
    expect(csp).toContain("script-src 'self'");
    expect((await api('/tabs/anything')).status).toBe(404);
    expect((await api('/tabs/assets/..%2F..%2Fpackage.json')).status).toBe(404);
  });
});

describe('the tab API in production', () => {
  let entra: EntraStandIn;
  let t: TestApp;

  beforeAll(async () => {
    entra = await new EntraStandIn().start();
    t = await startTestApp('pglite', {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      MICROSOFT_APP_ID: CLIENT_ID,
      MICROSOFT_APP_PASSWORD: 'test-secret-not-used-here',
      MICROSOFT_APP_TENANT_ID: TENANT,
      PUBLIC_BASE_URL: 'https://missionsklynger.kommune.example',
      TAB_SSO_JWKS_URL: entra.url,
    });
  });
  afterAll(async () => {
    await t?.stop();
    await entra?.stop();
  });

  it('has no developer sign-in and accepts the bot app’s own SSO tokens', async () => {
    expect((await get(`${t.url}/api/tab/session`)).body).toEqual({ developerSignIn: false });
    const dev = await get(`${t.url}/api/tab/me`, `Developer ${P.henrik}`);
    expect(dev.status).toBe(401);
    expect(dev.body.reason).toBe('developerSignInOff');
    const sso = await get(`${t.url}/api/tab/me`, `Bearer ${await entra.token(P.henrik)}`);
    expect(sso.status).toBe(200);
    expect(sso.body).toMatchObject({
      name: 'Henrik Mortensen',
      roles: ['departmentHead', 'employee', 'groupManagement'],
      via: 'sso',
    });
  });
});
