import type pg from 'pg';
import { ensureTeamsPerson, findPerson, isImportedPerson, setLocale } from '../store/people.repository.js';
import { teamThreads } from '../store/team-refs.repository.js';
import { deleteConversationRef, personByTeamsUserId, saveConversationRef } from '../store/conversations.repository.js';
import type { StoredReference } from '../views/conversations.js';
import type { Person } from '../store/people.repository.js';

export type PeopleService = ReturnType<typeof createPeopleService>;

/** Who is speaking, as the organisation import knows them; first contact makes an employee record. */
export function createPeopleService(pool: pg.Pool, cacheMs = 5_000) {
  // Saves a write per turn: a reference is stored again only when it changes.
  const knownRefs = new Map<string, string>();
  // Saves a read per turn: a person (and their roles) is looked up again after a few seconds, so a new
  // organisation import reaches every instance within that time.
  const recent = new Map<string, { at: number; person: Person }>();
  return {
    async identify(id: string, displayName: string | undefined): Promise<Person> {
      const hit = recent.get(id);
      if (hit && Date.now() - hit.at < cacheMs) return hit.person;
      const person = (await findPerson(pool, id)) ?? (await ensureTeamsPerson(pool, id, displayName?.trim() || id));
      if (recent.size > 10_000) recent.clear();
      recent.set(id, { at: Date.now(), person });
      return person;
    },
    /** Whether the organisation import lists this person now (the tabs' sign-in). */
    isImported: (id: string) => isImportedPerson(pool, id),
    async setLocale(id: string, locale: 'da' | 'en'): Promise<void> {
      recent.delete(id);
      await setLocale(pool, id, locale);
    },
    /** Stores where to reach a person proactively; returns true the first time this conversation is seen. */
    async rememberConversation(personId: string, ref: StoredReference): Promise<boolean> {
      const fingerprint = `${ref.conversation.id}|${ref.serviceUrl}`;
      if (knownRefs.get(personId) === fingerprint) return false;
      const inserted = await saveConversationRef(pool, personId, ref);
      knownRefs.set(personId, fingerprint);
      return inserted;
    },
    /**
     * A person picked by their Teams user id (`29:…`), as the Agents Playground's people picker answers
     * (Teams' own picker answers Entra object ids): found through their chat with the app, else through
     * `lookUp` (the member list of this conversation, else of a team the app is in: a personal chat's list holds
     * only its one person; each carries the Entra object id).
     */
    async pickedPerson(
      teamsUserId: string,
      lookUp: (threads: string[]) => Promise<string | undefined>,
    ): Promise<string | undefined> {
      const known = await personByTeamsUserId(pool, teamsUserId);
      if (known) return known;
      const aadObjectId = await lookUp(await teamThreads(pool)).catch(() => undefined);
      return aadObjectId || undefined;
    },
    /** After an uninstall: no more proactive messages, and a reinstall greets the person again. */
    async forgetConversation(personId: string): Promise<void> {
      knownRefs.delete(personId);
      await deleteConversationRef(pool, personId);
    },
  };
}
