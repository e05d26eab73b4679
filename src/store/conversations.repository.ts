import { sql } from 'kysely';
import type { Queryable } from './database.js';
import { first, now, q, run } from './query.js';
import type { StoredReference } from '../views/conversations.js';

/** Stores the reference; true when the person had none before (a first install). */
export async function saveConversationRef(db: Queryable, personId: string, ref: StoredReference): Promise<boolean> {
  const reference = JSON.stringify(ref);
  const row = await first(
    db,
    q
      .insertInto('conversation_refs')
      .values({ person_id: personId, conversation_id: ref.conversation.id, reference })
      .onConflict((oc) =>
        oc.column('person_id').doUpdateSet({ conversation_id: ref.conversation.id, reference, updated_at: now }),
      )
      .returning(sql<boolean>`(xmax = 0)`.as('inserted')),
  );
  return Boolean(row?.inserted);
}

export async function deleteConversationRef(db: Queryable, personId: string): Promise<void> {
  await run(db, q.deleteFrom('conversation_refs').where('person_id', '=', personId));
}

export async function findConversationRef(db: Queryable, personId: string): Promise<StoredReference | undefined> {
  const row = await first(db, q.selectFrom('conversation_refs').select('reference').where('person_id', '=', personId));
  // Written by saveConversationRef only.
  return row?.reference as StoredReference | undefined;
}

/** The person whose chat with the app is with this Teams user id (`29:…`), if they have ever used it. */
export async function personByTeamsUserId(db: Queryable, teamsUserId: string): Promise<string | undefined> {
  const row = await first(
    db,
    q
      .selectFrom('conversation_refs')
      .select('person_id')
      .where(sql<string>`reference->'user'->>'id'`, '=', teamsUserId)
      .limit(1),
  );
  return row?.person_id;
}
