import { sql } from 'kysely';
import { LONGEST_WINDOW } from '../domain/rate-limit.js';
import type { Queryable } from './database.js';
import { q, run } from './query.js';

export async function pruneSendLog(db: Queryable): Promise<void> {
  await run(
    db,
    q
      .deleteFrom('send_log')
      .where('at', '<', sql<Date>`now() - make_interval(secs => ${LONGEST_WINDOW.windowMs / 1000})`),
  );
}

/**
 * Send times of conversations in the longest of Teams' windows (the last hour), at most the newest `max` of
 * each: all that the limits need. Every proactive send (notices and status cards) is logged here, so Teams'
 * per-conversation limits hold across instances.
 */
export async function recentSendsByConversation(
  db: Queryable,
  conversationIds: readonly string[],
): Promise<Map<string, number[]>> {
  const { rows } = await db.query<{ conversation_id: string; at: Date }>(
    `SELECT conversation_id, at FROM (
       SELECT conversation_id, at, row_number() OVER (PARTITION BY conversation_id ORDER BY at DESC) AS n
       FROM send_log WHERE conversation_id = ANY($1::text[]) AND at > now() - make_interval(secs => $2)) r
     WHERE n <= $3`,
    [conversationIds, LONGEST_WINDOW.windowMs / 1000, LONGEST_WINDOW.max],
  );
  const out = new Map<string, number[]>();
  for (const r of rows) out.set(r.conversation_id, [...(out.get(r.conversation_id) ?? []), r.at.getTime()]);
  return out;
}

export async function sendTimes(db: Queryable, conversationId: string): Promise<number[]> {
  return (await recentSendsByConversation(db, [conversationId])).get(conversationId) ?? [];
}
