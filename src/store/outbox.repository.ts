import type { Queryable } from './database.js';

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

const toRow = (r: any): OutboxRow => ({
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
  const { rows } = await db.query(
    `INSERT INTO outbox (dedupe_key, person_id, cluster_id, payload) VALUES ($1, $2, $3, $4)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [dedupeKey, target.personId ?? null, target.clusterId ?? null, JSON.stringify(payload)],
  );
  return rows[0]?.id;
}

/** Records a message to a person's chat, once per dedupe key; returns its id when it is new. */
export const enqueueOutbox = (db: Queryable, dedupeKey: string, personId: string, payload: unknown) =>
  enqueue(db, dedupeKey, { personId }, payload);

/** Records a post for a cluster's channel, once per dedupe key; it waits until the channel exists. */
export const enqueueChannelPost = (db: Queryable, dedupeKey: string, clusterId: string, payload: unknown) =>
  enqueue(db, dedupeKey, { clusterId }, payload);

/** Takes a lease on an undelivered row so only one worker anywhere sends it. */
export async function claimOutbox(db: Queryable, id: string, leaseSeconds: number): Promise<OutboxRow | undefined> {
  const { rows } = await db.query(
    `UPDATE outbox SET claimed_until = now() + make_interval(secs => $2), attempts = attempts + 1
     WHERE id = $1 AND delivered_at IS NULL AND failed_at IS NULL
       AND (claimed_until IS NULL OR claimed_until < now())
     RETURNING *`,
    [id, leaseSeconds],
  );
  return rows[0] ? toRow(rows[0]) : undefined;
}

export async function markDelivered(
  db: Queryable,
  id: string,
  conversationId: string,
  activityId: string | undefined,
): Promise<void> {
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
  const { rows } = await db.query(
    `UPDATE outbox SET claimed_until = NULL, last_error = $3, conversation_id = COALESCE($4, conversation_id),
       next_attempt_at = now() + make_interval(secs => $2)
     WHERE id = $1 RETURNING next_attempt_at`,
    [id, delayMs / 1000, error, conversationId ?? null],
  );
  return rows[0].next_attempt_at;
}

export async function markFailed(db: Queryable, id: string, error: string): Promise<void> {
  await db.query('UPDATE outbox SET failed_at = now(), claimed_until = NULL, last_error = $2 WHERE id = $1', [
    id,
    error,
  ]);
}

/** Rows due for (re)delivery that no worker holds: the sweeper hands them to the queue again. */
export async function findDueOutbox(db: Queryable, limit: number): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT id FROM outbox
     WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
       AND (claimed_until IS NULL OR claimed_until < now())
     ORDER BY next_attempt_at LIMIT $1`,
    [limit],
  );
  return rows.map((r: any) => r.id);
}

export async function getOutbox(db: Queryable, id: string): Promise<OutboxRow | undefined> {
  const { rows } = await db.query('SELECT * FROM outbox WHERE id = $1', [id]);
  return rows[0] ? toRow(rows[0]) : undefined;
}
