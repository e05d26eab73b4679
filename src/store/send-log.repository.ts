import { sql } from 'kysely';
import type { Queryable } from './database.js';
import { all, anyText, q, run } from './query.js';

export async function pruneSendLog(db: Queryable): Promise<void> {
  await run(db, q.deleteFrom('send_log').where('at', '<', sql<Date>`now() - interval '1 hour'`));
}

/**
 * Send times of conversations in the last 30 seconds, by conversation. Every proactive send (notices and
 * status cards) is logged here, so Teams' per-conversation limits hold across instances.
 */
export async function recentSendsByConversation(
  db: Queryable,
  conversationIds: readonly string[],
): Promise<Map<string, number[]>> {
  const rows = await all(
    db,
    q
      .selectFrom('send_log')
      .select(['conversation_id', 'at'])
      .where('conversation_id', '=', anyText(conversationIds))
      .where('at', '>', sql<Date>`now() - interval '30 seconds'`),
  );
  const out = new Map<string, number[]>();
  for (const r of rows) out.set(r.conversation_id, [...(out.get(r.conversation_id) ?? []), r.at.getTime()]);
  return out;
}

export async function sendTimes(db: Queryable, conversationId: string): Promise<number[]> {
  return (await recentSendsByConversation(db, [conversationId])).get(conversationId) ?? [];
}
