import type { Queryable } from './database.js';
import { all, first, now, q, run } from './query.js';

export interface TeamRef {
  teamId: string;
  threadId: string;
  name: string | null;
  reference: Record<string, unknown>;
}

/** The team the bot was installed in, with the reference proactive posts start from. */
export async function saveTeamRef(db: Queryable, t: TeamRef): Promise<void> {
  const row = { team_id: t.teamId, thread_id: t.threadId, name: t.name, reference: JSON.stringify(t.reference) };
  await run(
    db,
    q
      .insertInto('team_refs')
      .values(row)
      .onConflict((oc) =>
        oc.column('team_id').doUpdateSet((eb) => ({
          thread_id: eb.ref('excluded.thread_id'),
          name: eb.ref('excluded.name'),
          reference: eb.ref('excluded.reference'),
          updated_at: now,
        })),
      ),
  );
}

export async function findTeamRef(db: Queryable, teamId: string): Promise<TeamRef | undefined> {
  const r = await first(
    db,
    q.selectFrom('team_refs').select(['team_id', 'thread_id', 'name', 'reference']).where('team_id', '=', teamId),
  );
  // The reference is written by saveTeamRef only.
  const reference = r?.reference as Record<string, unknown> | undefined;
  return r && reference ? { teamId: r.team_id, threadId: r.thread_id, name: r.name, reference } : undefined;
}

/** The teams' own conversations (19:…), whose member lists the bot may read. */
export async function teamThreads(db: Queryable): Promise<string[]> {
  const rows = await all(db, q.selectFrom('team_refs').select('thread_id').orderBy('updated_at', 'desc').limit(20));
  return rows.map((r) => r.thread_id);
}

export async function deleteTeamRef(db: Queryable, teamId: string): Promise<void> {
  await run(db, q.deleteFrom('team_refs').where('team_id', '=', teamId));
}
