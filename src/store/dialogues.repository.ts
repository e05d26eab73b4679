import type { Topic } from '../domain/dialogue.js';
import { sql, type Selectable } from 'kysely';
import type { Queryable } from './database.js';
import { all, anyText, first, leaseFree, now, q, run } from './query.js';
import type { DialoguesTable } from './schema.js';
import { isUuid } from './missions.repository.js';
import type { Agenda, DialogueView, Participant, PlannableUnit, UnitDialogueState } from '../views/dialogues.js';

const SELECT = `
  SELECT d.*, u.name AS unit_name,
         h.name AS holder_name, h.email AS holder_email,
         f.name AS head_name, f.email AS head_email,
         r.name AS director_name, r.email AS director_email
  FROM dialogues d JOIN org_units u ON u.id = d.unit_id
  JOIN persons h ON h.id = d.contract_holder_id JOIN persons f ON f.id = d.department_head_id JOIN persons r ON r.id = d.director_id`;

/** A row of SELECT: the dialogue with its unit and people; agenda and notes are the JSON the app wrote. */
type DialogueRow = Omit<Selectable<DialoguesTable>, 'agenda' | 'notes'> & {
  agenda: Agenda;
  notes: Partial<Record<Topic, string>> | null;
  unit_name: string;
  holder_name: string;
  holder_email: string | null;
  head_name: string;
  head_email: string | null;
  director_name: string;
  director_email: string | null;
};

function toView(r: DialogueRow): DialogueView {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    contractHolder: { id: r.contract_holder_id, name: r.holder_name, email: r.holder_email },
    departmentHead: { id: r.department_head_id, name: r.head_name, email: r.head_email },
    director: { id: r.director_id, name: r.director_name, email: r.director_email },
    status: r.status,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    agenda: r.agenda,
    eventId: r.event_id,
    eventTransactionId: r.event_transaction_id,
    joinUrl: r.join_url,
    webLink: r.web_link,
    calendarState: r.calendar_state,
    calendarError: r.calendar_error,
    calendarNextAt: r.calendar_next_at,
    calendarAttempts: r.calendar_attempts,
    calendarVersion: r.calendar_version,
    calendarSyncedVersion: r.calendar_synced_version,
    notes: r.notes,
    outcomeRecordedAt: r.outcome_recorded_at,
    outcomeKey: r.outcome_key,
  };
}

/** Contract units a person is department head of (all of them for an admin), with leader and director. */
export async function plannableUnits(db: Queryable, personId: string, admin: boolean): Promise<PlannableUnit[]> {
  let units = q
    .selectFrom('org_units')
    .select(['id', 'name', 'leader_id', 'department_head_id', 'director_id'])
    .where('kind', '=', 'contractUnit');
  if (!admin) units = units.where('department_head_id', '=', personId);
  const rows = await all(db, units.orderBy('name').limit(100));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    leaderId: r.leader_id,
    departmentHeadId: r.department_head_id,
    directorId: r.director_id,
  }));
}

export async function findPeople(db: Queryable, ids: string[]): Promise<Participant[]> {
  return all(db, q.selectFrom('persons').select(['id', 'name', 'email']).where('id', '=', anyText(ids)));
}

/** What the next dialogue's agenda carries: the unit's open agreements, and the clusters its people are in. */
export async function agendaFor(db: Queryable, unitId: string): Promise<Agenda> {
  const [agreements, clusters] = await Promise.all([
    db.query<{ text: string; owner_name: string; due_on: string }>(
      `SELECT a.text, p.name AS owner_name, to_char(a.due_on, 'YYYY-MM-DD') AS due_on
       FROM dialogue_agreements a JOIN dialogues d ON d.id = a.dialogue_id JOIN persons p ON p.id = a.owner_id
       WHERE d.unit_id = $1 AND a.status = 'open' ORDER BY a.due_on, a.created_at LIMIT 30`,
      [unitId],
    ),
    db.query<{ name: string; initiatives: { title: string; stage: string }[] }>(
      `SELECT c.name, coalesce(json_agg(json_build_object('title', i.title, 'stage', i.stage) ORDER BY i.title)
                FILTER (WHERE i.id IS NOT NULL), '[]') AS initiatives
       FROM clusters c
       LEFT JOIN initiatives i ON i.cluster_id = c.id AND (i.stage IN ('idea', 'running', 'evaluating') OR $1 = ANY(i.unit_ids))
       WHERE c.id IN (SELECT cluster_id FROM cluster_members WHERE unit_id = $1)
          OR c.id IN (SELECT cluster_id FROM initiatives WHERE $1 = ANY(unit_ids))
       GROUP BY c.id, c.name ORDER BY c.name LIMIT 20`,
      [unitId],
    ),
  ]);
  return {
    openAgreements: agreements.rows.map((r) => ({ text: r.text, ownerName: r.owner_name, dueOn: r.due_on })),
    clusters: clusters.rows.map((r) => ({ name: r.name, initiatives: r.initiatives })),
  };
}

/** Records a planned dialogue once per request key (a double click books once); returns its id. */
export async function insertDialogue(
  db: Queryable,
  d: {
    requestKey: string;
    unitId: string;
    contractHolderId: string;
    departmentHeadId: string;
    directorId: string;
    startsAt: Date;
    endsAt: Date;
    agenda: Agenda;
    createdById: string;
    /** Known at once: the invitation cannot go out yet, and why (so the first card says so). */
    calendarWaiting?: string;
  },
): Promise<{ id: string; created: boolean }> {
  const inserted = await first(
    db,
    q
      .insertInto('dialogues')
      .values({
        request_key: d.requestKey,
        unit_id: d.unitId,
        contract_holder_id: d.contractHolderId,
        department_head_id: d.departmentHeadId,
        director_id: d.directorId,
        starts_at: d.startsAt,
        ends_at: d.endsAt,
        agenda: JSON.stringify(d.agenda),
        created_by_id: d.createdById,
        calendar_state: d.calendarWaiting === undefined ? 'pending' : 'waiting',
        calendar_error: d.calendarWaiting ?? null,
      })
      .onConflict((oc) => oc.column('request_key').doNothing())
      .returning('id'),
  );
  if (inserted) return { id: inserted.id, created: true };
  const existing = await all(db, q.selectFrom('dialogues').select('id').where('request_key', '=', d.requestKey));
  // The insert met this key, so its dialogue is there.
  return { id: existing[0].id, created: false };
}

export async function getDialogue(db: Queryable, id: string): Promise<DialogueView | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await db.query<DialogueRow>(`${SELECT} WHERE d.id = $1`, [id]);
  return rows[0] ? toView(rows[0]) : undefined;
}

/** The dialogues a person takes part in (every one for an admin), upcoming first, then the latest held. */
export async function listDialogues(
  db: Queryable,
  personId: string,
  admin: boolean,
  limit = 20,
): Promise<DialogueView[]> {
  const { rows } = await db.query<DialogueRow>(
    `${SELECT}
     WHERE ($2 OR d.contract_holder_id = $1 OR d.department_head_id = $1 OR d.director_id = $1)
     ORDER BY (d.ends_at < now()), CASE WHEN d.ends_at >= now() THEN d.starts_at END, d.starts_at DESC LIMIT $3`,
    [personId, admin, limit],
  );
  return rows.map(toView);
}

/** A new time (or a cancellation) for the calendar job to carry out; only from the state the user saw. */
export async function changeDialogue(
  db: Queryable,
  id: string,
  change: { startsAt: Date; endsAt: Date } | { cancel: true },
): Promise<boolean> {
  const what =
    'cancel' in change ? { status: 'cancelled' as const } : { starts_at: change.startsAt, ends_at: change.endsAt };
  const changed = await run(
    db,
    q
      .updateTable('dialogues')
      .set((eb) => ({
        ...what,
        calendar_version: eb('calendar_version', '+', 1),
        calendar_state: 'pending',
        calendar_next_at: now,
        calendar_attempts: 0,
        updated_at: now,
      }))
      .where('id', '=', id)
      .where('status', 'in', ['proposed', 'scheduled']),
  );
  return changed > 0;
}

/** Takes a lease on a dialogue's calendar work so one worker anywhere does it. */
export async function claimCalendarWork(
  db: Queryable,
  id: string,
  leaseSeconds: number,
): Promise<DialogueView | undefined> {
  const claimed = await first(
    db,
    q
      .updateTable('dialogues')
      .set((eb) => ({
        calendar_claimed_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})`,
        calendar_attempts: eb('calendar_attempts', '+', 1),
      }))
      .where('id', '=', id)
      .whereRef('calendar_synced_version', '<', 'calendar_version')
      .where(leaseFree('calendar_claimed_until'))
      .returning('id'),
  );
  return claimed ? getDialogue(db, id) : undefined;
}

/**
 * A create is about to be sent with this transactionId (an event gone from Outlook is forgotten first): if its
 * answer is lost, the retry or a cancel asks for the same event instead of making a second one.
 */
export async function noteEventCreate(db: Queryable, id: string, transactionId: string): Promise<void> {
  await run(
    db,
    q.updateTable('dialogues').set({ event_id: null, event_transaction_id: transactionId }).where('id', '=', id),
  );
}

/**
 * The calendar caught up with `version`; the state is ready unless the dialogue changed meanwhile. The
 * meeting link is the one Graph answered with: none when Graph says the event has no meeting.
 */
export async function saveCalendarDone(
  db: Queryable,
  id: string,
  version: number,
  event: { eventId: string | null; joinUrl: string | null; webLink: string | null },
): Promise<boolean> {
  const { rows } = await db.query<{ calendar_state: string }>(
    `UPDATE dialogues SET event_id = $3, join_url = $4, web_link = coalesce($5, web_link),
       calendar_synced_version = greatest(calendar_synced_version, $2),
       calendar_state = CASE WHEN calendar_version <= $2 THEN 'ready' ELSE 'pending' END,
       calendar_error = NULL, calendar_attempts = 0, calendar_claimed_until = NULL, updated_at = now()
     WHERE id = $1 RETURNING calendar_state`,
    [id, version, event.eventId, event.joinUrl, event.webLink],
  );
  return rows[0]?.calendar_state === 'ready';
}

export async function postponeCalendarWork(
  db: Queryable,
  id: string,
  state: 'waiting' | 'retrying',
  delayMs: number,
  reason: string,
): Promise<void> {
  await run(
    db,
    q
      .updateTable('dialogues')
      .set({
        calendar_state: state,
        calendar_error: reason,
        calendar_claimed_until: null,
        calendar_next_at: sql<Date>`now() + make_interval(secs => ${delayMs / 1000})`,
      })
      .where('id', '=', id),
  );
}

export async function findDueCalendarWork(db: Queryable, limit: number): Promise<string[]> {
  const rows = await all(
    db,
    q
      .selectFrom('dialogues')
      .select('id')
      .where('calendar_state', '<>', 'ready')
      .where('calendar_next_at', '<=', now)
      .where(leaseFree('calendar_claimed_until'))
      .orderBy('calendar_next_at')
      .limit(limit),
  );
  return rows.map((r) => r.id);
}

/** Dialogues whose meeting has ended without a recorded outcome (not cancelled). */
export async function dialoguesAwaitingOutcome(db: Queryable, at: Date): Promise<DialogueView[]> {
  const { rows } = await db.query<DialogueRow>(
    `${SELECT} WHERE d.status IN ('scheduled', 'held') AND d.ends_at <= $1 ORDER BY d.ends_at LIMIT 500`,
    [at],
  );
  return rows.map(toView);
}

/** Each contract unit a director oversees (all for an admin): last held, next planned, held since `since`. */
export async function dialoguesByUnit(
  db: Queryable,
  directorId: string,
  admin: boolean,
  at: Date,
  since: Date,
): Promise<UnitDialogueState[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    last_held: Date | null;
    next_planned: Date | null;
    held: number;
  }>(
    `SELECT u.id, u.name,
            max(d.ends_at) FILTER (WHERE d.ends_at <= $3 AND d.status <> 'cancelled') AS last_held,
            min(d.starts_at) FILTER (WHERE d.starts_at > $3 AND d.status IN ('proposed', 'scheduled')) AS next_planned,
            count(d.id) FILTER (WHERE d.ends_at <= $3 AND d.ends_at >= $4 AND d.status <> 'cancelled')::int AS held
     FROM org_units u LEFT JOIN dialogues d ON d.unit_id = u.id
     WHERE u.kind = 'contractUnit' AND ($2 OR u.director_id = $1)
     GROUP BY u.id, u.name ORDER BY u.name LIMIT 300`,
    [directorId, admin, at, since],
  );
  return rows.map((r) => ({
    unitId: r.id,
    unitName: r.name,
    lastHeld: r.last_held,
    nextPlanned: r.next_planned,
    heldInPeriod: r.held,
  }));
}

/** The meeting is over: a scheduled dialogue is held (its outcome is asked for next). */
export async function markHeld(db: Queryable, id: string): Promise<void> {
  await run(
    db,
    q
      .updateTable('dialogues')
      .set({ status: 'held', updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'scheduled'),
  );
}
