import type { Queryable } from './database.js';
import { isUuid } from './missions.repository.js';

/** Agreements made in contract-holder dialogues: who does what by when, and whether it is done. */
export interface Agreement {
  id: string;
  dialogueId: string;
  text: string;
  ownerId: string;
  ownerName: string;
  dueOn: string;
  status: 'open' | 'done';
  doneAt: Date | null;
}

const toAgreement = (r: any): Agreement => ({
  id: r.id,
  dialogueId: r.dialogue_id,
  text: r.text,
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  dueOn: r.due_on,
  status: r.status,
  doneAt: r.done_at,
});

const AGREEMENT_SELECT = `SELECT a.*, to_char(a.due_on, 'YYYY-MM-DD') AS due_on, p.name AS owner_name
  FROM dialogue_agreements a JOIN persons p ON p.id = a.owner_id`;

export async function listAgreements(db: Queryable, dialogueId: string): Promise<Agreement[]> {
  const { rows } = await db.query(`${AGREEMENT_SELECT} WHERE a.dialogue_id = $1 ORDER BY a.due_on, a.created_at`, [
    dialogueId,
  ]);
  return rows.map(toAgreement);
}

export async function getAgreement(db: Queryable, id: string): Promise<Agreement | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await db.query(`${AGREEMENT_SELECT} WHERE a.id = $1`, [id]);
  return rows[0] ? toAgreement(rows[0]) : undefined;
}

/** Records the outcome once; the same form sent again is a no-op, another form is refused by the caller. */
export async function recordOutcome(
  db: Queryable,
  id: string,
  key: string,
  byId: string,
  notes: Record<string, string>,
  agreements: { text: string; ownerId: string; dueOn: string }[],
): Promise<'recorded' | 'same' | 'already'> {
  const { rows } = await db.query(
    `UPDATE dialogues SET notes = $3, outcome_key = $2, outcome_recorded_at = now(), outcome_recorded_by_id = $4, status = 'outcomeRecorded', updated_at = now()
     WHERE id = $1 AND outcome_recorded_at IS NULL AND status <> 'cancelled' RETURNING id`,
    [id, key, JSON.stringify(notes), byId],
  );
  if (!rows[0]) {
    const existing = await db.query('SELECT outcome_key FROM dialogues WHERE id = $1', [id]);
    return existing.rows[0]?.outcome_key === key ? 'same' : 'already';
  }
  for (const a of agreements) {
    await db.query('INSERT INTO dialogue_agreements (dialogue_id, text, owner_id, due_on) VALUES ($1, $2, $3, $4)', [
      id,
      a.text,
      a.ownerId,
      a.dueOn,
    ]);
  }
  return 'recorded';
}

export async function markAgreementDone(db: Queryable, id: string, byId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE dialogue_agreements SET status = 'done', done_at = now(), done_by_id = $2 WHERE id = $1 AND status = 'open'`,
    [id, byId],
  );
  return (rowCount ?? 0) > 0;
}

/** Open agreements due within `days` of today (or overdue), with their dialogue's unit. */
export async function agreementsDueSoon(
  db: Queryable,
  today: string,
  days: number,
): Promise<(Agreement & { unitName: string })[]> {
  const { rows } = await db.query(
    `SELECT a.*, to_char(a.due_on, 'YYYY-MM-DD') AS due_on, p.name AS owner_name, u.name AS unit_name
     FROM dialogue_agreements a JOIN persons p ON p.id = a.owner_id JOIN dialogues d ON d.id = a.dialogue_id JOIN org_units u ON u.id = d.unit_id
     WHERE a.status = 'open' AND a.due_on <= ($1::date + $2::int) ORDER BY a.due_on LIMIT 1000`,
    [today, days],
  );
  return rows.map((r: any) => ({ ...toAgreement(r), unitName: r.unit_name }));
}
