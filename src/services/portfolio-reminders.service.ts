import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Notice } from '../domain/notice.js';
import { localDate } from '../domain/portfolio.js';
import { touchClusters } from '../store/clusters.repository.js';
import { withTransaction } from '../store/database.js';
import { enqueueChannelPost, enqueueOutbox } from '../store/outbox.repository.js';
import { openReview } from '../store/portfolio.repository.js';
import {
  clustersDueForReview,
  firstTime,
  initiativesOverdue,
  stoppedWithoutLearning,
} from '../store/reminders.repository.js';
import type { ChannelScheduler, DeliveryScheduler } from '../ports/services.port.js';

/** Reminders go out from this hour of the organisation's day, never in the night before. */
export const REMINDER_HOUR = 8;

export interface PortfolioReminderResult {
  reviewsOpened: number;
  overdueNotices: number;
  learningNotices: number;
}

const NONE: PortfolioReminderResult = { reviewsOpened: 0, overdueNotices: 0, learningNotices: 0 };

export function localHour(now: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(now));
}

const digest = (ids: string[]) => createHash('sha256').update(ids.sort().join(',')).digest('hex').slice(0, 16);

function byOwner<T extends { ownerId: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const r of rows) groups.set(r.ownerId, [...(groups.get(r.ownerId) ?? []), r]);
  return groups;
}

/**
 * The portfolio's clock, run every hour: opens the review of each cluster whose review date has come
 * (posting the review card in its channel and telling the coordinator), tells owners about initiatives
 * past their review date, and asks for the learning of stopped initiatives that have none.
 * Dates are the organisation's calendar (Europe/Copenhagen), and nothing is sent before 08:00 there.
 */
export async function runPortfolioReminders(
  pool: pg.Pool,
  scheduler: DeliveryScheduler & ChannelScheduler,
  timeZone: string,
  now: Date = new Date(),
): Promise<PortfolioReminderResult> {
  if (localHour(now, timeZone) < REMINDER_HOUR) return NONE;
  const today = localDate(now, timeZone);

  const { outboxIds, clusterIds, result } = await withTransaction(pool, async (tx) => {
    const outboxIds: string[] = [];
    const clusterIds: string[] = [];
    const result = { ...NONE };

    for (const c of await clustersDueForReview(tx, today)) {
      if (!(await firstTime(tx, `review-due:${c.id}:${c.due}`))) continue;
      const review = await openReview(tx, c.id, 'cadence', c.due, null);
      if (!review.created) continue;
      const notice: Notice = {
        kind: 'reviewOpened',
        clusterId: c.id,
        clusterName: c.name,
        reviewId: review.id,
        openCount: c.openCount,
        trigger: 'cadence',
      };
      for (const id of [
        await enqueueChannelPost(tx, `review-opened:${review.id}:channel`, c.id, notice),
        await enqueueOutbox(tx, `review-opened:${review.id}:${c.coordinatorId}`, c.coordinatorId, notice),
      ]) {
        if (id) outboxIds.push(id);
      }
      clusterIds.push(c.id);
      result.reviewsOpened++;
    }
    if (clusterIds.length) await touchClusters(tx, clusterIds, false);

    const freshOverdue = [];
    for (const r of await initiativesOverdue(tx, today))
      if (await firstTime(tx, `initiative-overdue:${r.id}:${r.nextReviewOn}`)) freshOverdue.push(r);
    for (const [owner, rows] of byOwner(freshOverdue)) {
      const notice: Notice = {
        kind: 'initiativesOverdue',
        initiatives: rows.map((r) => ({
          id: r.id,
          title: r.title,
          clusterName: r.clusterName,
          nextReviewOn: r.nextReviewOn,
        })),
      };
      const id = await enqueueOutbox(
        tx,
        `initiatives-overdue:${owner}:${today}:${digest(rows.map((r) => r.id))}`,
        owner,
        notice,
      );
      if (id) {
        outboxIds.push(id);
        result.overdueNotices++;
      }
    }

    const freshStopped = [];
    for (const r of await stoppedWithoutLearning(tx))
      if (await firstTime(tx, `stopped-without-learning:${r.id}`)) freshStopped.push(r);
    for (const [owner, rows] of byOwner(freshStopped)) {
      const notice: Notice = {
        kind: 'stoppedWithoutLearning',
        initiatives: rows.map((r) => ({ id: r.id, title: r.title, clusterName: r.clusterName })),
      };
      const id = await enqueueOutbox(
        tx,
        `stopped-without-learning:${owner}:${digest(rows.map((r) => r.id))}`,
        owner,
        notice,
      );
      if (id) {
        outboxIds.push(id);
        result.learningNotices++;
      }
    }
    return { outboxIds, clusterIds, result };
  });
  await scheduler.deliverSoon(outboxIds);
  await scheduler.syncChannelsSoon(clusterIds);
  return result;
}
