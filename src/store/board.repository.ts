import type { Queryable } from './database.js';
import type { ChannelState } from '../views/clusters.js';
import { all, q } from './query.js';
import type { BoardCluster, BoardFilter, BoardInitiative, BoardMission, Counted } from '../views/board.js';

/** Per list, how many the tab shows; the totals are always exact. */
export const BOARD_LIMIT = 40;

/**
 * Conditions shared by the three lists, as SQL over `m` (mission), `c` (cluster) and `i` (initiative)
 * where the list has them. A filter on unit or stage narrows missions and clusters to those whose work
 * touches that unit or has an initiative in that stage.
 */
function conditions(f: BoardFilter, values: unknown[], level: 'mission' | 'cluster' | 'initiative'): string[] {
  const p = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const where: string[] = [];
  if (f.track) where.push(`m.track = ${p(f.track)}`);
  if (f.problem) {
    const problem = p(f.problem);
    // A mission or cluster works on a problem when it says so, or when one of its initiatives does.
    if (level === 'initiative') where.push(`${problem} = ANY(i.problems)`);
    else if (level === 'cluster')
      where.push(
        `(${problem} = ANY(m.problems) OR EXISTS (SELECT 1 FROM initiatives x WHERE x.cluster_id = c.id AND ${problem} = ANY(x.problems)))`,
      );
    else
      where.push(
        `(${problem} = ANY(m.problems) OR EXISTS (SELECT 1 FROM initiatives x JOIN clusters xc ON xc.id = x.cluster_id WHERE xc.mission_id = m.id AND ${problem} = ANY(x.problems)))`,
      );
  }
  if (f.unit) {
    const unit = p(f.unit);
    if (level === 'initiative')
      where.push(
        `(${unit} = ANY(i.unit_ids) OR EXISTS (SELECT 1 FROM persons o WHERE o.id = i.owner_id AND o.unit_id = ${unit}))`,
      );
    else {
      const clusterScope =
        level === 'cluster'
          ? 'cm.cluster_id = c.id'
          : 'cm.cluster_id IN (SELECT id FROM clusters WHERE mission_id = m.id)';
      const proposer =
        level === 'mission'
          ? ` OR EXISTS (SELECT 1 FROM persons pp WHERE pp.id = m.proposer_id AND pp.unit_id = ${unit})`
          : '';
      where.push(
        `(EXISTS (SELECT 1 FROM cluster_members cm WHERE ${clusterScope} AND cm.unit_id = ${unit})${proposer})`,
      );
    }
  }
  if (f.stage) {
    const stage = p(f.stage);
    if (level === 'initiative') where.push(`i.stage = ${stage}`);
    else if (level === 'cluster')
      where.push(`EXISTS (SELECT 1 FROM initiatives x WHERE x.cluster_id = c.id AND x.stage = ${stage})`);
    else
      where.push(
        `EXISTS (SELECT 1 FROM initiatives x JOIN clusters xc ON xc.id = x.cluster_id WHERE xc.mission_id = m.id AND x.stage = ${stage})`,
      );
  }
  return where;
}

const whereSql = (w: string[]) => (w.length ? `WHERE ${w.join(' AND ')}` : '');

/**
 * Missions per status (newest first within each), clusters, and initiatives per stage, filtered. Declined
 * proposals are shown, as in the bot, only to those who decide and to their own proposer.
 */
export async function portfolioBoard(
  db: Queryable,
  f: BoardFilter,
  viewer: { id: string; seesDeclined: boolean },
  limit = BOARD_LIMIT,
) {
  const mv: unknown[] = [];
  const missionConditions = conditions(f, mv, 'mission');
  if (!viewer.seesDeclined) {
    mv.push(viewer.id);
    missionConditions.push(`(m.status <> 'declined' OR m.proposer_id = $${mv.length})`);
  }
  const mw = whereSql(missionConditions);
  mv.push(limit);
  const cv: unknown[] = [];
  const cw = whereSql(conditions(f, cv, 'cluster'));
  cv.push(limit);
  const iv: unknown[] = [];
  const iw = whereSql(conditions(f, iv, 'initiative'));
  iv.push(limit);
  const [missions, clusters, initiatives] = await Promise.all([
    db.query<MissionRow>(
      `SELECT * FROM (
         SELECT m.id, m.title, m.status, m.track, m.problems, m.supporter_count,
                (SELECT count(*)::int FROM clusters k WHERE k.mission_id = m.id) AS clusters,
                row_number() OVER (PARTITION BY m.status ORDER BY m.created_at DESC, m.id) AS n,
                count(*) OVER (PARTITION BY m.status)::int AS total
         FROM missions m ${mw}) x
       WHERE n <= $${mv.length} ORDER BY status, n`,
      mv,
    ),
    db.query<ClusterRow & { total: number }>(
      `SELECT c.id, c.name, m.id AS mission_id, m.title AS mission_title, m.track, to_char(c.next_review_on, 'YYYY-MM-DD') AS next_review,
              (SELECT count(*)::int FROM cluster_members cm WHERE cm.cluster_id = c.id) AS members,
              (SELECT coalesce(array_agg(DISTINCT u.name ORDER BY u.name), '{}') FROM cluster_members cm JOIN org_units u ON u.id = cm.unit_id WHERE cm.cluster_id = c.id) AS units,
              (SELECT count(*)::int FROM initiatives x WHERE x.cluster_id = c.id AND x.stage IN ('idea', 'running', 'evaluating')) AS open_initiatives,
              (SELECT ch.web_url FROM cluster_channels ch WHERE ch.cluster_id = c.id AND ch.state = 'ready') AS channel_url,
              (SELECT ch.state FROM cluster_channels ch WHERE ch.cluster_id = c.id) AS channel_state,
              (SELECT ch.last_error FROM cluster_channels ch WHERE ch.cluster_id = c.id) AS channel_reason,
              count(*) OVER ()::int AS total
       FROM clusters c JOIN missions m ON m.id = c.mission_id ${cw}
       ORDER BY c.next_review_on, c.name, c.id LIMIT $${cv.length}`,
      cv,
    ),
    db.query<InitiativeRow & { n: number; total: number }>(
      `SELECT * FROM (
         SELECT i.id, i.title, i.kind, i.stage, c.id AS cluster_id, c.name AS cluster_name, i.problems, o.name AS owner_name,
                to_char(i.next_review_on, 'YYYY-MM-DD') AS next_review,
                (SELECT count(*)::int FROM learnings l WHERE l.initiative_id = i.id) AS learnings,
                (SELECT coalesce(array_agg(u.name ORDER BY u.name), '{}') FROM org_units u WHERE u.id = ANY(i.unit_ids)) AS units,
                row_number() OVER (PARTITION BY i.stage ORDER BY i.next_review_on, i.created_at, i.id) AS n,
                count(*) OVER (PARTITION BY i.stage)::int AS total
         FROM initiatives i JOIN clusters c ON c.id = i.cluster_id JOIN missions m ON m.id = c.mission_id JOIN persons o ON o.id = i.owner_id ${iw}) x
       WHERE n <= $${iv.length} ORDER BY stage, n`,
      iv,
    ),
  ]);
  const byKey = <R extends { total: number }, T>(rows: R[], key: (r: R) => string, map: (r: R) => T) => {
    const out: Record<string, Counted<T>> = {};
    for (const r of rows) (out[key(r)] ??= { total: r.total, items: [] }).items.push(map(r));
    return out;
  };
  return {
    missionsByStatus: byKey(
      missions.rows,
      (r) => r.status,
      (r): BoardMission => ({
        id: r.id,
        title: r.title,
        status: r.status,
        track: r.track,
        problems: r.problems,
        clusters: r.clusters,
        supporters: r.supporter_count,
      }),
    ),
    clusters: {
      total: clusters.rows[0]?.total ?? 0,
      items: clusters.rows.map(toCluster),
    } as Counted<BoardCluster>,
    initiativesByStage: byKey(initiatives.rows, (r) => r.stage, toInitiative),
  };
}

/** The board's rows (portfolioBoard, clusterBoard). */
interface MissionRow {
  id: string;
  title: string;
  status: string;
  track: string;
  problems: string[];
  supporter_count: number;
  clusters: number;
  n: number;
  total: number;
}

interface ClusterRow {
  id: string;
  name: string;
  mission_id: string;
  mission_title: string;
  track: string;
  next_review: string;
  members: number;
  units: string[];
  open_initiatives: number;
  channel_url: string | null;
  channel_state: ChannelState | null;
  channel_reason: string | null;
}

interface InitiativeRow {
  id: string;
  title: string;
  kind: string;
  stage: string;
  cluster_id: string;
  cluster_name: string;
  problems: string[];
  owner_name: string;
  next_review: string;
  learnings: number;
  units: string[];
}

function toCluster(r: ClusterRow): BoardCluster {
  return {
    id: r.id,
    name: r.name,
    missionId: r.mission_id,
    missionTitle: r.mission_title,
    track: r.track,
    members: r.members,
    units: r.units,
    openInitiatives: r.open_initiatives,
    nextReviewOn: r.next_review,
    channelUrl: r.channel_url,
    channel: {
      state: r.channel_url ? 'ready' : r.channel_state === 'ready' ? 'pending' : (r.channel_state ?? 'none'),
      reason: r.channel_state === 'waiting' || r.channel_state === 'retrying' ? r.channel_reason : null,
    },
  };
}

function toInitiative(r: InitiativeRow): BoardInitiative {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    stage: r.stage,
    clusterId: r.cluster_id,
    clusterName: r.cluster_name,
    problems: r.problems,
    units: r.units,
    ownerName: r.owner_name,
    nextReviewOn: r.next_review,
    learnings: r.learnings,
  };
}

/** One cluster's board: the cluster, and every initiative in it by stage. */
export async function clusterBoard(db: Queryable, clusterId: string) {
  const cluster = await db.query<ClusterRow & { purpose: string; coordinator_name: string }>(
    `SELECT c.id, c.name, c.purpose, m.id AS mission_id, m.title AS mission_title, m.track, to_char(c.next_review_on, 'YYYY-MM-DD') AS next_review,
            co.name AS coordinator_name,
            (SELECT count(*)::int FROM cluster_members cm WHERE cm.cluster_id = c.id) AS members,
            (SELECT coalesce(array_agg(DISTINCT u.name ORDER BY u.name), '{}') FROM cluster_members cm JOIN org_units u ON u.id = cm.unit_id WHERE cm.cluster_id = c.id) AS units,
            (SELECT count(*)::int FROM initiatives x WHERE x.cluster_id = c.id AND x.stage IN ('idea', 'running', 'evaluating')) AS open_initiatives,
            (SELECT ch.web_url FROM cluster_channels ch WHERE ch.cluster_id = c.id AND ch.state = 'ready') AS channel_url,
            (SELECT ch.state FROM cluster_channels ch WHERE ch.cluster_id = c.id) AS channel_state,
            (SELECT ch.last_error FROM cluster_channels ch WHERE ch.cluster_id = c.id) AS channel_reason
     FROM clusters c JOIN missions m ON m.id = c.mission_id JOIN persons co ON co.id = c.coordinator_id
     WHERE c.id = $1`,
    [clusterId],
  );
  const row = cluster.rows[0];
  if (!row) return undefined;
  const initiatives = await db.query<InitiativeRow>(
    `SELECT i.id, i.title, i.kind, i.stage, c.id AS cluster_id, c.name AS cluster_name, i.problems, o.name AS owner_name,
            to_char(i.next_review_on, 'YYYY-MM-DD') AS next_review,
            (SELECT count(*)::int FROM learnings l WHERE l.initiative_id = i.id) AS learnings,
            (SELECT coalesce(array_agg(u.name ORDER BY u.name), '{}') FROM org_units u WHERE u.id = ANY(i.unit_ids)) AS units
     FROM initiatives i JOIN clusters c ON c.id = i.cluster_id JOIN persons o ON o.id = i.owner_id
     WHERE i.cluster_id = $1 ORDER BY i.next_review_on, i.created_at, i.id`,
    [clusterId],
  );
  return {
    cluster: { ...toCluster(row), purpose: row.purpose, coordinatorName: row.coordinator_name },
    initiatives: initiatives.rows.map(toInitiative),
  };
}

/** Clusters to choose from when a channel tab is set up: newest first, optionally those of one team. */
export async function clusterChoices(
  db: Queryable,
  limit = 200,
): Promise<{ id: string; name: string; missionTitle: string }[]> {
  const rows = await all(
    db,
    q
      .selectFrom('clusters as c')
      .innerJoin('missions as m', 'm.id', 'c.mission_id')
      .select(['c.id', 'c.name', 'm.title as mission_title'])
      .where('m.status', 'in', ['active', 'concretising'])
      .orderBy('c.name')
      .orderBy('c.id')
      .limit(limit),
  );
  return rows.map((r) => ({ id: r.id, name: r.name, missionTitle: r.mission_title }));
}

/** Units for the unit filter: those whose people take part in clusters or initiatives. */
export async function unitChoices(db: Queryable, limit?: number): Promise<{ id: string; name: string }[]> {
  const units = q.selectFrom('org_units').select(['id', 'name']).orderBy('name');
  return all(db, limit === undefined ? units : units.limit(limit));
}
