import type { Queryable } from './database.js';

export interface TeamRef {
  teamId: string;
  threadId: string;
  name: string | null;
  reference: Record<string, unknown>;
}

/** The team the bot was installed in, with the reference proactive posts start from. */
export async function saveTeamRef(db: Queryable, t: TeamRef): Promise<void> {
  await db.query(
    `INSERT INTO team_refs (team_id, thread_id, name, reference) VALUES ($1, $2, $3, $4)
     ON CONFLICT (team_id) DO UPDATE SET thread_id = EXCLUDED.thread_id, name = EXCLUDED.name, reference = EXCLUDED.reference, updated_at = now()`,
    [t.teamId, t.threadId, t.name, JSON.stringify(t.reference)],
  );
}

export async function findTeamRef(db: Queryable, teamId: string): Promise<TeamRef | undefined> {
  const { rows } = await db.query('SELECT * FROM team_refs WHERE team_id = $1', [teamId]);
  const r = rows[0];
  return r ? { teamId: r.team_id, threadId: r.thread_id, name: r.name, reference: r.reference } : undefined;
}

/** The teams' own conversations (19:…), whose member lists the bot may read. */
export async function teamThreads(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ thread_id: string }>(
    'SELECT thread_id FROM team_refs ORDER BY updated_at DESC LIMIT 20',
  );
  return rows.map((r) => r.thread_id);
}

export async function deleteTeamRef(db: Queryable, teamId: string): Promise<void> {
  await db.query('DELETE FROM team_refs WHERE team_id = $1', [teamId]);
}
