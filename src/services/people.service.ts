import type pg from 'pg';
import { ensureTeamsPerson, findPerson, setLocale } from '../store/people.repository.js';
import { deleteConversationRef, saveConversationRef, type StoredReference } from '../store/conversations.repository.js';
import type { Person } from '../store/people.repository.js';

export type PeopleService = ReturnType<typeof createPeopleService>;

/** Who is speaking, as the organisation import knows them; first contact makes an employee record. */
export function createPeopleService(pool: pg.Pool) {
  // Saves a write per turn: a reference is stored again only when it changes.
  const knownRefs = new Map<string, string>();
  return {
    async identify(id: string, displayName: string | undefined): Promise<Person> {
      return (await findPerson(pool, id)) ?? ensureTeamsPerson(pool, id, displayName?.trim() || id);
    },
    setLocale: (id: string, locale: 'da' | 'en') => setLocale(pool, id, locale),
    /** Stores where to reach a person proactively; returns true the first time this conversation is seen. */
    async rememberConversation(personId: string, ref: StoredReference): Promise<boolean> {
      const fingerprint = `${ref.conversation.id}|${ref.serviceUrl}`;
      if (knownRefs.get(personId) === fingerprint) return false;
      const inserted = await saveConversationRef(pool, personId, ref);
      knownRefs.set(personId, fingerprint);
      return inserted;
    },
    /** After an uninstall: no more proactive messages, and a reinstall greets the person again. */
    async forgetConversation(personId: string): Promise<void> {
      knownRefs.delete(personId);
      await deleteConversationRef(pool, personId);
    },
  };
}
