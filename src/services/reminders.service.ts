import type pg from 'pg';
import type { Notice } from '../domain/notice.js';
import { DECIDER_ROLES } from '../domain/roles.js';
import { withTransaction } from '../store/database.js';
import { findProposalsOlderThan } from '../store/missions.repository.js';
import { enqueueOutbox } from '../store/outbox.repository.js';
import { findPeopleWithAnyRole } from '../store/people.repository.js';
import { firstTime } from '../store/reminders.repository.js';
import { answerTimes } from '../store/overview.repository.js';
import type { DeliveryScheduler } from '../ports/services.port.js';

const DAY_MS = 86_400_000;

/**
 * Reminds every decider of proposals that have waited `days` days (the answer deadline) or more without a
 * decision, and tells each proposer that their proposal is past the deadline and by when to expect an answer
 * (the next reminder: one more period). Each proposal is mentioned once per `days`-long period however often
 * this runs.
 */
export async function remindOverdueDecisions(
  pool: pg.Pool,
  scheduler: DeliveryScheduler,
  days: number,
  now: Date = new Date(),
): Promise<{ missions: number; recipients: number; proposers: number }> {
  const overdue = await findProposalsOlderThan(pool, new Date(now.getTime() - days * DAY_MS));
  if (overdue.length === 0) return { missions: 0, recipients: 0, proposers: 0 };
  const { medianDays } = await answerTimes(pool);
  const {
    ids: outboxIds,
    told: proposers,
    fresh,
  } = await withTransaction(pool, async (tx) => {
    const fresh: typeof overdue = [];
    const ids: string[] = [];
    let told = 0;
    for (const m of overdue) {
      const period = Math.floor((now.getTime() - m.createdAt.getTime()) / (days * DAY_MS));
      if (!(await firstTime(tx, `decision-overdue:${m.id}:${period}`))) continue;
      fresh.push(m);
      const toProposer: Notice = {
        kind: 'answerOverdue',
        missionId: m.id,
        title: m.title,
        days,
        expectedBy: new Date(m.createdAt.getTime() + (period + 1) * days * DAY_MS).toISOString(),
        medianDays,
      };
      const id = await enqueueOutbox(tx, `answer-overdue:${m.id}:${period}`, m.proposerId, toProposer);
      if (id) {
        ids.push(id);
        told++;
      }
    }
    if (fresh.length === 0) return { ids, told, fresh };
    const notice: Notice = {
      kind: 'decisionsOverdue',
      days,
      missions: fresh.map((m) => ({ id: m.id, title: m.title, createdAt: m.createdAt.toISOString() })),
    };
    const batch = `${now.toISOString()}:${fresh.map((m) => m.id).join(',')}`;
    for (const decider of await findPeopleWithAnyRole(tx, DECIDER_ROLES)) {
      const id = await enqueueOutbox(tx, `reminder:${decider.id}:${batch}`, decider.id, notice);
      if (id) ids.push(id);
    }
    return { ids, told, fresh };
  });
  await scheduler.deliverSoon(outboxIds);
  return { missions: fresh.length, recipients: outboxIds.length - proposers, proposers };
}
