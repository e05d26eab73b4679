import type { Queryable } from './database.js';

/**
 * Who the app itself added to a team, and when Teams was seen to hold each cluster member. Together they
 * let the app mirror cluster membership in Teams without ever removing someone it did not add.
 */

export interface ClusterMemberInTeams {
  personId: string;
  /** When Teams last listed this member (null: not seen there yet). */
  inTeamsAt: Date | null;
}

export async function clusterMembersInTeams(db: Queryable, clusterId: string): Promise<ClusterMemberInTeams[]> {
  // An erased person's pseudonym keeps the history readable; it has no account to put in Teams.
  const { rows } = await db.query(
    `SELECT m.person_id, m.in_teams_at FROM cluster_members m JOIN persons p ON p.id = m.person_id
     WHERE m.cluster_id = $1 AND p.source <> 'erased' ORDER BY m.person_id`,
    [clusterId],
  );
  return rows.map((r: any) => ({ personId: r.person_id, inTeamsAt: r.in_teams_at }));
}

/** Teams listed these members just now. */
export async function markSeenInTeams(db: Queryable, clusterId: string, personIds: readonly string[]): Promise<void> {
  if (personIds.length === 0) return;
  await db.query(
    'UPDATE cluster_members SET in_teams_at = now() WHERE cluster_id = $1 AND person_id = ANY($2::text[])',
    [clusterId, personIds],
  );
}

/** The app took these people out of the team: nothing about them says "removed in Teams" any more. */
export async function forgetSeenInTeam(db: Queryable, teamId: string, personIds: readonly string[]): Promise<string[]> {
  if (personIds.length === 0) return [];
  const { rows } = await db.query(
    `UPDATE cluster_members m SET in_teams_at = NULL FROM cluster_channels ch
     WHERE ch.cluster_id = m.cluster_id AND ch.team_id = $1 AND m.person_id = ANY($2::text[])
     RETURNING m.cluster_id`,
    [teamId, personIds],
  );
  return [...new Set(rows.map((r: any) => r.cluster_id as string))];
}

export async function addedByApp(db: Queryable, containerId: string): Promise<Map<string, 'adding' | 'added'>> {
  const { rows } = await db.query('SELECT user_id, state FROM members_added WHERE container_id = $1', [containerId]);
  return new Map(rows.map((r: any) => [r.user_id, r.state]));
}

/** Written before the add is sent: if the answer is lost, the next run still knows the app added them. */
export async function recordAdding(db: Queryable, containerId: string, userId: string): Promise<void> {
  await db.query(
    `INSERT INTO members_added (container_id, user_id, state) VALUES ($1, $2, 'adding') ON CONFLICT DO NOTHING`,
    [containerId, userId],
  );
}

export async function recordAdded(db: Queryable, containerId: string, userId: string): Promise<void> {
  await db.query(`UPDATE members_added SET state = 'added' WHERE container_id = $1 AND user_id = $2`, [
    containerId,
    userId,
  ]);
}

export async function forgetAdded(db: Queryable, containerId: string, userId: string): Promise<void> {
  await db.query('DELETE FROM members_added WHERE container_id = $1 AND user_id = $2', [containerId, userId]);
}

/** People the app added to the team who are now in none of the team's standard-channel clusters. */
export async function addedButInNoCluster(
  db: Queryable,
  teamId: string,
): Promise<{ userId: string; recent: boolean }[]> {
  const { rows } = await db.query(
    `SELECT a.user_id, a.created_at > now() - interval '10 minutes' AS recent FROM members_added a
     WHERE a.container_id = $1 AND a.state = 'added' AND NOT EXISTS (
       SELECT 1 FROM cluster_members m JOIN cluster_channels ch ON ch.cluster_id = m.cluster_id
       JOIN clusters c ON c.id = m.cluster_id
       WHERE ch.team_id = $1 AND ch.membership_type = 'standard' AND (m.person_id = a.user_id OR c.coordinator_id = a.user_id))
     ORDER BY a.user_id`,
    [teamId],
  );
  return rows.map((r: any) => ({ userId: r.user_id, recent: r.recent }));
}

/** Known people (from the organisation import, not erased) among these Entra ids. */
export async function knownPeople(db: Queryable, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query(
    `SELECT id FROM persons WHERE id = ANY($1::text[]) AND source <> 'erased' AND removed_from_import_at IS NULL`,
    [ids],
  );
  return rows.map((r: any) => r.id);
}

export async function recordAddedNow(db: Queryable, containerId: string, userId: string): Promise<void> {
  await db.query(
    `INSERT INTO members_added (container_id, user_id, state) VALUES ($1, $2, 'added') ON CONFLICT (container_id, user_id) DO UPDATE SET state = 'added'`,
    [containerId, userId],
  );
}

/**
 * Asks for a fresh comparison of members with Teams: for the clusters of a team (someone joined or left
 * the team in Teams), of one channel, or every channel not compared for a while (the periodic reconcile).
 * The members are compared on the next run; the versions make sure a run already under way runs again.
 */
export async function requestReconcile(
  db: Queryable,
  where: { clusterIds?: readonly string[]; olderThanMinutes?: number },
): Promise<string[]> {
  const { rows } = await db.query(
    `WITH due AS (
       SELECT cluster_id FROM cluster_channels
       WHERE channel_id IS NOT NULL
         AND ($1::uuid[] IS NULL OR cluster_id = ANY($1::uuid[]))
         AND ($2::int IS NULL OR COALESCE(reconciled_at, updated_at) < now() - make_interval(mins => $2))
       ORDER BY cluster_id)
     UPDATE cluster_channels ch SET members_synced_version = 0, reconciled_at = now(),
       state = CASE WHEN state = 'ready' THEN 'pending' ELSE state END, next_attempt_at = LEAST(next_attempt_at, now()), updated_at = now()
     FROM due WHERE ch.cluster_id = due.cluster_id RETURNING ch.cluster_id`,
    [where.clusterIds ?? null, where.olderThanMinutes ?? null],
  );
  return rows.map((r: any) => r.cluster_id);
}

/**
 * The clusters whose channel a removal in Teams touches: those of the team with a standard channel, or
 * the one whose shared channel it is, that have one of these people as a member.
 */
export async function clustersTouchedInTeams(
  db: Queryable,
  where: { teamId?: string; channelId?: string },
  personIds: readonly string[],
): Promise<string[]> {
  if (personIds.length === 0) return [];
  const { rows } = await db.query(
    `SELECT DISTINCT ch.cluster_id FROM cluster_channels ch JOIN cluster_members m ON m.cluster_id = ch.cluster_id
     WHERE m.person_id = ANY($3::text[]) AND ch.channel_id IS NOT NULL
       AND (($2::text IS NOT NULL AND ch.channel_id = $2 AND ch.membership_type = 'shared')
         OR ($2::text IS NULL AND ch.team_id = $1 AND ch.membership_type = 'standard'))`,
    [where.teamId ?? null, where.channelId ?? null, personIds],
  );
  return rows.map((r: any) => r.cluster_id);
}
