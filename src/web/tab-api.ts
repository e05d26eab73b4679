import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type restify from 'restify';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Framework } from '../domain/framework.js';
import { canSeeOverview } from '../domain/overview.js';
import { STAGES } from '../domain/portfolio.js';
import { canDecideMissions, type Role } from '../domain/roles.js';
import type { OverviewService } from '../services/overview.service.js';
import type { PeopleService } from '../services/people.service.js';
import type { HistoryService } from '../services/history.service.js';
import { createBoardsService, type BoardsService } from '../services/boards.service.js';
import type { BoardFilter } from '../views/board.js';
import type { TabAuth, TabAuthRefusal, TabIdentity } from './tab-auth.js';
import { SERVER_TEXT } from '../i18n/server.js';
import { describeEvent } from '../i18n/history-text.js';
import { strings } from '../i18n/i18n.js';

export interface TabApiDeps {
  pool: pg.Pool;
  framework: Framework;
  overview: OverviewService;
  people: PeopleService;
  history: HistoryService;
  auth: TabAuth;
  defaultLocale: 'da' | 'en';
  timeZone: string;
  /** The compiled tab pages (dist/tab); absent when they were not built. */
  assetsDir: string;
  logger: Logger;
}

const MESSAGES: Record<TabAuthRefusal, string> = SERVER_TEXT.signIn;

const PAGES = ['portfolio', 'cluster', 'config'] as const;
const ASSET = /^[a-z0-9-]+\.(js|css)$/;

/** Teams and Outlook frame the tabs; nothing else may. */
const FRAME_ANCESTORS =
  "'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com https://outlook.office.com https://*.microsoft365.com";

/** A route parameter as text ('' when absent). */
function param(req: restify.Request, name: string): string {
  const value = (req.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

function send(res: restify.Response, status: number, body: unknown) {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(JSON.stringify(body));
}

/** Who signed in to a tab, with their imported roles. */
interface TabPerson {
  id: string;
  name: string;
  roles: Role[];
  locale: 'da' | 'en';
  via: TabIdentity['via'];
}

/**
 * The tabs' pages and their API. Every API call needs a verified Teams token (or, locally, the
 * developer sign-in); the person's roles come from the organisation import, exactly as in the bot.
 */
export function registerTabRoutes(server: restify.Server, d: TabApiDeps): void {
  const boards = createBoardsService(d.pool);
  registerTabApi(server, d, boards);
  registerAppLinks(server, boards);
  registerTabPages(server, d);
}

/** /api/tab/…: the session, the signed-in person, the portfolio board and the clusters' boards. */
function registerTabApi(server: restify.Server, d: TabApiDeps, boards: BoardsService): void {
  const { framework } = d;
  const FilterSchema = z.object({
    track: z.enum(framework.tracks.map((t) => t.id) as [string, ...string[]]).optional(),
    problem: z.enum(framework.problems.map((p) => p.id) as [string, ...string[]]).optional(),
    unit: z.string().min(1).max(100).optional(),
    stage: z.enum(STAGES).optional(),
  });

  /** The signed-in person with their imported roles, or the refusal already sent. */
  const signedIn = async (req: restify.Request, res: restify.Response): Promise<TabPerson | undefined> => {
    const result = await d.auth.check(req.header('authorization'));
    if (!result.ok) {
      d.logger.info({ reason: result.reason, path: req.path() }, 'tab request refused');
      send(res, 401, { error: 'Unauthorized', reason: result.reason, message: MESSAGES[result.reason] });
      return undefined;
    }
    const person = await d.people.identify(result.identity.personId, result.identity.name);
    return {
      id: person.id,
      name: person.name,
      roles: person.roles,
      locale: person.locale ?? d.defaultLocale,
      via: result.identity.via,
    };
  };

  server.get('/api/tab/session', async (_req: restify.Request, res: restify.Response) => {
    // What the page needs before signing in. The developer sign-in lists the organisation's people only locally.
    if (!d.auth.developerSignIn) return send(res, 200, { developerSignIn: false });
    send(res, 200, { developerSignIn: true, people: await boards.developerPeople() });
  });

  server.get('/api/tab/me', async (req: restify.Request, res: restify.Response) => {
    const me = await signedIn(req, res);
    if (!me) return;
    send(res, 200, { ...me, canSeeOverview: canSeeOverview(me.roles) });
  });

  server.get('/api/tab/portfolio', async (req: restify.Request, res: restify.Response) => {
    const me = await signedIn(req, res);
    if (!me) return;
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const raw = Object.fromEntries(
      [...query.entries()].filter(([k, v]) => ['track', 'problem', 'unit', 'stage'].includes(k) && v !== ''),
    );
    const filter = FilterSchema.safeParse(raw);
    if (!filter.success) {
      return send(res, 400, {
        error: 'BadRequest',
        message: SERVER_TEXT.tab.unknownFilter,
        fields: filter.error.issues.map((i) => i.path.join('.')),
      });
    }
    send(res, 200, await portfolioBody(d, boards, me, filter.data));
  });

  // A mission's history, a page at a time (page=-1: the newest), with the same rules as in the chat.
  server.get('/api/tab/missions/:id/history', async (req: restify.Request, res: restify.Response) => {
    const me = await signedIn(req, res);
    if (!me) return;
    const raw = new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? '-1';
    const page = /^-?\d{1,5}$/.test(raw) ? Math.max(-1, Number(raw)) : -1;
    const h = await d.history.mission(me, param(req, 'id'), page);
    const text = { s: strings(me.locale), locale: me.locale, timeZone: d.timeZone };
    if (h === 'notFound') return send(res, 404, { error: 'NotFound', message: SERVER_TEXT.tab.missionNotFound });
    send(res, 200, {
      mission: { id: h.mission.id, title: h.mission.title, status: h.mission.status },
      // Said on the server in the reader's language, as the chat says it.
      events: h.events.map((e) => ({ at: e.at, kind: e.kind, ...describeEvent(text, e) })),
      page: h.page,
      pages: h.pages,
      total: h.total,
    });
  });

  server.get('/api/tab/clusters', async (req: restify.Request, res: restify.Response) => {
    if (!(await signedIn(req, res))) return;
    send(res, 200, { clusters: await boards.clusterChoices() });
  });

  server.get('/api/tab/clusters/:id', async (req: restify.Request, res: restify.Response) => {
    if (!(await signedIn(req, res))) return;
    const id = param(req, 'id');
    const board = await boards.cluster(id);
    if (!board) return send(res, 404, { error: 'NotFound', message: SERVER_TEXT.tab.clusterNotFound });
    send(res, 200, { ...board, framework: { tracks: framework.tracks, problems: framework.problems } });
  });
}

/** The app's own links (shared from the message extension) open the tab that shows them. */
function registerAppLinks(server: restify.Server, boards: BoardsService): void {
  server.get('/clusters/:id', async (req: restify.Request, res: restify.Response) =>
    redirect(res, `/tabs/cluster?clusterId=${encodeURIComponent(param(req, 'id'))}`),
  );
  server.get('/missions/:id', async (req: restify.Request, res: restify.Response) =>
    redirect(res, `/tabs/portfolio#mission-${encodeURIComponent(param(req, 'id'))}`),
  );
  server.get('/missions/:id/history', async (req: restify.Request, res: restify.Response) =>
    redirect(res, `/tabs/portfolio?history=${encodeURIComponent(param(req, 'id'))}#history`),
  );
  server.get('/initiatives/:id', async (req: restify.Request, res: restify.Response) => {
    const id = param(req, 'id');
    const clusterId = await boards.clusterOfInitiative(id);
    redirect(res, clusterId ? `/tabs/cluster?clusterId=${clusterId}#initiative-${id}` : '/tabs/portfolio');
  });
}

/** /tabs/…: the pages Teams frames, and their compiled script and style. */
function registerTabPages(server: restify.Server, d: TabApiDeps): void {
  server.get('/tabs/:page', async (req: restify.Request, res: restify.Response) => {
    const page = param(req, 'page');
    if (!(PAGES as readonly string[]).includes(page)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${SERVER_TEXT.notFound}\n`);
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors ${FRAME_ANCESTORS}`,
    });
    res.end(pageHtml(page, d.defaultLocale));
  });

  server.get('/tabs/assets/:file', async (req: restify.Request, res: restify.Response) => {
    const file = param(req, 'file');
    if (!ASSET.test(file)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${SERVER_TEXT.notFound}\n`);
      return;
    }
    try {
      const body = await readFile(path.join(d.assetsDir, file));
      res.writeHead(200, {
        'content-type': file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
        'cache-control': 'public, max-age=300',
        'x-content-type-options': 'nosniff',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${SERVER_TEXT.tab.notBuilt}\n`);
    }
  });
}

/** The portfolio tab's answer: the board as filtered, the units, and the overview and digest for those who see them. */
async function portfolioBody(d: TabApiDeps, boards: BoardsService, me: TabPerson, filter: BoardFilter) {
  const { framework } = d;
  const [board, units, overview, digest] = await Promise.all([
    boards.portfolio(filter, { id: me.id, seesDeclined: canDecideMissions(me.roles) }),
    boards.units(),
    canSeeOverview(me.roles)
      ? d.overview.overview({ id: me.id, name: me.name, roles: me.roles, locale: me.locale }, 90)
      : undefined,
    d.overview.digestPage(me.locale),
  ]);
  const ov = overview && overview !== 'forbidden' ? overview : undefined;
  const dg = 'error' in digest ? undefined : digest;
  return {
    me: { name: me.name, canSeeOverview: Boolean(ov) },
    framework: { tracks: framework.tracks.map((t) => ({ id: t.id, label: t.label })), problems: framework.problems },
    units,
    filter,
    board,
    // Coverage and load are the group management's picture, as in the bot's overview card.
    overview: ov
      ? { days: ov.days, problems: ov.problems, uncovered: ov.uncovered, unitLoad: ov.unitLoad, tracks: ov.tracks }
      : undefined,
    digest: dg
      ? {
          from: dg.from,
          to: dg.to,
          clusterCount: dg.clusterCount,
          total: dg.learnings.length,
          groups: dg.groups.map((g) => ({
            ...g,
            problems: g.problems.map((p) => ({ ...p, learnings: p.learnings.slice(0, 5) })),
          })),
        }
      : undefined,
  };
}

function redirect(res: restify.Response, to: string) {
  res.writeHead(302, { location: to, 'cache-control': 'no-store' });
  res.end();
}

function pageHtml(page: string, locale: 'da' | 'en'): string {
  const title = { portfolio: 'Portefølje', cluster: 'Klyngens portefølje', config: 'Vælg klynge' }[page];
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Missionsklynger</title>
<link rel="stylesheet" href="/tabs/assets/tab.css">
</head>
<body>
<div id="root" data-page="${page}"><p class="loading">${SERVER_TEXT.tab.loading}</p></div>
<noscript>${SERVER_TEXT.tab.needsJavaScript}</noscript>
<script src="/tabs/assets/tab.js" defer></script>
</body>
</html>
`;
}
