import { sql, type InferResult } from 'kysely';
import type { Queryable } from './database.js';
import { isUuid } from './missions.repository.js';
import { all, first, now, q, run } from './query.js';
import type { Agreement } from '../views/dialogues.js';

/** Agreements with their owner's name; the due day as YYYY-MM-DD (a day, not an instant). */
const agreements = () =>
  q
    .selectFrom('dialogue_agreements as a')
    .innerJoin('persons as p', 'p.id', 'a.owner_id')
    .select([
      'a.id',
      'a.dialogue_id',
      'a.text',
      'a.owner_id',
      'p.name as owner_name',
      sql<string>`to_char(a.due_on, 'YYYY-MM-DD')`.as('due_on'),
      'a.status',
      'a.done_at',
    ]);

type AgreementRow = InferResult<ReturnType<typeof agreements>>[number];

const toAgreement = (r: AgreementRow): Agreement => ({
  id: r.id,
  dialogueId: r.dialogue_id,
  text: r.text,
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  dueOn: r.due_on,
  status: r.status,
  doneAt: r.done_at,
});

export async function listAgreements(db: Queryable, dialogueId: string): Promise<Agreement[]> {
  const rows = await all(
    db,
    agreements().where('a.dialogue_id', '=', dialogueId).orderBy('a.due_on').orderBy('a.created_at'),
  );
  return rows.map(toAgreement);
}

export async function getAgreement(db: Queryable, id: string): Promise<Agreement | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await first(db, agreements().where('a.id', '=', id));
  return row ? toAgreement(row) : undefined;
}

/** Records the outcome once; the same form sent again is a no-op, another form is refused by the caller. */
export async function recordOutcome(
  db: Queryable,
  id: string,
  key: string,
  byId: string,
  notes: Record<string, string>,
  made: { text: string; ownerId: string; dueOn: string }[],
): Promise<'recorded' | 'same' | 'already'> {
  const recorded = await first(
    db,
    q
      .updateTable('dialogues')
      .set({
        notes: JSON.stringify(notes),
        outcome_key: key,
        outcome_recorded_at: now,
        outcome_recorded_by_id: byId,
        status: 'outcomeRecorded',
        updated_at: now,
      })
      .where('id', '=', id)
      .where('outcome_recorded_at', 'is', null)
      .where('status', '<>', 'cancelled')
      .returning('id'),
  );
  if (!recorded) {
    const existing = await first(db, q.selectFrom('dialogues').select('outcome_key').where('id', '=', id));
    return existing?.outcome_key === key ? 'same' : 'already';
  }
  for (const a of made) {
    await run(
      db,
      q
        .insertInto('dialogue_agreements')
        .values({ dialogue_id: id, text: a.text, owner_id: a.ownerId, due_on: a.dueOn }),
    );
  }
  return 'recorded';
}

export async function markAgreementDone(db: Queryable, id: string, byId: string): Promise<boolean> {
  const changed = await run(
    db,
    q
      .updateTable('dialogue_agreements')
      .set({ status: 'done', done_at: now, done_by_id: byId })
      .where('id', '=', id)
      .where('status', '=', 'open'),
  );
  return changed > 0;
}

/** Open agreements due within `days` of today (or overdue), with their dialogue's unit. */
export async function agreementsDueSoon(
  db: Queryable,
  today: string,
  days: number,
): Promise<(Agreement & { unitName: string })[]> {
  const rows = await all(
    db,
    agreements()
      .innerJoin('dialogues as d', 'd.id', 'a.dialogue_id')
      .innerJoin('org_units as u', 'u.id', 'd.unit_id')
      .select('u.name as unit_name')
      .where('a.status', '=', 'open')
      .where('a.due_on', '<=', sql<Date>`(${today}::date + ${days}::int)`)
      .orderBy('a.due_on')
      .limit(1000),
  );
  return rows.map((r) => ({ ...toAgreement(r), unitName: r.unit_name }));
}
