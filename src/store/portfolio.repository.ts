import type { InitiativeInput, InitiativeKind, LearningInput, ReviewDecision, Stage } from '../domain/portfolio.js';
import type { Queryable } from './database.js';
import { isUuid } from './missions.repository.js';

export interface InitiativeView {
  id: string;
  clusterId: string;
  clusterName: string;
  kind: InitiativeKind;
  title: string;
  hypothesis: string;
  problems: string[];
  ownerId: string;
  ownerName: string;
  units: { id: string; name: string }[];
  stage: Stage;
  startsOn: string | null;
  nextReviewOn: string;
  learningCount: number;
  createdAt: Date;
}

/** Logged by a member, or written with a review's decision to stop (tried = the hypothesis, advice = why it stopped). */
export type LearningOrigin = 'logged' | 'stopped';

export interface Learning {
  id: string;
  initiativeId: string;
  origin: LearningOrigin;
  authorName: string;
  tried: string;
  happened: string;
  advice: string | null;
  createdAt: Date;
}

export interface ReviewDecisionView {
  initiativeId: string;
  relevant: boolean;
  canCope: boolean;
  decision: ReviewDecision;
  rationale: string;
  stageBefore: Stage;
  stageAfter: Stage;
  decidedByName: string;
  decidedAt: Date;
}

export interface ReviewView {
  id: string;
  clusterId: string;
  trigger: 'cadence' | 'requested';
  dueOn: string;
  openedAt: Date;
  closedAt: Date | null;
  closedByName: string | null;
  roomForNew: boolean | null;
  note: string | null;
  decisions: ReviewDecisionView[];
}

const INITIATIVE_SELECT = `
  SELECT i.*, to_char(i.next_review_on, 'YYYY-MM-DD') AS next_review, to_char(i.starts_on, 'YYYY-MM-DD') AS starts,
         c.name AS cluster_name, o.name AS owner_name,
         (SELECT count(*) FROM learnings l WHERE l.initiative_id = i.id) AS learning_count,
         (SELECT coalesce(json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name), '[]')
          FROM org_units u WHERE u.id = ANY(i.unit_ids)) AS units
  FROM initiatives i JOIN clusters c ON c.id = i.cluster_id JOIN persons o ON o.id = i.owner_id`;

function toInitiative(r: any): InitiativeView {
  return {
    id: r.id,
    clusterId: r.cluster_id,
    clusterName: r.cluster_name,
    kind: r.kind,
    title: r.title,
    hypothesis: r.hypothesis,
    problems: r.problems,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    units: r.units,
    stage: r.stage,
    startsOn: r.starts,
    nextReviewOn: r.next_review,
    learningCount: Number(r.learning_count),
    createdAt: r.created_at,
  };
}

/** Inserts once per submission key; a repeated submit returns the initiative the first one created. */
export async function insertInitiative(
  db: Queryable,
  submissionKey: string,
  clusterId: string,
  createdById: string,
  v: InitiativeInput,
): Promise<{ id: string; created: boolean }> {
  const inserted = await db.query(
    `INSERT INTO initiatives (submission_key, cluster_id, kind, title, hypothesis, problems, owner_id, unit_ids, starts_on, next_review_on, created_by_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (submission_key) DO NOTHING RETURNING id`,
    [
      submissionKey,
      clusterId,
      v.kind,
      v.title,
      v.hypothesis,
      v.problems,
      v.owner,
      v.units,
      v.startsOn ?? null,
      v.nextReviewOn,
      createdById,
    ],
  );
  if (inserted.rows[0]) return { id: inserted.rows[0].id, created: true };
  const existing = await db.query('SELECT id FROM initiatives WHERE submission_key = $1', [submissionKey]);
  return { id: existing.rows[0].id, created: false };
}

export async function getInitiative(db: Queryable, id: string): Promise<InitiativeView | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await db.query(`${INITIATIVE_SELECT} WHERE i.id = $1`, [id]);
  return rows[0] ? toInitiative(rows[0]) : undefined;
}

const STAGE_ORDER = `array_position(ARRAY['evaluating','running','idea','scaled','continued','stopped'], i.stage)`;

/** A cluster's portfolio: open initiatives first (those nearest a decision first), then the settled ones. */
export async function listPortfolio(db: Queryable, clusterId: string): Promise<InitiativeView[]> {
  if (!isUuid(clusterId)) return [];
  const { rows } = await db.query(
    `${INITIATIVE_SELECT} WHERE i.cluster_id = $1 ORDER BY ${STAGE_ORDER}, i.next_review_on, i.created_at, i.id`,
    [clusterId],
  );
  return rows.map(toInitiative);
}

/** Moves the stage only from the stage the user saw; false when someone else moved it first. */
/** Initiatives in the clusters a person belongs to, open ones first: what they can log a learning on. */
export async function listMemberInitiatives(db: Queryable, personId: string, limit: number): Promise<InitiativeView[]> {
  const { rows } = await db.query(
    `${INITIATIVE_SELECT}
     WHERE i.cluster_id IN (SELECT cluster_id FROM cluster_members WHERE person_id = $1)
     ORDER BY (i.stage IN ('idea', 'running', 'evaluating')) DESC, c.name, i.title LIMIT $2`,
    [personId, limit],
  );
  return rows.map(toInitiative);
}

export async function moveStage(
  db: Queryable,
  id: string,
  from: Stage,
  to: Stage,
  nextReviewOn?: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE initiatives SET stage = $3, stage_changed_at = now(), updated_at = now(), next_review_on = coalesce($4::date, next_review_on)
     WHERE id = $1 AND stage = $2`,
    [id, from, to, nextReviewOn ?? null],
  );
  return rowCount === 1;
}

export async function insertLearning(
  db: Queryable,
  submissionKey: string,
  initiativeId: string,
  authorId: string,
  v: LearningInput,
  origin: LearningOrigin = 'logged',
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO learnings (submission_key, initiative_id, author_id, tried, happened, advice, origin)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (submission_key) DO NOTHING`,
    [submissionKey, initiativeId, authorId, v.tried, v.happened, v.advice ?? null, origin],
  );
  return rowCount === 1;
}

export async function listLearnings(db: Queryable, initiativeId: string, limit: number): Promise<Learning[]> {
  const { rows } = await db.query(
    `SELECT l.*, p.name AS author_name FROM learnings l JOIN persons p ON p.id = l.author_id
     WHERE l.initiative_id = $1 ORDER BY l.created_at DESC, l.id LIMIT $2`,
    [initiativeId, limit],
  );
  return rows.map((r: any) => ({
    id: r.id,
    initiativeId: r.initiative_id,
    origin: r.origin,
    authorName: r.author_name,
    tried: r.tried,
    happened: r.happened,
    advice: r.advice,
    createdAt: r.created_at,
  }));
}

/** Opens the cluster's review, or returns the one already open (one open review per cluster). */
export async function openReview(
  db: Queryable,
  clusterId: string,
  trigger: 'cadence' | 'requested',
  dueOn: string,
  openedById: string | null,
): Promise<{ id: string; created: boolean }> {
  const inserted = await db.query(
    `INSERT INTO portfolio_reviews (cluster_id, trigger, due_on, opened_by_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (cluster_id) WHERE closed_at IS NULL DO NOTHING RETURNING id`,
    [clusterId, trigger, dueOn, openedById],
  );
  if (inserted.rows[0]) return { id: inserted.rows[0].id, created: true };
  const open = await db.query('SELECT id FROM portfolio_reviews WHERE cluster_id = $1 AND closed_at IS NULL', [
    clusterId,
  ]);
  return { id: open.rows[0].id, created: false };
}

export async function getReview(db: Queryable, reviewId: string): Promise<ReviewView | undefined> {
  if (!isUuid(reviewId)) return undefined;
  const { rows } = await db.query(
    `SELECT r.*, to_char(r.due_on, 'YYYY-MM-DD') AS due, cp.name AS closed_by_name,
            (SELECT coalesce(json_agg(json_build_object('initiativeId', d.initiative_id, 'relevant', d.relevant, 'canCope', d.can_cope,
                      'decision', d.decision, 'rationale', d.rationale, 'stageBefore', d.stage_before, 'stageAfter', d.stage_after,
                      'decidedByName', dp.name, 'decidedAt', d.decided_at) ORDER BY d.decided_at), '[]')
             FROM review_decisions d JOIN persons dp ON dp.id = d.decided_by_id WHERE d.review_id = r.id) AS decisions
     FROM portfolio_reviews r LEFT JOIN persons cp ON cp.id = r.closed_by_id WHERE r.id = $1`,
    [reviewId],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: r.id,
    clusterId: r.cluster_id,
    trigger: r.trigger,
    dueOn: r.due,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    closedByName: r.closed_by_name,
    roomForNew: r.room_for_new,
    note: r.note,
    decisions: r.decisions.map((d: any) => ({ ...d, decidedAt: new Date(d.decidedAt) })),
  };
}

/**
 * Records (or changes, while the review is open) the decision on one initiative. The stage it had when
 * the review first decided on it is kept, so changing one's mind recomputes from there.
 */
export async function recordDecision(
  db: Queryable,
  d: {
    reviewId: string;
    initiativeId: string;
    relevant: boolean;
    canCope: boolean;
    decision: ReviewDecision;
    rationale: string;
    stageBefore: Stage;
    stageAfter: Stage;
    decidedById: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO review_decisions (review_id, initiative_id, relevant, can_cope, decision, rationale, stage_before, stage_after, decided_by_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (review_id, initiative_id) DO UPDATE SET relevant = EXCLUDED.relevant, can_cope = EXCLUDED.can_cope,
       decision = EXCLUDED.decision, rationale = EXCLUDED.rationale, stage_after = EXCLUDED.stage_after,
       decided_by_id = EXCLUDED.decided_by_id, decided_at = now()`,
    [
      d.reviewId,
      d.initiativeId,
      d.relevant,
      d.canCope,
      d.decision,
      d.rationale,
      d.stageBefore,
      d.stageAfter,
      d.decidedById,
    ],
  );
}

/** The stage an initiative had before this review decided on it, if it has. */
export async function stageBeforeReview(
  db: Queryable,
  reviewId: string,
  initiativeId: string,
): Promise<Stage | undefined> {
  const { rows } = await db.query(
    'SELECT stage_before FROM review_decisions WHERE review_id = $1 AND initiative_id = $2',
    [reviewId, initiativeId],
  );
  return rows[0]?.stage_before;
}

export async function setStage(db: Queryable, initiativeId: string, stage: Stage, nextReviewOn: string): Promise<void> {
  await db.query(
    `UPDATE initiatives SET stage = $2, next_review_on = $3, updated_at = now(),
       stage_changed_at = CASE WHEN stage = $2 THEN stage_changed_at ELSE now() END
     WHERE id = $1`,
    [initiativeId, stage, nextReviewOn],
  );
}

/** Closes the review once; false when it was already closed. Also sets the cluster's next review. */
export async function closeReview(
  db: Queryable,
  reviewId: string,
  closedById: string,
  roomForNew: boolean,
  note: string | null,
  nextReviewOn: string,
): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE portfolio_reviews SET closed_at = now(), closed_by_id = $2, room_for_new = $3, note = $4
     WHERE id = $1 AND closed_at IS NULL RETURNING cluster_id`,
    [reviewId, closedById, roomForNew, note],
  );
  if (!rows[0]) return false;
  await db.query('UPDATE clusters SET next_review_on = $2 WHERE id = $1', [rows[0].cluster_id, nextReviewOn]);
  return true;
}
