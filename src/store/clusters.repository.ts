import type { MissionStatus } from '../domain/mission.js';
import type { Stage } from '../domain/portfolio.js';
import type { ChannelState } from '../views/clusters.js';
import type { Selectable } from 'kysely';
import type { Queryable } from './database.js';
import { all, first, q, run } from './query.js';
import type { ClustersTable } from './schema.js';
import { sqlFilter } from './sql-filter.js';
import { isUuid } from './missions.repository.js';
import type { Page } from '../views/missions.js';
import type { ClusterMemberView, ClusterSummary, ClusterView, ExternalActor } from '../views/clusters.js';

export interface ClusterFilter {
  missionId?: string;
  track?: string;
  problem?: string;
  memberId?: string;
}

export interface NewCluster {
  submissionKey: string;
  missionId: string;
  name: string;
  purpose: string;
  coordinatorId: string;
  createdById: string;
  nextReviewOn: string;
}

/** Inserts once per submission key; a repeated submit returns the cluster the first one created. */
export async function insertCluster(db: Queryable, c: NewCluster): Promise<{ id: string; created: boolean }> {
  const inserted = await first(
    db,
    q
      .insertInto('clusters')
      .values({
        submission_key: c.submissionKey,
        mission_id: c.missionId,
        name: c.name,
        purpose: c.purpose,
        coordinator_id: c.coordinatorId,
        created_by_id: c.createdById,
        next_review_on: c.nextReviewOn,
      })
      .onConflict((oc) => oc.column('submission_key').doNothing())
      .returning('id'),
  );
  if (inserted) return { id: inserted.id, created: true };
  const existing = await all(db, q.selectFrom('clusters').select('id').where('submission_key', '=', c.submissionKey));
  // The insert met this key, so its cluster is there.
  return { id: existing[0].id, created: false };
}

/** Adds a member with the unit they belong to today; false when they already are one. */
export async function addMember(db: Queryable, clusterId: string, personId: string): Promise<boolean> {
  const added = await run(
    db,
    q
      .insertInto('cluster_members')
      .columns(['cluster_id', 'person_id', 'unit_id'])
      .expression((eb) =>
        eb
          .selectFrom('persons as p')
          .select([eb.val(clusterId).as('cluster_id'), 'p.id', 'p.unit_id'])
          .where('p.id', '=', personId),
      )
      .onConflict((oc) => oc.doNothing()),
  );
  return added === 1;
}

export async function removeMember(db: Queryable, clusterId: string, personId: string): Promise<boolean> {
  const removed = await run(
    db,
    q.deleteFrom('cluster_members').where('cluster_id', '=', clusterId).where('person_id', '=', personId),
  );
  return removed === 1;
}

export async function setCoordinator(db: Queryable, clusterId: string, personId: string): Promise<void> {
  await run(db, q.updateTable('clusters').set({ coordinator_id: personId }).where('id', '=', clusterId));
}

export async function insertExternal(
  db: Queryable,
  clusterId: string,
  e: Omit<ExternalActor, 'id'>,
  addedBy: string,
): Promise<string> {
  const rows = await all(
    db,
    q
      .insertInto('cluster_externals')
      .values({
        cluster_id: clusterId,
        name: e.name,
        organisation: e.organisation,
        email: e.email,
        role: e.role,
        added_by_id: addedBy,
      })
      .returning('id'),
  );
  return rows[0].id;
}

export async function deleteExternal(db: Queryable, clusterId: string, externalId: string): Promise<boolean> {
  if (!isUuid(externalId)) return false;
  const removed = await run(
    db,
    q.deleteFrom('cluster_externals').where('cluster_id', '=', clusterId).where('id', '=', externalId),
  );
  return removed === 1;
}

/**
 * Records that the status card (and, when members changed, the channel's membership) must catch up:
 * bumps the versions and wakes the cluster's channel work. Rows are locked in id order, as the channel
 * work's finish reads them, so the two never deadlock.
 */
export async function touchClusters(
  db: Queryable,
  clusterIds: readonly string[],
  membersChanged: boolean,
): Promise<void> {
  if (clusterIds.length === 0) return;
  await db.query(
    `UPDATE clusters SET version = version + 1, updated_at = now(),
       members_version = members_version + CASE WHEN $2 THEN 1 ELSE 0 END
     WHERE id IN (SELECT id FROM clusters WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE)`,
    [clusterIds, membersChanged],
  );
  await db.query(
    `UPDATE cluster_channels SET state = CASE WHEN state = 'ready' THEN 'pending' ELSE state END,
       next_attempt_at = LEAST(next_attempt_at, now()), updated_at = now()
     WHERE cluster_id = ANY($1::uuid[])`,
    [clusterIds],
  );
}

export async function clusterIdsOfMission(db: Queryable, missionId: string): Promise<string[]> {
  const rows = await all(db, q.selectFrom('clusters').select('id').where('mission_id', '=', missionId));
  return rows.map((r) => r.id);
}

export async function getClusterView(db: Queryable, id: string): Promise<ClusterView | undefined> {
  if (!isUuid(id)) return undefined;
  return (await getClusterViews(db, [id]))[0];
}

/** Several clusters in one query (a status change may touch hundreds). */
export async function getClusterViews(db: Queryable, ids: readonly string[]): Promise<ClusterView[]> {
  const { rows } = await db.query<ClusterViewRow>(
    `SELECT c.*, m.title AS mission_title, m.status AS mission_status, m.track, m.problems, p.name AS coordinator_name,
            to_char(c.next_review_on, 'YYYY-MM-DD') AS next_review,
            ch.state, ch.display_name, ch.web_url, ch.last_error, ch.next_attempt_at,
            (SELECT coalesce(json_agg(json_build_object('personId', cm.person_id, 'name', mp.name, 'unitId', cm.unit_id, 'unitName', u.name,
                                                        'teamsUserId', cr.reference->'user'->>'id')
                                      ORDER BY u.name NULLS LAST, mp.name), '[]')
             FROM cluster_members cm JOIN persons mp ON mp.id = cm.person_id LEFT JOIN org_units u ON u.id = cm.unit_id
             LEFT JOIN conversation_refs cr ON cr.person_id = cm.person_id
             WHERE cm.cluster_id = c.id) AS members,
            (SELECT coalesce(json_agg(json_build_object('id', e.id, 'name', e.name, 'organisation', e.organisation, 'email', e.email, 'role', e.role)
                                      ORDER BY e.created_at, e.id), '[]')
             FROM cluster_externals e WHERE e.cluster_id = c.id) AS externals,
            (SELECT coalesce(json_object_agg(s.stage, s.n), '{}')
             FROM (SELECT i.stage, count(*) AS n FROM initiatives i WHERE i.cluster_id = c.id GROUP BY i.stage) s) AS portfolio,
            (SELECT json_build_object('id', r.id, 'decided', (SELECT count(*) FROM review_decisions d WHERE d.review_id = r.id))
             FROM portfolio_reviews r WHERE r.cluster_id = c.id AND r.closed_at IS NULL) AS open_review,
            (SELECT json_build_object('closedAt', r.closed_at, 'roomForNew', r.room_for_new)
             FROM portfolio_reviews r WHERE r.cluster_id = c.id AND r.closed_at IS NOT NULL ORDER BY r.closed_at DESC LIMIT 1) AS last_review
     FROM clusters c JOIN missions m ON m.id = c.mission_id JOIN persons p ON p.id = c.coordinator_id
     LEFT JOIN cluster_channels ch ON ch.cluster_id = c.id
     WHERE c.id = ANY($1::uuid[])`,
    [ids],
  );
  return rows.map(toClusterView);
}

/** A row of getClusterViews: the cluster, its mission and channel, and its lists as JSON. */
type ClusterViewRow = Selectable<ClustersTable> & {
  mission_title: string;
  mission_status: MissionStatus;
  track: string;
  problems: string[];
  coordinator_name: string;
  next_review: string;
  state: ChannelState | null;
  display_name: string | null;
  web_url: string | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  members: ClusterMemberView[];
  externals: ExternalActor[];
  portfolio: Partial<Record<Stage, number>>;
  /** json_build_object: counts come as JSON numbers, the time as an ISO string. */
  open_review: { id: string; decided: number } | null;
  last_review: { closedAt: string; roomForNew: boolean } | null;
};

function toClusterView(r: ClusterViewRow): ClusterView {
  const members = r.members;
  return {
    id: r.id,
    name: r.name,
    purpose: r.purpose,
    missionId: r.mission_id,
    missionTitle: r.mission_title,
    missionStatus: r.mission_status,
    track: r.track,
    problems: r.problems,
    coordinatorId: r.coordinator_id,
    coordinatorName: r.coordinator_name,
    nextReviewOn: r.next_review,
    memberCount: members.length,
    version: r.version,
    members,
    externals: r.externals,
    portfolio: r.portfolio,
    openReview: r.open_review ? { id: r.open_review.id, decided: Number(r.open_review.decided) } : null,
    lastReview: r.last_review
      ? { closedAt: new Date(r.last_review.closedAt), roomForNew: r.last_review.roomForNew }
      : null,
    channel:
      r.state && r.display_name !== null && r.next_attempt_at
        ? {
            state: r.state,
            displayName: r.display_name,
            webUrl: r.web_url,
            lastError: r.last_error,
            nextAttemptAt: r.next_attempt_at,
          }
        : null,
  };
}

/** Newest first, one extra row tells whether a next page exists. */
export async function listClusters(
  db: Queryable,
  viewerId: string,
  filter: ClusterFilter,
  page: number,
  pageSize: number,
): Promise<Page<ClusterSummary>> {
  const f = sqlFilter([viewerId]);
  const add = f.add;
  if (filter.missionId) add('c.mission_id = ?::uuid', filter.missionId);
  if (filter.track) add('m.track = ?', filter.track);
  if (filter.problem) add('m.problems @> ARRAY[?]::text[]', filter.problem);
  if (filter.memberId) add('c.id IN (SELECT cluster_id FROM cluster_members WHERE person_id = ?)', filter.memberId);
  const window = f.page(page, pageSize);
  const { rows } = await db.query<{
    id: string;
    name: string;
    mission_title: string;
    track: string;
    coordinator_name: string;
    member_count: number;
    is_member: boolean;
  }>(
    `SELECT c.id, c.name, m.title AS mission_title, m.track, p.name AS coordinator_name,
            (SELECT count(*) FROM cluster_members x WHERE x.cluster_id = c.id) AS member_count,
            EXISTS (SELECT 1 FROM cluster_members x WHERE x.cluster_id = c.id AND x.person_id = $1) AS is_member
     FROM clusters c JOIN missions m ON m.id = c.mission_id JOIN persons p ON p.id = c.coordinator_id
     ${f.where()}
     ORDER BY c.created_at DESC, c.id ${window}`,
    f.values,
  );
  const items = rows.slice(0, pageSize).map((r) => ({
    id: r.id,
    name: r.name,
    missionTitle: r.mission_title,
    track: r.track,
    coordinatorName: r.coordinator_name,
    memberCount: Number(r.member_count),
    isMember: Boolean(r.is_member),
  }));
  return { items, page, hasMore: rows.length > pageSize };
}
