import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Logger } from 'pino';
import { describeConfig, type AppConfig } from './config.js';
import type { Framework } from './domain/framework.js';
import type { CalendarGraph } from './ports/calendar.port.js';
import type { CalendarScheduler, ChannelScheduler, DeliveryScheduler } from './ports/services.port.js';
import { createChannelGraph } from './graph/channels.graph.js';
import { createJobQueue, type JobQueue } from './jobs/job-queue.js';
import { createClusterService } from './services/clusters.service.js';
import { createTeamsService } from './services/teams.service.js';
import { loadFramework } from './services/framework.loader.js';
import { createMissionService } from './services/missions.service.js';
import { createHistoryService } from './services/history.service.js';
import { createFollowingService } from './services/following.service.js';
import { runFollowerDigests } from './services/follower-digest.service.js';
import { createPortfolioService } from './services/portfolio.service.js';
import { runPortfolioReminders } from './services/portfolio-reminders.service.js';
import { runDialogueReminders } from './services/dialogue-reminders.service.js';
import { createOverviewService } from './services/overview.service.js';
import { createDialogueService } from './services/dialogues.service.js';
import { createSearchService } from './services/search.service.js';
import { createCalendarGraph } from './graph/calendar.graph.js';
import { dialogueInvitation } from './conversation/dialogue-invitation.js';
import { strings } from './i18n/i18n.js';
import { digestDownloads } from './web/downloads.js';
import { createPeopleService } from './services/people.service.js';
import { remindOverdueDecisions } from './services/reminders.service.js';
import { runRetention } from './services/retention.service.js';
import { openAppDatabase, ping, vacuumDatabase, type Database } from './store/database.js';
import { migrate } from './store/migrations.js';
import { createTeamsEndpoint, type TeamsEndpoint } from './bot-framework/teams-endpoint.js';
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

/** The use cases, on one database; `scheduler` hands their work to the job queue once it runs. */
function createServices(
  config: AppConfig,
  database: Database,
  framework: Framework,
  graph: { client?: Client; calendar?: CalendarGraph },
  scheduler: DeliveryScheduler & ChannelScheduler & CalendarScheduler,
  baseUrl: () => string | undefined,
) {
  const pool = database.pool;
  const people = createPeopleService(pool);
  const dialogues = createDialogueService({
    pool,
    calendar: graph.calendar,
    timeZone: config.timeZone,
    workingHours: config.workingHours,
    overdueDays: config.dialogueOverdueDays,
    scheduler,
  });
  const clusters = createClusterService({
    pool,
    config: config.clusters,
    timeZone: config.timeZone,
    scheduler,
    graphConfigured: Boolean(config.graph),
  });
  const missions = createMissionService({ pool, framework, scheduler, answerDays: config.decisionReminderDays });
  const portfolio = createPortfolioService({
    pool,
    framework,
    config: config.clusters,
    timeZone: config.timeZone,
    scheduler,
  });
  const overview = createOverviewService({
    pool,
    framework,
    timeZone: config.timeZone,
    linkSecret: config.linkSecret,
    baseUrl,
  });
  return {
    people,
    dialogues,
    clusters,
    missions,
    portfolio,
    overview,
    search: createSearchService({ pool, framework }),
    history: createHistoryService({ pool, timeZone: config.timeZone }),
    following: createFollowingService({ pool }),
    teams: createTeamsService(pool, scheduler),
  };
}

type Services = ReturnType<typeof createServices>;

/** Teams: the bot with its routers, the message extension, and the proactive messenger. */
function createTeams(
  config: AppConfig,
  logger: Logger,
  framework: Framework,
  services: Services,
  baseUrl: () => string,
): TeamsEndpoint {
  return createTeamsEndpoint({
    bot: config.bot,
    botAppId: config.bot?.appId ?? 'local-bot',
    router: {
      missions: services.missions,
      clusters: services.clusters,
      portfolio: services.portfolio,
      overview: services.overview,
      dialogues: services.dialogues,
      history: services.history,
      following: services.following,
      framework,
      timeZone: config.timeZone,
      setLocale: services.people.setLocale,
    },
    search: services.search,
    baseUrl,
    people: services.people,
    teams: services.teams,
    framework,
    defaultLocale: config.defaultLocale,
    timeZone: config.timeZone,
    sendsPerSecond: config.botSendsPerSecond,
    outboundProxy: config.outboundProxy,
    logger: logger.child({ component: 'teams' }),
  });
}

/** The job queue: deliveries, channel and calendar work, and the hourly and nightly clocks. */
function createJobs(
  config: AppConfig,
  database: Database,
  logger: Logger,
  teams: TeamsEndpoint,
  graph: { client?: Client; calendar?: CalendarGraph },
  scheduler: DeliveryScheduler & ChannelScheduler,
): JobQueue {
  const pool = database.pool;
  return createJobQueue({
    database,
    logger,
    pollSeconds: config.jobPollSeconds,
    leaseSeconds: config.jobLeaseSeconds,
    sweepSeconds: config.jobSweepSeconds,
    timeZone: config.timeZone,
    delivery: { messenger: teams.messenger, defaultLocale: config.defaultLocale },
    channels: {
      graph: graph.client ? createChannelGraph(graph.client) : undefined,
      teamId: config.clusters.teamId,
      catalogAppId: config.clusters.catalogAppId,
      cards: teams.channelCards,
    },
    channelReconcileMinutes: config.clusters.reconcileMinutes,
    calendars: {
      graph: graph.calendar,
      invitation: (d) => dialogueInvitation(d, config.defaultLocale, config.timeZone),
      cancelComment: () => strings(config.defaultLocale).dialogues.invitation.cancelComment,
    },
    // All run every hour even if one fails; a failure fails the job, so it shows and the next hour tries again.
    // The followers’ digest goes out in the first hour of its Monday 08:00 period (later runs catch up).
    remind: async () => {
      const runs = await Promise.allSettled([
        remindOverdueDecisions(pool, scheduler, config.decisionReminderDays),
        runPortfolioReminders(pool, scheduler, config.timeZone),
        runDialogueReminders(pool, scheduler, config.timeZone),
        runFollowerDigests(pool, scheduler, config.timeZone).then((run) => {
          if (run.due) logger.info({ digest: run }, 'followers’ digests made');
        }),
      ]);
      const failed = runs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
    retain: async () => {
      const report = await runRetention(pool, config.retention);
      logger.info({ report }, 'retention: expired personal data removed or anonymised');
    },
    maintain:
      database.kind === 'embedded'
        ? async () => logger.info(await vacuumDatabase(pool), 'embedded database vacuumed and analysed')
        : undefined,
  });
}

/** The HTTP server: Teams' messages, the tabs, signed downloads and the health check. */
function createServer(
  config: AppConfig,
  database: Database,
  logger: Logger,
  framework: Framework,
  services: Services,
  teams: TeamsEndpoint,
) {
  return createHttpServer({
    logger: logger.child({ component: 'http' }),
    handleMessages: teams.handle,
    requireAuth: config.mode === 'production',
    loopbackHostsOnly: config.mode === 'local',
    download: digestDownloads({
      linkSecret: config.linkSecret,
      overview: services.overview,
      framework,
      timeZone: config.timeZone,
    }),
    routes: (server) =>
      registerTabRoutes(server, {
        pool: database.pool,
        framework,
        overview: services.overview,
        people: services.people,
        history: services.history,
        timeZone: config.timeZone,
        auth: createTabAuth({
          sso: config.tabSso,
          developerSignIn: config.mode === 'local',
          knownPerson: (id) => services.people.isImported(id),
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
}

/** `opening`: the database, when the caller started opening it earlier (index.ts, while this module loaded). */
export async function startApp(config: AppConfig, logger: Logger, opening?: Promise<Database>): Promise<RunningApp> {
  const framework = await loadFramework(config.frameworkFile);
  const database = await (opening ?? openAppDatabase(config.database, logger));
  let queue: JobQueue | undefined;
  let started: JobQueue | undefined;
  try {
    const applied = await migrate(database.pool);
    if (applied.length) logger.info({ applied }, 'database migrated');
    // Services hand work to the queue, which is made after them (it delivers through the Teams endpoint).
    const scheduler = {
      deliverSoon: (ids: string[]) => queue!.deliverSoon(ids),
      syncChannelsSoon: (ids: string[]) => queue!.syncChannelsSoon(ids),
      syncCalendarsSoon: (ids: string[]) => queue!.syncCalendarsSoon(ids),
    };
    // The Graph client and Azure's identity library (about 7 MB resident) load only when Graph is configured.
    const client = config.graph ? (await import('./graph/graph-client.js')).createGraphClient(config.graph) : undefined;
    const graph = { client, calendar: client ? createCalendarGraph(client) : undefined };
    let listeningAt: string | undefined;
    const services = createServices(
      config,
      database,
      framework,
      graph,
      scheduler,
      () => config.publicBaseUrl ?? listeningAt,
    );
    const teams = createTeams(config, logger, framework, services, () => config.publicBaseUrl ?? listeningAt ?? '');
    const jobs = createJobs(config, database, logger, teams, graph, scheduler);
    queue = jobs;
    await jobs.start();
    started = jobs;
    const http = createServer(config, database, logger, framework, services, teams);
    const url = await http.listen(config.port, config.host);
    listeningAt = url;
    logger.info({ url, ...describeConfig(config) }, 'Missionsklynger is listening');
    if (config.mode === 'local') {
      logger.warn(
        '*** LOCAL MODE: Bot Framework authentication is OFF and the app listens on 127.0.0.1 only. ' +
          'Set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD (or MICROSOFT_APP_TYPE=UserAssignedMSI) and ' +
          'MICROSOFT_APP_TENANT_ID for production. ***',
      );
    }
    return {
      url,
      database,
      queue: jobs,
      async stop() {
        await http.drain(15_000);
        await jobs.stop();
        await database.close();
      },
    };
  } catch (err) {
    await started?.stop().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw err;
  }
}
