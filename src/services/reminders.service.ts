import type pg from 'pg';
import type { Notice } from '../domain/notice.js';
import { DECIDER_ROLES } from '../domain/roles.js';
import { withTransaction } from '../store/database.js';
import { findProposalsOlderThan } from '../store/missions.repository.js';
import { enqueueOutbox } from '../store/outbox.repository.js';
import { findPeopleWithAnyRole } from '../store/people.repository.js';
import { firstTime } from '../store/reminders.repository.js';
import type { DeliveryScheduler } from '../ports/services.port.js';

const DAY_MS = 86_400_000;

/**
 * Reminds every decider of proposals that have waited `days` days or more without a decision.
 * Each proposal is mentioned once per `days`-long period however often this runs.
 */
export async function remindOverdueDecisions(
  pool: pg.Pool,
  scheduler: DeliveryScheduler,
  days: number,
  now: Date = new Date(),
): Promise<{ missions: number; recipients: number }> {
  const overdue = await findProposalsOlderThan(pool, new Date(now.getTime() - days * DAY_MS));
  if (overdue.length === 0) return { missions: 0, recipients: 0 };
  const { ids: outboxIds, fresh } = await withTransaction(pool, async (tx) => {
    const fresh: typeof overdue = [];
    for (const m of overdue) {
      const period = Math.floor((now.getTime() - m.createdAt.getTime()) / (days * DAY_MS));
      if (await firstTime(tx, `decision-overdue:${m.id}:${period}`)) fresh.push(m);
    }
    if (fresh.length === 0) return { ids: [] as string[], fresh };
    const notice: Notice = {
      kind: 'decisionsOverdue',
      days,
      missions: fresh.map((m) => ({ id: m.id, title: m.title, createdAt: m.createdAt.toISOString() })),
    };
    const batch = `${now.toISOString()}:${fresh.map((m) => m.id).join(',')}`;
    const ids: string[] = [];
    for (const decider of await findPeopleWithAnyRole(tx, DECIDER_ROLES)) {
      const id = await enqueueOutbox(tx, `reminder:${decider.id}:${batch}`, decider.id, notice);
      if (id) ids.push(id);
    }
    return { ids, fresh };
  });
  await scheduler.deliverSoon(outboxIds);
  return { missions: fresh.length, recipients: outboxIds.length };
}
