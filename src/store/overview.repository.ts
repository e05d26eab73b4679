import type { LearningOrigin } from '../views/portfolio.js';
import type { ReviewDecision } from '../domain/portfolio.js';
import type { Queryable } from './database.js';
import type { DigestLearning, OverviewFigures } from '../views/overview.js';

const OPEN = `('idea', 'running', 'evaluating')`;
/** Active initiatives: not yet settled, in a cluster whose mission is active (a concluded mission's work is over). */
const ACTIVE = `SELECT i.* FROM initiatives i JOIN clusters c ON c.id = i.cluster_id JOIN missions m ON m.id = c.mission_id
  WHERE i.stage IN ${OPEN} AND m.status = 'active'`;

const counts = <K extends string>(rows: { key: K; n: number }[]) =>
  Object.fromEntries(rows.map((r) => [r.key, r.n])) as Partial<Record<K, number>>;

/** How long proposals waited for their first decision, over the last `days` days: the median and how many. */
export async function answerTimes(db: Queryable, days = 90): Promise<{ medianDays: number | null; decided: number }> {
  const { rows } = await db.query<{ median_seconds: number | null; decided: number }>(
    `SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_decided_at - created_at)))::float8
              AS median_seconds,
            count(*)::int AS decided
     FROM missions WHERE first_decided_at >= now() - make_interval(days => $1)`,
    [days],
  );
  const r = rows[0];
  return { medianDays: r?.median_seconds == null ? null : r.median_seconds / 86_400, decided: r?.decided ?? 0 };
}

/** Every figure of the overview, each from one query; `since` bounds "decisions in the period". */
export async function overviewFigures(db: Queryable, since: Date, unitLimit = 15): Promise<OverviewFigures> {
  const [tracks, problems, units, decisions, recent, missions, unanswered, answers] = await Promise.all([
    db.query<{ track: string; initiatives: number; clusters: number }>(
      `SELECT m.track, count(i.id)::int AS initiatives, count(DISTINCT c.id)::int AS clusters
       FROM clusters c JOIN missions m ON m.id = c.mission_id
       LEFT JOIN initiatives i ON i.cluster_id = c.id AND i.stage IN ${OPEN}
       WHERE m.status = 'active' GROUP BY m.track ORDER BY m.track`,
    ),
    db.query<{ problem: string; initiatives: number }>(
      `SELECT p AS problem, count(*)::int AS initiatives FROM (${ACTIVE}) i, unnest(i.problems) p GROUP BY p`,
    ),
    db.query<{ id: string; name: string; clusters: number; initiatives: number }>(
      `WITH cl AS (SELECT cm.unit_id, count(DISTINCT cm.cluster_id)::int AS n
                  FROM cluster_members cm JOIN clusters c ON c.id = cm.cluster_id JOIN missions m ON m.id = c.mission_id
                  WHERE cm.unit_id IS NOT NULL AND m.status = 'active' GROUP BY cm.unit_id),
            ini AS (SELECT u, count(*)::int AS n FROM (${ACTIVE}) i, unnest(i.unit_ids) u GROUP BY u)
       SELECT ou.id, ou.name, coalesce(cl.n, 0) AS clusters, coalesce(ini.n, 0) AS initiatives
       FROM org_units ou LEFT JOIN cl ON cl.unit_id = ou.id LEFT JOIN ini ON ini.u = ou.id
       WHERE cl.n > 0 OR ini.n > 0
       ORDER BY coalesce(cl.n, 0) + coalesce(ini.n, 0) DESC, ou.name LIMIT $1`,
      [unitLimit],
    ),
    db.query<{ key: ReviewDecision; n: number }>(
      `SELECT decision AS key, count(*)::int AS n FROM review_decisions WHERE decided_at >= $1 GROUP BY decision`,
      [since],
    ),
    db.query<{ title: string; cluster_name: string; decision: ReviewDecision; by_name: string; decided_at: Date }>(
      `SELECT i.title, c.name AS cluster_name, d.decision, p.name AS by_name, d.decided_at
       FROM review_decisions d JOIN initiatives i ON i.id = d.initiative_id JOIN clusters c ON c.id = i.cluster_id JOIN persons p ON p.id = d.decided_by_id
       WHERE d.decided_at >= $1 ORDER BY d.decided_at DESC LIMIT 5`,
      [since],
    ),
    db.query<{ key: string; n: number }>(
      `SELECT coalesce(details->>'to', 'concluded') AS key, count(*)::int AS n FROM audit_log
       WHERE action IN ('mission.decided', 'mission.concluded') AND at >= $1 GROUP BY 1`,
      [since],
    ),
    db.query<{ id: string; title: string; created_at: Date; total: number }>(
      `SELECT id, title, created_at, count(*) OVER ()::int AS total FROM missions WHERE status = 'proposed' ORDER BY created_at, id LIMIT 5`,
    ),
    answerTimes(db),
  ]);
  return {
    byTrack: tracks.rows,
    byProblem: problems.rows,
    unitLoad: units.rows.map((r) => ({
      unitId: r.id,
      unitName: r.name,
      clusters: r.clusters,
      initiatives: r.initiatives,
    })),
    reviewDecisions: counts(decisions.rows),
    recentDecisions: recent.rows.map((r) => ({
      initiativeTitle: r.title,
      clusterName: r.cluster_name,
      decision: r.decision,
      byName: r.by_name,
      at: r.decided_at,
    })),
    missionDecisions: counts(missions.rows),
    unanswered: {
      count: unanswered.rows[0]?.total ?? 0,
      oldest: unanswered.rows.map((r) => ({ id: r.id, title: r.title, createdAt: r.created_at })),
    },
    answerTime: answers,
  };
}

/** Learnings logged from `from` to `to` (the organisation's calendar days, both included), newest first. */
export async function digestLearnings(
  db: Queryable,
  from: string,
  to: string,
  timeZone: string,
  limit = 2000,
): Promise<DigestLearning[]> {
  const { rows } = await db.query<{
    id: string;
    title: string;
    kind: string;
    stage: string;
    cluster_name: string;
    track: string;
    problems: string[];
    author_name: string;
    origin: LearningOrigin;
    tried: string;
    happened: string;
    advice: string | null;
    created_at: Date;
  }>(
    `SELECT l.id, i.title, i.kind, i.stage, c.name AS cluster_name, m.track, i.problems, p.name AS author_name,
            l.origin, l.tried, l.happened, l.advice, l.created_at
     FROM learnings l JOIN initiatives i ON i.id = l.initiative_id JOIN clusters c ON c.id = i.cluster_id
     JOIN missions m ON m.id = c.mission_id JOIN persons p ON p.id = l.author_id
     WHERE l.created_at >= ($1::date)::timestamp AT TIME ZONE $3
       AND l.created_at < ($2::date + 1)::timestamp AT TIME ZONE $3
     ORDER BY l.created_at DESC, l.id LIMIT $4`,
    [from, to, timeZone, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    initiativeTitle: r.title,
    initiativeKind: r.kind,
    stage: r.stage,
    clusterName: r.cluster_name,
    track: r.track,
    problems: r.problems,
    authorName: r.author_name,
    origin: r.origin,
    tried: r.tried,
    happened: r.happened,
    advice: r.advice,
    createdAt: r.created_at,
  }));
}
