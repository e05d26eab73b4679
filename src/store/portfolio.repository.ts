import type { InitiativeInput, LearningInput, Stage } from '../domain/portfolio.js';
import type { Selectable } from 'kysely';
import type { Queryable } from './database.js';
import { all, first, now, q, run } from './query.js';
import type { InitiativesTable, PortfolioReviewsTable } from './schema.js';
import { isUuid } from './missions.repository.js';
import type { InitiativeView, Learning, LearningOrigin, ReviewDecisionView, ReviewView } from '../views/portfolio.js';

const INITIATIVE_SELECT = `
  SELECT i.*, to_char(i.next_review_on, 'YYYY-MM-DD') AS next_review, to_char(i.starts_on, 'YYYY-MM-DD') AS starts,
         c.name AS cluster_name, o.name AS owner_name,
         (SELECT count(*) FROM learnings l WHERE l.initiative_id = i.id) AS learning_count,
         (SELECT coalesce(json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name), '[]')
          FROM org_units u WHERE u.id = ANY(i.unit_ids)) AS units
  FROM initiatives i JOIN clusters c ON c.id = i.cluster_id JOIN persons o ON o.id = i.owner_id`;

/** A row of INITIATIVE_SELECT. */
type InitiativeRow = Selectable<InitiativesTable> & {
  next_review: string;
  starts: string | null;
  cluster_name: string;
  owner_name: string;
  learning_count: number;
  units: { id: string; name: string }[];
};

function toInitiative(r: InitiativeRow): InitiativeView {
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
  const inserted = await first(
    db,
    q
      .insertInto('initiatives')
      .values({
        submission_key: submissionKey,
        cluster_id: clusterId,
        kind: v.kind,
        title: v.title,
        hypothesis: v.hypothesis,
        problems: v.problems,
        owner_id: v.owner,
        unit_ids: v.units,
        starts_on: v.startsOn ?? null,
        next_review_on: v.nextReviewOn,
        created_by_id: createdById,
      })
      .onConflict((oc) => oc.column('submission_key').doNothing())
      .returning('id'),
  );
  if (inserted) return { id: inserted.id, created: true };
  const existing = await all(db, q.selectFrom('initiatives').select('id').where('submission_key', '=', submissionKey));
  // The insert met this key, so its initiative is there.
  return { id: existing[0].id, created: false };
}

export async function getInitiative(db: Queryable, id: string): Promise<InitiativeView | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await db.query<InitiativeRow>(`${INITIATIVE_SELECT} WHERE i.id = $1`, [id]);
  return rows[0] ? toInitiative(rows[0]) : undefined;
}

const STAGE_ORDER = `array_position(ARRAY['evaluating','running','idea','scaled','continued','stopped'], i.stage)`;

/** A cluster's portfolio: open initiatives first (those nearest a decision first), then the settled ones. */
export async function listPortfolio(db: Queryable, clusterId: string): Promise<InitiativeView[]> {
  if (!isUuid(clusterId)) return [];
  const { rows } = await db.query<InitiativeRow>(
    `${INITIATIVE_SELECT} WHERE i.cluster_id = $1 ORDER BY ${STAGE_ORDER}, i.next_review_on, i.created_at, i.id`,
    [clusterId],
  );
  return rows.map(toInitiative);
}

/** Moves the stage only from the stage the user saw; false when someone else moved it first. */
/** Initiatives in the clusters a person belongs to, open ones first: what they can log a learning on. */
export async function listMemberInitiatives(db: Queryable, personId: string, limit: number): Promise<InitiativeView[]> {
  const { rows } = await db.query<InitiativeRow>(
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
  const moved = await run(
    db,
    q
      .updateTable('initiatives')
      .set({
        stage: to,
        stage_changed_at: now,
        updated_at: now,
        ...(nextReviewOn ? { next_review_on: nextReviewOn } : {}),
      })
      .where('id', '=', id)
      .where('stage', '=', from),
  );
  return moved === 1;
}

export async function insertLearning(
  db: Queryable,
  submissionKey: string,
  initiativeId: string,
  authorId: string,
  v: LearningInput,
  origin: LearningOrigin = 'logged',
): Promise<boolean> {
  const inserted = await run(
    db,
    q
      .insertInto('learnings')
      .values({
        submission_key: submissionKey,
        initiative_id: initiativeId,
        author_id: authorId,
        tried: v.tried,
        happened: v.happened,
        advice: v.advice ?? null,
        origin,
      })
      .onConflict((oc) => oc.column('submission_key').doNothing()),
  );
  return inserted === 1;
}

export async function listLearnings(db: Queryable, initiativeId: string, limit: number): Promise<Learning[]> {
  const rows = await all(
    db,
    q
      .selectFrom('learnings as l')
      .innerJoin('persons as p', 'p.id', 'l.author_id')
      .selectAll('l')
      .select('p.name as author_name')
      .where('l.initiative_id', '=', initiativeId)
      .orderBy('l.created_at', 'desc')
      .orderBy('l.id')
      .limit(limit),
  );
  return rows.map((r) => ({
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
  // Raw: the conflict target is a partial unique index (one open review per cluster).
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO portfolio_reviews (cluster_id, trigger, due_on, opened_by_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (cluster_id) WHERE closed_at IS NULL DO NOTHING RETURNING id`,
    [clusterId, trigger, dueOn, openedById],
  );
  if (inserted.rows[0]) return { id: inserted.rows[0].id, created: true };
  const open = await all(
    db,
    q.selectFrom('portfolio_reviews').select('id').where('cluster_id', '=', clusterId).where('closed_at', 'is', null),
  );
  // The insert met the open review, so it is there.
  return { id: open[0].id, created: false };
}

export async function getReview(db: Queryable, reviewId: string): Promise<ReviewView | undefined> {
  if (!isUuid(reviewId)) return undefined;
  const { rows } = await db.query<
    Selectable<PortfolioReviewsTable> & {
      due: string;
      closed_by_name: string | null;
      /** json_build_object: the time as an ISO string. */
      decisions: (Omit<ReviewDecisionView, 'decidedAt'> & { decidedAt: string })[];
    }
  >(
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
    decisions: r.decisions.map((d) => ({ ...d, decidedAt: new Date(d.decidedAt) })),
  };
}

/**
 * Records (or changes, while the review is open) the decision on one initiative. The stage it had when
 * the review first decided on it is kept, so changing one's mind recomputes from there.
 */
export async function recordDecision(
  db: Queryable,
  d: Omit<ReviewDecisionView, 'decidedByName' | 'decidedAt'> & { reviewId: string; decidedById: string },
): Promise<void> {
  await run(
    db,
    q
      .insertInto('review_decisions')
      .values({
        review_id: d.reviewId,
        initiative_id: d.initiativeId,
        relevant: d.relevant,
        can_cope: d.canCope,
        decision: d.decision,
        rationale: d.rationale,
        stage_before: d.stageBefore,
        stage_after: d.stageAfter,
        decided_by_id: d.decidedById,
      })
      // stage_before stays as first recorded.
      .onConflict((oc) =>
        oc.columns(['review_id', 'initiative_id']).doUpdateSet((eb) => ({
          relevant: eb.ref('excluded.relevant'),
          can_cope: eb.ref('excluded.can_cope'),
          decision: eb.ref('excluded.decision'),
          rationale: eb.ref('excluded.rationale'),
          stage_after: eb.ref('excluded.stage_after'),
          decided_by_id: eb.ref('excluded.decided_by_id'),
          decided_at: now,
        })),
      ),
  );
}

/** The stage an initiative had before this review decided on it, if it has. */
export async function stageBeforeReview(
  db: Queryable,
  reviewId: string,
  initiativeId: string,
): Promise<Stage | undefined> {
  const row = await first(
    db,
    q
      .selectFrom('review_decisions')
      .select('stage_before')
      .where('review_id', '=', reviewId)
      .where('initiative_id', '=', initiativeId),
  );
  // Written by recordDecision from a Stage.
  return row?.stage_before as Stage | undefined;
}

export async function setStage(db: Queryable, initiativeId: string, stage: Stage, nextReviewOn: string): Promise<void> {
  await run(
    db,
    q
      .updateTable('initiatives')
      .set((eb) => ({
        stage,
        next_review_on: nextReviewOn,
        updated_at: now,
        stage_changed_at: eb.case().when('stage', '=', stage).then(eb.ref('stage_changed_at')).else(now).end(),
      }))
      .where('id', '=', initiativeId),
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
  const closed = await first(
    db,
    q
      .updateTable('portfolio_reviews')
      .set({ closed_at: now, closed_by_id: closedById, room_for_new: roomForNew, note })
      .where('id', '=', reviewId)
      .where('closed_at', 'is', null)
      .returning('cluster_id'),
  );
  if (!closed) return false;
  await run(db, q.updateTable('clusters').set({ next_review_on: nextReviewOn }).where('id', '=', closed.cluster_id));
  return true;
}

/** The cluster an initiative belongs to (links to an initiative open its cluster's tab). */
export async function clusterOfInitiative(db: Queryable, id: string): Promise<string | undefined> {
  if (!isUuid(id)) return undefined;
  return (await first(db, q.selectFrom('initiatives').select('cluster_id').where('id', '=', id)))?.cluster_id;
}
