import { sql, type Selectable } from 'kysely';
import type { Queryable } from './database.js';
import { all, first, leaseFree, now, q, run } from './query.js';
import type { OutboxTable } from './schema.js';

export interface OutboxRow {
  id: string;
  /** The person whose chat it goes to, or null when it goes to a cluster's channel. */
  personId: string | null;
  clusterId: string | null;
  payload: unknown;
  attempts: number;
  createdAt: Date;
  deliveredAt: Date | null;
  failedAt: Date | null;
  lastError: string | null;
  nextAttemptAt: Date;
  conversationId: string | null;
}

const toRow = (r: Selectable<OutboxTable>): OutboxRow => ({
  id: r.id,
  personId: r.person_id,
  clusterId: r.cluster_id,
  payload: r.payload,
  attempts: r.attempts,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
  failedAt: r.failed_at,
  lastError: r.last_error,
  nextAttemptAt: r.next_attempt_at,
  conversationId: r.conversation_id,
});

async function enqueue(
  db: Queryable,
  dedupeKey: string,
  target: { personId?: string; clusterId?: string },
  payload: unknown,
): Promise<string | undefined> {
  const row = await first(
    db,
    q
      .insertInto('outbox')
      .values({
        dedupe_key: dedupeKey,
        person_id: target.personId ?? null,
        cluster_id: target.clusterId ?? null,
        payload: JSON.stringify(payload),
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id'),
  );
  return row?.id;
}

/** Records a message to a person's chat, once per dedupe key; returns its id when it is new. */
export const enqueueOutbox = (db: Queryable, dedupeKey: string, personId: string, payload: unknown) =>
  enqueue(db, dedupeKey, { personId }, payload);

/** Records a post for a cluster's channel, once per dedupe key; it waits until the channel exists. */
export const enqueueChannelPost = (db: Queryable, dedupeKey: string, clusterId: string, payload: unknown) =>
  enqueue(db, dedupeKey, { clusterId }, payload);

/** Takes a lease on an undelivered row so only one worker anywhere sends it. */
export async function claimOutbox(db: Queryable, id: string, leaseSeconds: number): Promise<OutboxRow | undefined> {
  const row = await first(
    db,
    q
      .updateTable('outbox')
      .set((eb) => ({
        claimed_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})`,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', id)
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .where(leaseFree('claimed_until'))
      .returningAll(),
  );
  return row ? toRow(row) : undefined;
}

export async function markDelivered(
  db: Queryable,
  id: string,
  conversationId: string,
  activityId: string | undefined,
): Promise<void> {
  // One statement: the send is logged (Teams' per-conversation limits) exactly when the row is delivered.
  await db.query(
    `WITH sent AS (INSERT INTO send_log (conversation_id) VALUES ($2))
     UPDATE outbox SET delivered_at = now(), conversation_id = $2, activity_id = $3, claimed_until = NULL, last_error = NULL
     WHERE id = $1`,
    [id, conversationId, activityId ?? null],
  );
}

/** Gives the row back with a visible reason and the time of the next try. */
export async function postpone(
  db: Queryable,
  id: string,
  delayMs: number,
  error: string,
  conversationId?: string,
): Promise<Date> {
  const rows = await all(
    db,
    q
      .updateTable('outbox')
      .set((eb) => ({
        claimed_until: null,
        last_error: error,
        conversation_id: eb.fn.coalesce(eb.val(conversationId ?? null), 'conversation_id'),
        next_attempt_at: sql<Date>`now() + make_interval(secs => ${delayMs / 1000})`,
      }))
      .where('id', '=', id)
      .returning('next_attempt_at'),
  );
  if (!rows[0]) throw new Error(`outbox row ${id} is gone`);
  return rows[0].next_attempt_at;
}

export async function markFailed(db: Queryable, id: string, error: string): Promise<void> {
  await run(
    db,
    q.updateTable('outbox').set({ failed_at: now, claimed_until: null, last_error: error }).where('id', '=', id),
  );
}

/** Rows due for (re)delivery that no worker holds: the sweeper hands them to the queue again. */
export async function findDueOutbox(db: Queryable, limit: number): Promise<string[]> {
  const rows = await all(
    db,
    q
      .selectFrom('outbox')
      .select('id')
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .where(leaseFree('claimed_until'))
      .orderBy('next_attempt_at')
      .limit(limit),
  );
  return rows.map((r) => r.id);
}

export async function getOutbox(db: Queryable, id: string): Promise<OutboxRow | undefined> {
  const row = await first(db, q.selectFrom('outbox').selectAll().where('id', '=', id));
  return row ? toRow(row) : undefined;
}
