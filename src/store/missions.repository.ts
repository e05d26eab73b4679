import type { MissionInput, MissionStatus } from '../domain/mission.js';
import type { Selectable } from 'kysely';
import type { Queryable } from './database.js';
import { all, q } from './query.js';
import type { MissionsTable } from './schema.js';
import { sqlFilter } from './sql-filter.js';
import type { MissionView, Page } from '../views/missions.js';

export interface MissionFilter {
  track?: string;
  problem?: string;
  statuses?: readonly MissionStatus[];
  proposerOrSupporterId?: string;
  proposerId?: string;
}

const SELECT_VIEW = `
  SELECT m.*, p.name AS proposer_name,
         EXISTS (SELECT 1 FROM mission_supporters s WHERE s.mission_id = m.id AND s.person_id = $1) AS supported_by_viewer,
         EXISTS (SELECT 1 FROM follows f WHERE f.entity = 'mission' AND f.entity_id = m.id AND f.person_id = $1) AS followed_by_viewer
  FROM missions m JOIN persons p ON p.id = m.proposer_id`;

/** A mission with its proposer's name and whether the viewer supports it (SELECT_VIEW and its kin). */
type MissionRow = Selectable<MissionsTable> & {
  proposer_name: string;
  supported_by_viewer: boolean;
  followed_by_viewer: boolean;
};

function toView(r: MissionRow): MissionView {
  return {
    id: r.id,
    title: r.title,
    ambition: r.ambition,
    obstacles: r.obstacles,
    focus: r.focus,
    track: r.track,
    problems: r.problems,
    status: r.status,
    proposerId: r.proposer_id,
    proposerName: r.proposer_name,
    decisionReason: r.decision_reason,
    decidedById: r.decided_by_id,
    decidedAt: r.decided_at,
    createdAt: r.created_at,
    supporterCount: r.supporter_count,
    supportedByViewer: Boolean(r.supported_by_viewer),
    followedByViewer: Boolean(r.followed_by_viewer),
    firstDecidedAt: r.first_decided_at,
  };
}

/**
 * Inserts once per submission key, with its audit line, in one statement (atomic without a transaction,
 * and one round trip: a proposal does not hold the embedded engine across several). A repeated submit
 * returns the mission the first one created.
 */
export async function proposeMission(
  db: Queryable,
  submissionKey: string,
  proposerId: string,
  m: MissionInput,
): Promise<{ mission: MissionView; created: boolean }> {
  const inserted = await db.query<MissionRow>(
    `WITH inserted AS (
       INSERT INTO missions (submission_key, title, ambition, obstacles, focus, track, problems, proposer_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (submission_key) DO NOTHING RETURNING *),
     audited AS (
       INSERT INTO audit_log (actor_id, action, entity, entity_id) SELECT $8, 'mission.proposed', 'mission', id::text FROM inserted),
     followed AS (
       INSERT INTO follows (person_id, entity, entity_id, reason) SELECT $8, 'mission', id, 'proposed' FROM inserted)
     SELECT i.*, p.name AS proposer_name, false AS supported_by_viewer, true AS followed_by_viewer
     FROM inserted i JOIN persons p ON p.id = i.proposer_id`,
    [submissionKey, m.title, m.ambition, m.obstacles, m.focus, m.track, m.problems, proposerId],
  );
  if (inserted.rows[0]) return { mission: toView(inserted.rows[0]), created: true };
  const existing = await db.query<MissionRow>(`${SELECT_VIEW} WHERE m.submission_key = $2`, [
    proposerId,
    submissionKey,
  ]);
  // The insert met this key: the row is there (missions are never deleted while their key could come again).
  return { mission: toView(existing.rows[0]), created: false };
}

export async function getMissionView(db: Queryable, id: string, viewerId: string): Promise<MissionView | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await db.query<MissionRow>(`${SELECT_VIEW} WHERE m.id = $2`, [viewerId, id]);
  return rows[0] ? toView(rows[0]) : undefined;
}

/** Newest first, or oldest first for the decision queue; one extra row tells whether a next page exists. */
/** How many missions match (the decision queue says how many wait, and how many of them the filter shows). */
export async function countMissions(
  db: Queryable,
  filter: Pick<MissionFilter, 'track' | 'problem' | 'statuses'>,
): Promise<number> {
  const f = sqlFilter([]);
  if (filter.track) f.add('m.track = ?', filter.track);
  if (filter.problem) f.add('m.problems @> ARRAY[?]::text[]', filter.problem);
  if (filter.statuses) f.add('m.status = ANY(?::text[])', filter.statuses);
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM missions m ${f.where()}`, f.values);
  return rows[0].n;
}

export async function listMissions(
  db: Queryable,
  viewerId: string,
  filter: MissionFilter,
  page: number,
  pageSize: number,
  order: 'newest' | 'oldest' = 'newest',
): Promise<Page<MissionView>> {
  const f = sqlFilter([viewerId]);
  const add = f.add;
  if (filter.track) add('m.track = ?', filter.track);
  if (filter.problem) add('m.problems @> ARRAY[?]::text[]', filter.problem);
  if (filter.statuses) add('m.status = ANY(?::text[])', filter.statuses);
  if (filter.proposerId) add('m.proposer_id = ?', filter.proposerId);
  const direction = order === 'newest' ? 'DESC' : 'ASC';
  const orderBy = `ORDER BY m.created_at ${direction}, m.id`;
  let candidates: string;
  if (filter.proposerOrSupporterId) {
    // Two index-ordered branches, each cut at the end of the page: the person's own proposals
    // (missions_proposer_idx) and those they support, merged. Far cheaper than sorting every mission
    // the person has touched.
    const conditions = f.where().replace(/^WHERE /, ' AND ');
    f.values.push(filter.proposerOrSupporterId, (page + 1) * pageSize + 1);
    const person = `$${f.values.length - 1}`;
    const reach = `$${f.values.length}`;
    candidates = `
      (SELECT m.* FROM missions m WHERE m.proposer_id = ${person}${conditions} ${orderBy} LIMIT ${reach})
      UNION ALL
      (SELECT m.* FROM missions m JOIN mission_supporters s ON s.mission_id = m.id AND s.person_id = ${person}
       WHERE m.proposer_id <> ${person}${conditions} ${orderBy} LIMIT ${reach})`;
  } else {
    candidates = `SELECT m.* FROM missions m ${f.where()}`;
  }
  const window = f.page(page, pageSize);
  // Page first, then join and compute per-row flags for the few rows shown.
  const sql = `
    SELECT m.*, p.name AS proposer_name,
           EXISTS (SELECT 1 FROM mission_supporters s WHERE s.mission_id = m.id AND s.person_id = $1) AS supported_by_viewer,
           EXISTS (SELECT 1 FROM follows f WHERE f.entity = 'mission' AND f.entity_id = m.id AND f.person_id = $1)
             AS followed_by_viewer
    FROM (SELECT m.* FROM (${candidates}) m ${orderBy} ${window}) m
    JOIN persons p ON p.id = m.proposer_id
    ${orderBy}`;
  const { rows } = await db.query<MissionRow>(sql, f.values);
  return { items: rows.slice(0, pageSize).map(toView), page, hasMore: rows.length > pageSize };
}

/** Adds a supporter once; returns false when the person already supports the mission. */
export async function addSupporter(db: Queryable, missionId: string, personId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `WITH ins AS (
       INSERT INTO mission_supporters (mission_id, person_id) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING mission_id)
     UPDATE missions SET supporter_count = supporter_count + 1 WHERE id IN (SELECT mission_id FROM ins)`,
    [missionId, personId],
  );
  return (rowCount ?? 0) > 0;
}

/** Applies a decision only if the mission is still in one of the expected statuses (no double decisions). */
export async function applyDecision(
  db: Queryable,
  missionId: string,
  from: readonly MissionStatus[],
  decision: MissionStatus,
  reason: string | null,
  deciderId: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE missions SET status = $3, decision_reason = $4, decided_by_id = $5, decided_at = now(), updated_at = now(),
       first_decided_at = coalesce(first_decided_at, now())
     WHERE id = $1 AND status = ANY($2::text[])`,
    [missionId, from, decision, reason, deciderId],
  );
  return rowCount === 1;
}

export async function findProposalsOlderThan(
  db: Queryable,
  cutoff: Date,
): Promise<{ id: string; title: string; createdAt: Date; proposerId: string }[]> {
  const rows = await all(
    db,
    q
      .selectFrom('missions')
      .select(['id', 'title', 'created_at', 'proposer_id'])
      .where('status', '=', 'proposed')
      .where('created_at', '<', cutoff)
      .orderBy('created_at'),
  );
  return rows.map((r) => ({ id: r.id, title: r.title, createdAt: r.created_at, proposerId: r.proposer_id }));
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
