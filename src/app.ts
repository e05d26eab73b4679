import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { describeConfig, type AppConfig } from './config.js';
import { createChannelGraph } from './graph/channels.graph.js';
import { createJobQueue, type JobQueue } from './jobs/job-queue.js';
import { createClusterService } from './services/clusters.service.js';
import { createTeamsService } from './services/teams.service.js';
import { loadFramework } from './services/framework.loader.js';
import { createMissionService } from './services/missions.service.js';
import { createPortfolioService } from './services/portfolio.service.js';
import { runPortfolioReminders } from './services/portfolio-reminders.service.js';
import { runDialogueReminders } from './services/dialogue-reminders.service.js';
import { createOverviewService } from './services/overview.service.js';
import { createDialogueService } from './services/dialogues.service.js';
import { createSearchService } from './services/search.service.js';
import { createCalendarGraph } from './graph/calendar.graph.js';
import { dialogueInvitation } from './teams/dialogue-invitation.js';
import { strings } from './i18n/i18n.js';
import { SERVER_TEXT } from './i18n/server.js';
import { renderDigest } from './web/digest-document.js';
import { verifyDigestLink } from './lib/signed-link.js';
import { createPeopleService } from './services/people.service.js';
import { remindOverdueDecisions } from './services/reminders.service.js';
import { runRetention } from './services/retention.service.js';
import { openAppDatabase, ping, vacuumDatabase, type Database } from './store/database.js';
import { migrate } from './store/migrations.js';
import { isImportedPerson } from './store/people.repository.js';
import { createTeamsEndpoint } from './teams/teams-endpoint.js';
import { registerTabRoutes } from './web/tab-api.js';
import { createTabAuth } from './web/tab-auth.js';
import { createHttpServer } from './web/http-server.js';

export interface RunningApp {
  url: string;
  database: Database;
  queue: JobQueue;
  /** Drains in-flight turns and jobs, then closes the database. */
  stop(): Promise<void>;
}

/** Composition root: config → database → services → adapters → HTTP server. */
/** The compiled tab pages, dist/tab in the project (npm run build writes them), from src/ or dist/src/ alike. */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const TAB_ASSETS = path.join(
  path.basename(path.dirname(HERE)) === 'dist' ? path.resolve(HERE, '../..') : path.resolve(HERE, '..'),
  'dist',
  'tab',
);

/** `opening`: the database, when the caller started opening it earlier (index.ts, while this module loaded). */
export async function startApp(config: AppConfig, logger: Logger, opening?: Promise<Database>): Promise<RunningApp> {
  const framework = await loadFramework(config.frameworkFile);
  const database = await (opening ?? openAppDatabase(config.database, logger));
  let startedQueue: JobQueue | undefined;
  try {
    const applied = await migrate(database.pool);
    if (applied.length) logger.info({ applied }, 'database migrated');
    const people = createPeopleService(database.pool);
    let queue: JobQueue | undefined;
    const scheduler = {
      deliverSoon: (ids: string[]) => queue!.deliverSoon(ids),
      syncChannelsSoon: (ids: string[]) => queue!.syncChannelsSoon(ids),
      syncCalendarsSoon: (ids: string[]) => queue!.syncCalendarsSoon(ids),
    };
    // The Graph client and Azure's identity library (about 7 MB resident) load only when Graph is configured.
    const graphClient = config.graph
      ? (await import('./graph/graph-client.js')).createGraphClient(config.graph)
      : undefined;
    const calendarGraph = graphClient ? createCalendarGraph(graphClient) : undefined;
    const dialogues = createDialogueService({
      pool: database.pool,
      calendar: calendarGraph,
      timeZone: config.timeZone,
      workingHours: config.workingHours,
      overdueDays: config.dialogueOverdueDays,
      scheduler,
    });
    const clusters = createClusterService({
      pool: database.pool,
      config: config.clusters,
      timeZone: config.timeZone,
      scheduler,
      graphConfigured: Boolean(config.graph),
    });
    const missions = createMissionService({ pool: database.pool, framework, scheduler });
    const portfolio = createPortfolioService({
      pool: database.pool,
      framework,
      config: config.clusters,
      timeZone: config.timeZone,
      scheduler,
    });
    let listeningAt: string | undefined;
    const overview = createOverviewService({
      pool: database.pool,
      framework,
      timeZone: config.timeZone,
      linkSecret: config.linkSecret,
      baseUrl: () => config.publicBaseUrl ?? listeningAt,
    });
    const teams = createTeamsEndpoint({
      bot: config.bot,
      botAppId: config.bot?.appId ?? 'local-bot',
      router: {
        missions,
        clusters,
        portfolio,
        overview,
        dialogues,
        framework,
        timeZone: config.timeZone,
        setLocale: people.setLocale,
      },
      search: createSearchService({ pool: database.pool, framework }),
      baseUrl: () => config.publicBaseUrl ?? listeningAt ?? '',
      people,
      teams: createTeamsService(database.pool, scheduler),
      framework,
      defaultLocale: config.defaultLocale,
      timeZone: config.timeZone,
      sendsPerSecond: config.botSendsPerSecond,
      outboundProxy: config.outboundProxy,
      logger: logger.child({ component: 'teams' }),
    });
    queue = createJobQueue({
      database,
      logger,
      pollSeconds: config.jobPollSeconds,
      leaseSeconds: config.jobLeaseSeconds,
      sweepSeconds: config.jobSweepSeconds,
      timeZone: config.timeZone,
      delivery: { messenger: teams.messenger, defaultLocale: config.defaultLocale },
      channels: {
        graph: graphClient ? createChannelGraph(graphClient) : undefined,
        teamId: config.clusters.teamId,
        catalogAppId: config.clusters.catalogAppId,
        cards: teams.channelCards,
      },
      channelReconcileMinutes: config.clusters.reconcileMinutes,
      calendars: {
        graph: calendarGraph,
        invitation: (d) => dialogueInvitation(d, config.defaultLocale, config.timeZone),
        cancelComment: () => strings(config.defaultLocale).dialogues.invitation.cancelComment,
      },
      // Both run every hour even if one fails; a failure fails the job, so it shows and the next hour tries again.
      remind: async () => {
        const runs = await Promise.allSettled([
          remindOverdueDecisions(database.pool, scheduler, config.decisionReminderDays),
          runPortfolioReminders(database.pool, scheduler, config.timeZone),
          runDialogueReminders(database.pool, scheduler, config.timeZone),
        ]);
        const failed = runs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
      },
      retain: async () => {
        const report = await runRetention(database.pool, config.retention);
        logger.info({ report }, 'retention: expired personal data removed or anonymised');
      },
      maintain:
        database.kind === 'embedded'
          ? async () => logger.info(await vacuumDatabase(database.pool), 'embedded database vacuumed and analysed')
          : undefined,
    });
    await queue.start();
    startedQueue = queue;
    const http = createHttpServer({
      logger: logger.child({ component: 'http' }),
      handleMessages: teams.handle,
      requireAuth: config.mode === 'production',
      loopbackHostsOnly: config.mode === 'local',
      download: async (file, query) => {
        const format = /^ledertraef\.(md|html)$/.exec(file)?.[1];
        if (!format) return { status: 404, message: SERVER_TEXT.notFound };
        const check = verifyDigestLink(config.linkSecret, format, query, Date.now());
        if (!check.ok) {
          return { status: check.status, message: SERVER_TEXT.link[check.status] };
        }
        const digest = await overview.digest(check.link.from, check.link.to);
        return {
          status: 200,
          ...renderDigest(digest, check.link.format, {
            framework,
            locale: check.link.locale,
            timeZone: config.timeZone,
          }),
        };
      },
      routes: (server) =>
        registerTabRoutes(server, {
          pool: database.pool,
          framework,
          overview,
          people,
          auth: createTabAuth({
            sso: config.tabSso,
            developerSignIn: config.mode === 'local',
            knownPerson: (id) => isImportedPerson(database.pool, id),
          }),
          defaultLocale: config.defaultLocale,
          assetsDir: TAB_ASSETS,
          logger: logger.child({ component: 'tabs' }),
        }),
      checkHealth: async () => {
        await ping(database.pool);
        return { database: 'ok', mode: config.mode };
      },
    });
    const url = await http.listen(config.port, config.host);
    listeningAt = url;
    logger.info({ url, ...describeConfig(config) }, 'Missionsklynger is listening');
    if (config.mode === 'local') {
      logger.warn(
        '*** LOCAL MODE: Bot Framework authentication is OFF and the app listens on 127.0.0.1 only. ' +
          'Set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD (or MICROSOFT_APP_TYPE=UserAssignedMSI) and MICROSOFT_APP_TENANT_ID for production. ***',
      );
    }
    const activeQueue = queue;
    return {
      url,
      database,
      queue: activeQueue,
      async stop() {
        await http.drain(15_000);
        await activeQueue.stop();
        await database.close();
      },
    };
  } catch (err) {
    await startedQueue?.stop().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw err;
  }
}
