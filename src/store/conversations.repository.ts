import type { Queryable } from './database.js';

/** A Bot Framework conversation reference, kept as the channel sent it (opaque JSON to the store). */
export type StoredReference = Record<string, unknown> & { conversation: { id: string }; serviceUrl: string };

/** Stores the reference; true when the person had none before (a first install). */
export async function saveConversationRef(db: Queryable, personId: string, ref: StoredReference): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO conversation_refs (person_id, conversation_id, reference) VALUES ($1, $2, $3)
     ON CONFLICT (person_id) DO UPDATE SET conversation_id = $2, reference = $3, updated_at = now()
     RETURNING (xmax = 0) AS inserted`,
    [personId, ref.conversation.id, JSON.stringify(ref)],
  );
  return Boolean(rows[0]?.inserted);
}

export async function deleteConversationRef(db: Queryable, personId: string): Promise<void> {
  await db.query('DELETE FROM conversation_refs WHERE person_id = $1', [personId]);
}

export async function findConversationRef(db: Queryable, personId: string): Promise<StoredReference | undefined> {
  const { rows } = await db.query('SELECT reference FROM conversation_refs WHERE person_id = $1', [personId]);
  return rows[0]?.reference;
}

/** The person whose chat with the app is with this Teams user id (`29:…`), if they have ever used it. */
export async function personByTeamsUserId(db: Queryable, teamsUserId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ person_id: string }>(
    `SELECT person_id FROM conversation_refs WHERE reference->'user'->>'id' = $1 LIMIT 1`,
    [teamsUserId],
  );
  return rows[0]?.person_id;
}
