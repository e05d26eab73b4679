import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../store/database.js';
import { findDueOutbox } from '../store/outbox.repository.js';
import { findDueChannelWork, wakeWaitingChannelWork } from '../store/channels.repository.js';
import { requestReconcile } from '../store/team-members.repository.js';
import { pruneSendLog } from '../store/send-log.repository.js';
import type { ChannelScheduler, DeliveryScheduler } from '../ports/services.port.js';
import { createWorkPool } from '../lib/work-pool.js';
import { createKeyedLock } from '../lib/keyed-lock.js';
import { syncClusterChannels } from './channel-cards.job.js';
import { createRosterCache, createTeamRefCache, type ChannelSyncDeps } from './channel-work.js';
import { deliverMessage, type DeliverDeps } from './deliver-message.job.js';
import { syncDialogueCalendar, type CalendarJobDeps } from './dialogue-calendar.job.js';
import { findDueCalendarWork } from '../store/dialogues.repository.js';
import type { CalendarScheduler } from '../ports/services.port.js';

const DELIVER = 'deliver-message';
const SWEEP = 'outbox-sweep';
const REMINDERS = 'decision-reminders';
const CHANNEL = 'channel-sync';
const CALENDAR = 'dialogue-calendar';
const RETENTION = 'privacy-retention';
const MAINTENANCE = 'database-maintenance';
/**
 * The clock-driven queues (hourly reminders, nightly retention and maintenance) only get work from their
 * schedules, which pg-boss fires at minute precision. Fetching for them at every poll was half of the
 * queue's fetches (1.5 a second at the default poll), each holding the embedded engine's single thread.
 */
const SCHEDULED_POLL_SECONDS = 30;
/** Deliveries in hand at once in one instance. */
const DELIVERIES_AT_ONCE = 8;

export interface JobQueueOptions {
  database: Database;
  logger: Logger;
  pollSeconds: number;
  leaseSeconds: number;
  sweepSeconds: number;
  timeZone: string;
  delivery: Omit<DeliverDeps, 'retryLater' | 'pool' | 'logger' | 'oneAtATime'>;
  channels: Omit<ChannelSyncDeps, 'retryLater' | 'pool' | 'logger' | 'leaseSeconds' | 'teamRefs' | 'rosters'>;
  /** Channels whose members were not compared with Teams for this long are compared again (changes made in Teams). */
  channelReconcileMinutes: number;
  calendars: Omit<CalendarJobDeps, 'retryLater' | 'pool' | 'logger' | 'leaseSeconds' | 'scheduler'>;
  /** Runs every hour: overdue proposals, portfolio reviews due, initiatives past their review date. */
  remind(): Promise<unknown>;
  /** Runs every night: deletes or anonymises personal data past its retention time. */
  retain(): Promise<unknown>;
  /** Runs every night after retention, where the database needs it (the embedded one has no autovacuum). */
  maintain?: () => Promise<unknown>;
}

export interface JobQueue extends DeliveryScheduler, ChannelScheduler, CalendarScheduler {
  start(): Promise<void>;
  /** Stops taking jobs and waits for the ones in hand. */
  stop(): Promise<void>;
  sweep(): Promise<number>;
}

/** Durable side effects on pg-boss in the app's own database: deliveries, the outbox sweeper, reminders. */
export function createJobQueue(o: JobQueueOptions): JobQueue {
  const log = o.logger.child({ component: 'jobs' });
  // Embedded PGlite takes one connection, so pg-boss shares the app's pool there; a server gets pg-boss's own pool.
  const pool = o.database.pool;
  const boss =
    o.database.kind === 'embedded'
      ? new PgBoss({
          db: { executeSql: (text, values) => pool.query(text, values) },
          backend: 'pglite',
        })
      : new PgBoss({
          ...o.database.connection,
          max: 4,
          application_name: 'missionsklynger-jobs',
        });
  boss.on('error', (err) => log.error({ err }, 'job queue error'));
  const deps: DeliverDeps = {
    ...o.delivery,
    pool: o.database.pool,
    logger: log,
    oneAtATime: createKeyedLock(),
    retryLater: async (outboxId, delayMs) => {
      await boss.send(DELIVER, { outboxId }, { startAfter: Math.max(1, Math.ceil(delayMs / 1000)) });
    },
  };
  const channelDeps: ChannelSyncDeps = {
    ...o.channels,
    deliverSoon: (ids) => queue.deliverSoon(ids),
    leaseSeconds: o.leaseSeconds,
    teamRefs: createTeamRefCache(),
    rosters: createRosterCache(),
    pool: o.database.pool,
    logger: log,
    retryLater: async (clusterId, delayMs) => {
      await boss.send(CHANNEL, { clusterId }, { startAfter: Math.max(0, Math.ceil(delayMs / 1000)) });
    },
  };
  let calendarWorker: string | undefined;
  const calendarDeps = (): CalendarJobDeps => ({
    ...o.calendars,
    pool: o.database.pool,
    logger: log,
    leaseSeconds: o.leaseSeconds,
    scheduler: queue,
    retryLater: async (dialogueId, delayMs) => {
      await boss.send(CALENDAR, { dialogueId }, { startAfter: Math.max(0, Math.ceil(delayMs / 1000)) });
    },
  });
  let sweeper: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> | undefined;
  const channelPool = createWorkPool(8);
  // Deliveries to different conversations go side by side (a wait for one chat's Retry-After holds up no
  // other); those to one conversation stay in line (DeliverDeps.oneAtATime). The app's own pace is the
  // messenger's (BOT_SENDS_PER_SECOND).
  const deliveryPool = createWorkPool(DELIVERIES_AT_ONCE);
  // New work wakes this instance's worker at once instead of waiting for its next poll.
  let deliverWorker: string | undefined;
  let channelWorker: string | undefined;
  const wake = (worker: string | undefined) => worker && boss.notifyWorker(worker);
  const queue: JobQueue = {
    async start() {
      await boss.start();
      for (const name of [DELIVER, REMINDERS, CHANNEL, CALENDAR, RETENTION])
        await boss.createQueue(name, { retryLimit: 5, retryBackoff: true });
      const polling = { pollingIntervalSeconds: o.pollSeconds };
      // A queue entry only wakes the work; the outbox row (leased, swept) keeps the truth.
      deliverWorker = await boss.work<{ outboxId: string }>(
        DELIVER,
        { ...polling, batchSize: 25, burstWhenBatchFull: true },
        async (jobs) => {
          for (const outboxId of new Set(jobs.map((j) => j.data.outboxId)))
            await deliveryPool.start(() =>
              deliverMessage(deps, outboxId).catch((err: unknown) =>
                log.warn({ err, outboxId }, 'delivery failed; the sweeper tries again'),
              ),
            );
        },
      );
      // A queue entry only wakes the work; the cluster_channels row (leased, swept) keeps the truth. So the
      // handler hands each cluster to a pool and fetches more at once: one slow channel holds up no other.
      channelWorker = await boss.work<{ clusterId: string }>(
        CHANNEL,
        { ...polling, batchSize: 25, burstWhenBatchFull: true },
        async (jobs) => {
          const ids = [...new Set(jobs.map((j) => j.data.clusterId))];
          await channelPool.start(() => syncClusterChannels(channelDeps, ids));
        },
      );
      // The dialogues row (leased, swept) keeps the truth; a queue entry only wakes the work.
      const cal = calendarDeps();
      calendarWorker = await boss.work<{ dialogueId: string }>(
        CALENDAR,
        { ...polling, batchSize: 1 },
        async ([job]) => {
          await syncDialogueCalendar(cal, job.data.dialogueId);
        },
      );
      const scheduled = { pollingIntervalSeconds: Math.max(o.pollSeconds, SCHEDULED_POLL_SECONDS) };
      await boss.work(REMINDERS, scheduled, async () => void (await o.remind()));
      await boss.work(RETENTION, scheduled, async () => void (await o.retain()));
      if (o.maintain) {
        const maintain = o.maintain;
        await boss.createQueue(MAINTENANCE, { retryLimit: 2, retryBackoff: true });
        await boss.work(MAINTENANCE, scheduled, async () => void (await maintain()));
      }
      // Every instance sweeps on its own timer; sweeping twice is harmless because work is leased.
      await boss.unschedule(SWEEP).catch(() => undefined); // the cron sweep of earlier versions
      sweeper = setInterval(() => {
        if (sweeping) return;
        sweeping = queue
          .sweep()
          .catch((err) => log.warn({ err }, 'sweep failed'))
          .finally(() => (sweeping = undefined));
      }, o.sweepSeconds * 1000);
      sweeper.unref();
      await boss.schedule(REMINDERS, '0 * * * *', null, { tz: o.timeZone });
      await boss.schedule(RETENTION, '15 3 * * *', null, { tz: o.timeZone });
      if (o.maintain) await boss.schedule(MAINTENANCE, '45 3 * * *', null, { tz: o.timeZone });
      await wakeWaitingChannelWork(o.database.pool);
      await queue.sweep();
    },
    async stop() {
      if (sweeper) clearInterval(sweeper);
      await sweeping; // a sweep in flight finishes before the pool closes under it
      await boss.stop({ graceful: true, timeout: 20_000 });
      await Promise.all([channelPool.drain(), deliveryPool.drain()]);
    },
    async deliverSoon(outboxIds) {
      if (outboxIds.length) {
        await boss.insert(
          DELIVER,
          outboxIds.map((outboxId) => ({ data: { outboxId } })),
        );
        wake(deliverWorker);
      }
    },
    async syncChannelsSoon(clusterIds) {
      if (clusterIds.length) {
        await boss.insert(
          CHANNEL,
          clusterIds.map((clusterId) => ({ data: { clusterId } })),
        );
        wake(channelWorker);
      }
    },
    async syncCalendarsSoon(dialogueIds) {
      if (dialogueIds.length) {
        await boss.insert(
          CALENDAR,
          dialogueIds.map((dialogueId) => ({ data: { dialogueId } })),
        );
        wake(calendarWorker);
      }
    },
    async sweep() {
      const calendars = await findDueCalendarWork(o.database.pool, 200);
      await queue.syncCalendarsSoon(calendars);
      const due = await findDueOutbox(o.database.pool, 500);
      await queue.deliverSoon(due);
      const stale = await requestReconcile(o.database.pool, { olderThanMinutes: o.channelReconcileMinutes });
      if (stale.length) log.info({ channels: stale.length }, 'comparing cluster channel members with Teams');
      const channels = await findDueChannelWork(o.database.pool, 500);
      await queue.syncChannelsSoon(channels);
      await pruneSendLog(o.database.pool);
      if (due.length || channels.length)
        log.info({ deliveries: due.length, channels: channels.length }, 'sweep queued due work');
      return due.length + channels.length;
    },
  };
  return queue;
}
