/** A mission's history, read from the records the app keeps anyway (see domain/history.ts). */
import type { HistoryEvent } from '../domain/history.js';
import type { Queryable } from './database.js';

export interface HistoryRow {
  at: Date;
  kind: HistoryEvent['kind'];
  mission_id: string;
  cluster_id: string | null;
  initiative_id: string | null;
  actor_id: string | null;
  actor_name: string | null;
  title: string | null;
  sub: string | null;
  detail: string | null;
  n: number;
  /** Supporters or joiners of a day, in order; a supporter's name only when they chose to be shown. */
  people: { id: string; name: string | null }[] | null;
}

/**
 * Every step of the given missions (all missions when `missionIds` is null) that happened after `since` and
 * up to `until`, oldest first. Supporters and joiners are grouped per day in the zone. A supporter's name is
 * there only when they chose to be shown (person_settings.show_support); nothing from dialogues.
 */
const EVENTS = `
  WITH m AS (SELECT id, title, proposer_id, created_at FROM missions WHERE $1::uuid[] IS NULL OR id = ANY($1::uuid[])),
  c AS (SELECT c.id, c.name, c.mission_id, c.created_at, c.created_by_id FROM clusters c JOIN m ON m.id = c.mission_id),
  i AS (SELECT i.id, i.title, i.kind, i.cluster_id, i.created_at, i.created_by_id, c.mission_id, c.name AS cluster_name
        FROM initiatives i JOIN c ON c.id = i.cluster_id),
  events AS (
    SELECT m.created_at AS at, 'proposed' AS kind, m.id AS mission_id, NULL::uuid AS cluster_id,
           NULL::uuid AS initiative_id, m.proposer_id AS actor_id, m.title, NULL::text AS sub, NULL::text AS detail,
           1 AS n, NULL::jsonb AS people, m.id::text AS key
    FROM m WHERE m.created_at > $2 AND m.created_at <= $3
    UNION ALL
    SELECT max(s.created_at), 'supported', s.mission_id, NULL, NULL, NULL, NULL, NULL, NULL, count(*)::int,
           jsonb_agg(jsonb_build_object('id', s.person_id, 'name', CASE WHEN ps.show_support THEN p.name END)
                     ORDER BY s.created_at),
           s.mission_id::text || (s.created_at AT TIME ZONE $4)::date::text
    FROM mission_supporters s JOIN m ON m.id = s.mission_id JOIN persons p ON p.id = s.person_id
    LEFT JOIN person_settings ps ON ps.person_id = s.person_id
    WHERE s.created_at > $2 AND s.created_at <= $3
    GROUP BY s.mission_id, (s.created_at AT TIME ZONE $4)::date
    UNION ALL
    SELECT a.at, CASE a.action WHEN 'mission.decided' THEN 'decided' ELSE 'concluded' END, m.id, NULL, NULL,
           a.actor_id, NULL, a.details->>'to', a.details->>'reason', 1, NULL, a.id::text
    FROM audit_log a JOIN m ON a.entity = 'mission' AND a.entity_id = m.id::text
    WHERE a.action IN ('mission.decided', 'mission.concluded') AND a.at > $2 AND a.at <= $3
    UNION ALL
    SELECT c.created_at, 'clusterFormed', c.mission_id, c.id, NULL, c.created_by_id, c.name, NULL, NULL, 1, NULL,
           c.id::text
    FROM c WHERE c.created_at > $2 AND c.created_at <= $3
    UNION ALL
    SELECT max(cm.joined_at), 'joined', c.mission_id, c.id, NULL, NULL, c.name, NULL, NULL, count(*)::int,
           jsonb_agg(jsonb_build_object('id', cm.person_id, 'name', p.name) ORDER BY cm.joined_at),
           c.id::text || (cm.joined_at AT TIME ZONE $4)::date::text
    FROM cluster_members cm JOIN c ON c.id = cm.cluster_id JOIN persons p ON p.id = cm.person_id
    WHERE cm.joined_at > $2 AND cm.joined_at <= $3
    GROUP BY c.mission_id, c.id, c.name, (cm.joined_at AT TIME ZONE $4)::date
    UNION ALL
    SELECT i.created_at, 'initiativeStarted', i.mission_id, i.cluster_id, i.id, i.created_by_id, i.title, i.kind,
           i.cluster_name, 1, NULL, i.id::text
    FROM i WHERE i.created_at > $2 AND i.created_at <= $3
    UNION ALL
    SELECT a.at, 'stageMoved', i.mission_id, i.cluster_id, i.id, a.actor_id, i.title, a.details->>'from',
           a.details->>'to', 1, NULL, a.id::text
    FROM audit_log a JOIN i ON a.entity = 'initiative' AND a.entity_id = i.id::text
    WHERE a.action = 'initiative.stageMoved' AND a.at > $2 AND a.at <= $3
    UNION ALL
    SELECT d.decided_at, 'reviewDecided', i.mission_id, i.cluster_id, i.id, d.decided_by_id, i.title, d.decision,
           d.rationale, 1, NULL, d.review_id::text || i.id::text
    FROM review_decisions d JOIN i ON i.id = d.initiative_id
    WHERE d.decided_at > $2 AND d.decided_at <= $3
    UNION ALL
    SELECT l.created_at, 'learning', i.mission_id, i.cluster_id, i.id, l.author_id, i.title, l.origin,
           CASE l.origin WHEN 'stopped' THEN l.happened ELSE l.tried END, 1, NULL, l.id::text
    FROM learnings l JOIN i ON i.id = l.initiative_id
    WHERE l.created_at > $2 AND l.created_at <= $3
    UNION ALL
    SELECT g.first_made_at, 'ledertraef', i.mission_id, NULL, NULL, NULL, NULL, g.from_on::text, g.to_on::text,
           count(*)::int, NULL, g.from_on::text || g.to_on::text
    FROM ledertraef_digests g
    JOIN learnings l ON (l.created_at AT TIME ZONE $4)::date BETWEEN g.from_on AND g.to_on
    JOIN i ON i.id = l.initiative_id
    WHERE g.first_made_at > $2 AND g.first_made_at <= $3 AND l.created_at <= g.first_made_at
    GROUP BY g.first_made_at, i.mission_id, g.from_on, g.to_on
  )`;

const ORDER = `ORDER BY e.at, e.kind, e.key`;

/** One page of one mission's history, oldest first; one extra row tells whether there is more. */
export async function missionHistoryPage(
  db: Queryable,
  missionId: string,
  timeZone: string,
  offset: number,
  limit: number,
): Promise<{ rows: HistoryRow[]; total: number }> {
  const { rows } = await db.query<HistoryRow & { total: number }>(
    `${EVENTS}
     SELECT e.at, e.kind, e.mission_id, e.cluster_id, e.initiative_id, e.actor_id, p.name AS actor_name, e.title,
            e.sub, e.detail, e.n, e.people, count(*) OVER ()::int AS total
     FROM events e LEFT JOIN persons p ON p.id = e.actor_id
     ${ORDER} LIMIT $5 OFFSET $6`,
    [[missionId], new Date(0), new Date('9999-12-31T00:00:00Z'), timeZone, limit, offset],
  );
  if (rows.length) return { rows, total: rows[0].total };
  // A page past the end: say how many there are, so the card can offer the last page.
  const counted = await db.query<{ total: number }>(`${EVENTS} SELECT count(*)::int AS total FROM events e`, [
    [missionId],
    new Date(0),
    new Date('9999-12-31T00:00:00Z'),
    timeZone,
  ]);
  return { rows: [], total: counted.rows[0]?.total ?? 0 };
}

/** Everything that happened to these missions (and their clusters) in (since, until], oldest first. */
export async function historyBetween(
  db: Queryable,
  missionIds: readonly string[],
  since: Date,
  until: Date,
  timeZone: string,
): Promise<HistoryRow[]> {
  if (missionIds.length === 0) return [];
  const { rows } = await db.query<HistoryRow>(
    `${EVENTS}
     SELECT e.at, e.kind, e.mission_id, e.cluster_id, e.initiative_id, e.actor_id, p.name AS actor_name, e.title,
            e.sub, e.detail, e.n, e.people
     FROM events e LEFT JOIN persons p ON p.id = e.actor_id ${ORDER}`,
    [missionIds, since, until, timeZone],
  );
  return rows;
}

/** Records that a Ledertræf digest was made for a period (the first time only). */
export async function recordLedertraefDigest(db: Queryable, from: string, to: string): Promise<void> {
  await db.query(`INSERT INTO ledertraef_digests (from_on, to_on) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [from, to]);
}
