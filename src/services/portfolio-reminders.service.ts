import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Notice } from '../domain/notice.js';
import { localDate } from '../domain/portfolio.js';
import { touchClusters } from '../store/clusters.repository.js';
import { withTransaction, type Queryable } from '../store/database.js';
import { enqueueChannelPost, enqueueOutbox } from '../store/outbox.repository.js';
import { openReview } from '../store/portfolio.repository.js';
import type { ChannelScheduler, DeliveryScheduler } from './ports.js';

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

/** Marks a reminder as sent; true only the first time, so every reminder fires once however often we run. */
export async function firstTime(tx: Queryable, key: string): Promise<boolean> {
  const { rowCount } = await tx.query('INSERT INTO reminders_sent (key) VALUES ($1) ON CONFLICT DO NOTHING', [key]);
  return (rowCount ?? 0) > 0;
}

const digest = (ids: string[]) => createHash('sha256').update(ids.sort().join(',')).digest('hex').slice(0, 16);

function byOwner<T extends { owner_id: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const r of rows) groups.set(r.owner_id, [...(groups.get(r.owner_id) ?? []), r]);
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

    const due = await tx.query(
      `SELECT c.id, c.name, c.coordinator_id, to_char(c.next_review_on, 'YYYY-MM-DD') AS due,
              (SELECT count(*)::int FROM initiatives i WHERE i.cluster_id = c.id AND i.stage IN ('idea', 'running', 'evaluating')) AS open_count
       FROM clusters c JOIN missions m ON m.id = c.mission_id
       WHERE c.next_review_on <= $1 AND m.status = 'active'
         AND NOT EXISTS (SELECT 1 FROM portfolio_reviews r WHERE r.cluster_id = c.id AND r.closed_at IS NULL)
       ORDER BY c.next_review_on, c.id`,
      [today],
    );
    for (const c of due.rows) {
      if (!(await firstTime(tx, `review-due:${c.id}:${c.due}`))) continue;
      const review = await openReview(tx, c.id, 'cadence', c.due, null);
      if (!review.created) continue;
      const notice: Notice = {
        kind: 'reviewOpened',
        clusterId: c.id,
        clusterName: c.name,
        reviewId: review.id,
        openCount: c.open_count,
        trigger: 'cadence',
      };
      for (const id of [
        await enqueueChannelPost(tx, `review-opened:${review.id}:channel`, c.id, notice),
        await enqueueOutbox(tx, `review-opened:${review.id}:${c.coordinator_id}`, c.coordinator_id, notice),
      ]) {
        if (id) outboxIds.push(id);
      }
      clusterIds.push(c.id);
      result.reviewsOpened++;
    }
    if (clusterIds.length) await touchClusters(tx, clusterIds, false);

    const overdue = await tx.query(
      `SELECT i.id, i.title, i.owner_id, c.name AS cluster_name, to_char(i.next_review_on, 'YYYY-MM-DD') AS next_review
       FROM initiatives i JOIN clusters c ON c.id = i.cluster_id
       WHERE i.stage IN ('idea', 'running', 'evaluating') AND i.next_review_on < $1
       ORDER BY i.next_review_on, i.id`,
      [today],
    );
    const freshOverdue = [];
    for (const r of overdue.rows)
      if (await firstTime(tx, `initiative-overdue:${r.id}:${r.next_review}`)) freshOverdue.push(r);
    for (const [owner, rows] of byOwner(freshOverdue)) {
      const notice: Notice = {
        kind: 'initiativesOverdue',
        initiatives: rows.map((r) => ({
          id: r.id,
          title: r.title,
          clusterName: r.cluster_name,
          nextReviewOn: r.next_review,
        })),
      };
      const id = await enqueueOutbox(
        tx,
        `initiatives-overdue:${owner}:${today}:${digest(rows.map((r) => r.id))}`,
        owner,
        notice,
      );
      if (id) (outboxIds.push(id), result.overdueNotices++);
    }

    const stopped = await tx.query(
      `SELECT i.id, i.title, i.owner_id, c.name AS cluster_name
       FROM initiatives i JOIN clusters c ON c.id = i.cluster_id
       WHERE i.stage = 'stopped' AND NOT EXISTS (SELECT 1 FROM learnings l WHERE l.initiative_id = i.id)
       ORDER BY i.stage_changed_at, i.id`,
    );
    const freshStopped = [];
    for (const r of stopped.rows) if (await firstTime(tx, `stopped-without-learning:${r.id}`)) freshStopped.push(r);
    for (const [owner, rows] of byOwner(freshStopped)) {
      const notice: Notice = {
        kind: 'stoppedWithoutLearning',
        initiatives: rows.map((r) => ({ id: r.id, title: r.title, clusterName: r.cluster_name })),
      };
      const id = await enqueueOutbox(
        tx,
        `stopped-without-learning:${owner}:${digest(rows.map((r) => r.id))}`,
        owner,
        notice,
      );
      if (id) (outboxIds.push(id), result.learningNotices++);
    }
    return { outboxIds, clusterIds, result };
  });
  await scheduler.deliverSoon(outboxIds);
  await scheduler.syncChannelsSoon(clusterIds);
  return result;
}
