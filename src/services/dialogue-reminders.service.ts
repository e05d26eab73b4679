import type pg from 'pg';
import type { Notice } from '../domain/notice.js';
import { localDate } from '../domain/portfolio.js';
import { withTransaction } from '../store/database.js';
import { agreementsDueSoon } from '../store/dialogue-agreements.repository.js';
import { dialoguesAwaitingOutcome, markHeld } from '../store/dialogues.repository.js';
import { enqueueOutbox } from '../store/outbox.repository.js';
import { firstTime } from '../store/reminders.repository.js';
import { localHour, REMINDER_HOUR } from './portfolio-reminders.service.js';
import type { DeliveryScheduler } from '../ports/services.port.js';

/** Days before an agreement's deadline its owner is reminded. */
export const AGREEMENT_NOTICE_DAYS = 3;

/**
 * Every hour, from 08:00 Copenhagen time: asks the fagchef and the contract holder for the outcome of a
 * dialogue whose meeting is over, and reminds owners of agreements due within three days. Each fires once.
 */
export async function runDialogueReminders(
  pool: pg.Pool,
  scheduler: DeliveryScheduler,
  timeZone: string,
  now: Date = new Date(),
): Promise<{ outcomePrompts: number; agreementNotices: number }> {
  if (localHour(now, timeZone) < REMINDER_HOUR) return { outcomePrompts: 0, agreementNotices: 0 };
  const today = localDate(now, timeZone);
  const { ids, outcomePrompts, agreementNotices } = await withTransaction(pool, async (tx) => {
    const ids: string[] = [];
    let outcomePrompts = 0;
    let agreementNotices = 0;
    for (const d of await dialoguesAwaitingOutcome(tx, now)) {
      if (!(await firstTime(tx, `dialogue-outcome:${d.id}`))) continue;
      await markHeld(tx, d.id);
      const notice: Notice = {
        kind: 'dialogueOutcomeDue',
        dialogueId: d.id,
        unitName: d.unitName,
        startsAt: d.startsAt.toISOString(),
      };
      for (const personId of [d.departmentHead.id, d.contractHolder.id]) {
        const id = await enqueueOutbox(tx, `dialogue:${d.id}:outcome-due:${personId}`, personId, notice);
        if (id) {
          ids.push(id);
          outcomePrompts++;
        }
      }
    }
    const fresh = [];
    for (const a of await agreementsDueSoon(tx, today, AGREEMENT_NOTICE_DAYS))
      if (await firstTime(tx, `agreement-due:${a.id}:${a.dueOn}`)) fresh.push(a);
    const byOwner = new Map<string, typeof fresh>();
    for (const a of fresh) byOwner.set(a.ownerId, [...(byOwner.get(a.ownerId) ?? []), a]);
    for (const [owner, list] of byOwner) {
      const notice: Notice = {
        kind: 'agreementsDue',
        agreements: list.map((a) => ({ id: a.id, text: a.text, unitName: a.unitName, dueOn: a.dueOn })),
      };
      const id = await enqueueOutbox(
        tx,
        `agreements-due:${owner}:${today}:${list
          .map((a) => a.id)
          .sort()
          .join(',')}`,
        owner,
        notice,
      );
      if (id) {
        ids.push(id);
        agreementNotices++;
      }
    }
    return { ids, outcomePrompts, agreementNotices };
  });
  await scheduler.deliverSoon(ids);
  return { outcomePrompts, agreementNotices };
}
