import type { Queryable } from './database.js';
import { all, anyText, now, q, run } from './query.js';

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
  const rows = await all(
    db,
    q
      .selectFrom('cluster_members as m')
      .innerJoin('persons as p', 'p.id', 'm.person_id')
      .select(['m.person_id', 'm.in_teams_at'])
      .where('m.cluster_id', '=', clusterId)
      .where('p.source', '<>', 'erased')
      .orderBy('m.person_id'),
  );
  return rows.map((r) => ({ personId: r.person_id, inTeamsAt: r.in_teams_at }));
}

/** Teams listed these members just now. */
export async function markSeenInTeams(db: Queryable, clusterId: string, personIds: readonly string[]): Promise<void> {
  if (personIds.length === 0) return;
  await run(
    db,
    q
      .updateTable('cluster_members')
      .set({ in_teams_at: now })
      .where('cluster_id', '=', clusterId)
      .where('person_id', '=', anyText(personIds)),
  );
}

/** The app took these people out of the team: nothing about them says "removed in Teams" any more. */
export async function forgetSeenInTeam(db: Queryable, teamId: string, personIds: readonly string[]): Promise<string[]> {
  if (personIds.length === 0) return [];
  const { rows } = await db.query<{ cluster_id: string }>(
    `UPDATE cluster_members m SET in_teams_at = NULL FROM cluster_channels ch
     WHERE ch.cluster_id = m.cluster_id AND ch.team_id = $1 AND m.person_id = ANY($2::text[])
     RETURNING m.cluster_id`,
    [teamId, personIds],
  );
  return [...new Set(rows.map((r) => r.cluster_id))];
}

export async function addedByApp(db: Queryable, containerId: string): Promise<Map<string, 'adding' | 'added'>> {
  const rows = await all(
    db,
    q.selectFrom('members_added').select(['user_id', 'state']).where('container_id', '=', containerId),
  );
  return new Map(rows.map((r) => [r.user_id, r.state]));
}

/** Written before the add is sent: if the answer is lost, the next run still knows the app added them. */
export async function recordAdding(db: Queryable, containerId: string, userId: string): Promise<void> {
  await run(
    db,
    q
      .insertInto('members_added')
      .values({ container_id: containerId, user_id: userId, state: 'adding' })
      .onConflict((oc) => oc.doNothing()),
  );
}

export async function recordAdded(db: Queryable, containerId: string, userId: string): Promise<void> {
  await run(
    db,
    q
      .updateTable('members_added')
      .set({ state: 'added' })
      .where('container_id', '=', containerId)
      .where('user_id', '=', userId),
  );
}

export async function forgetAdded(db: Queryable, containerId: string, userId: string): Promise<void> {
  await run(db, q.deleteFrom('members_added').where('container_id', '=', containerId).where('user_id', '=', userId));
}

/** People the app added to the team who are now in none of the team's standard-channel clusters. */
export async function addedButInNoCluster(
  db: Queryable,
  teamId: string,
): Promise<{ userId: string; recent: boolean }[]> {
  const { rows } = await db.query<{ user_id: string; recent: boolean }>(
    `SELECT a.user_id, a.created_at > now() - interval '10 minutes' AS recent FROM members_added a
     WHERE a.container_id = $1 AND a.state = 'added' AND NOT EXISTS (
       SELECT 1 FROM cluster_members m JOIN cluster_channels ch ON ch.cluster_id = m.cluster_id
       JOIN clusters c ON c.id = m.cluster_id
       WHERE ch.team_id = $1 AND ch.membership_type = 'standard' AND (m.person_id = a.user_id OR c.coordinator_id = a.user_id))
     ORDER BY a.user_id`,
    [teamId],
  );
  return rows.map((r) => ({ userId: r.user_id, recent: r.recent }));
}

/** Known people (from the organisation import, not erased) among these Entra ids. */
export async function knownPeople(db: Queryable, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await all(
    db,
    q
      .selectFrom('persons')
      .select('id')
      .where('id', '=', anyText(ids))
      .where('source', '<>', 'erased')
      .where('removed_from_import_at', 'is', null),
  );
  return rows.map((r) => r.id);
}

export async function recordAddedNow(db: Queryable, containerId: string, userId: string): Promise<void> {
  await run(
    db,
    q
      .insertInto('members_added')
      .values({ container_id: containerId, user_id: userId, state: 'added' })
      .onConflict((oc) => oc.columns(['container_id', 'user_id']).doUpdateSet({ state: 'added' })),
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
  const { rows } = await db.query<{ cluster_id: string }>(
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
  return rows.map((r) => r.cluster_id);
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
  const { rows } = await db.query<{ cluster_id: string }>(
    `SELECT DISTINCT ch.cluster_id FROM cluster_channels ch JOIN cluster_members m ON m.cluster_id = ch.cluster_id
     WHERE m.person_id = ANY($3::text[]) AND ch.channel_id IS NOT NULL
       AND (($2::text IS NOT NULL AND ch.channel_id = $2 AND ch.membership_type = 'shared')
         OR ($2::text IS NULL AND ch.team_id = $1 AND ch.membership_type = 'standard'))`,
    [where.teamId ?? null, where.channelId ?? null, personIds],
  );
  return rows.map((r) => r.cluster_id);
}
