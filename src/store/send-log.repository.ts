import type { Queryable } from './database.js';

export async function pruneSendLog(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM send_log WHERE at < now() - interval '1 hour'`);
}

/**
 * Send times of conversations in the last 30 seconds, by conversation. Every proactive send (notices and
 * status cards) is logged here, so Teams' per-conversation limits hold across instances.
 */
export async function recentSendsByConversation(
  db: Queryable,
  conversationIds: readonly string[],
): Promise<Map<string, number[]>> {
  const { rows } = await db.query(
    `SELECT conversation_id, at FROM send_log WHERE conversation_id = ANY($1::text[]) AND at > now() - interval '30 seconds'`,
    [conversationIds],
  );
  const out = new Map<string, number[]>();
  for (const r of rows) out.set(r.conversation_id, [...(out.get(r.conversation_id) ?? []), r.at.getTime()]);
  return out;
}

export async function sendTimes(db: Queryable, conversationId: string): Promise<number[]> {
  return (await recentSendsByConversation(db, [conversationId])).get(conversationId) ?? [];
}
