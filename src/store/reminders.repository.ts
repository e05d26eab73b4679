/** What the reminder clocks read: reminders already sent, and what is due. */
import type { Queryable } from './database.js';
import { q, run } from './query.js';

/** Marks a reminder as sent; true only the first time, so every reminder fires once however often we run. */
export async function firstTime(db: Queryable, key: string): Promise<boolean> {
  const inserted = await run(
    db,
    q
      .insertInto('reminders_sent')
      .values({ key })
      .onConflict((oc) => oc.doNothing()),
  );
  return inserted > 0;
}

export interface ClusterDueForReview {
  id: string;
  name: string;
  coordinatorId: string;
  /** The review day, YYYY-MM-DD. */
  due: string;
  openCount: number;
}

/** Clusters of active missions whose review day has come (`today`, YYYY-MM-DD) and that have no open review. */
export async function clustersDueForReview(db: Queryable, today: string): Promise<ClusterDueForReview[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    coordinator_id: string;
    due: string;
    open_count: number;
  }>(
    `SELECT c.id, c.name, c.coordinator_id, to_char(c.next_review_on, 'YYYY-MM-DD') AS due,
            (SELECT count(*)::int FROM initiatives i
              WHERE i.cluster_id = c.id AND i.stage IN ('idea', 'running', 'evaluating')) AS open_count
     FROM clusters c JOIN missions m ON m.id = c.mission_id
     WHERE c.next_review_on <= $1 AND m.status = 'active'
       AND NOT EXISTS (SELECT 1 FROM portfolio_reviews r WHERE r.cluster_id = c.id AND r.closed_at IS NULL)
     ORDER BY c.next_review_on, c.id`,
    [today],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    coordinatorId: r.coordinator_id,
    due: r.due,
    openCount: r.open_count,
  }));
}

export interface InitiativeToRemind {
  id: string;
  title: string;
  ownerId: string;
  clusterName: string;
}

/** Open initiatives past their review day, with that day (YYYY-MM-DD). */
export async function initiativesOverdue(
  db: Queryable,
  today: string,
): Promise<(InitiativeToRemind & { nextReviewOn: string })[]> {
  const { rows } = await db.query<{
    id: string;
    title: string;
    owner_id: string;
    cluster_name: string;
    next_review: string;
  }>(
    `SELECT i.id, i.title, i.owner_id, c.name AS cluster_name, to_char(i.next_review_on, 'YYYY-MM-DD') AS next_review
     FROM initiatives i JOIN clusters c ON c.id = i.cluster_id
     WHERE i.stage IN ('idea', 'running', 'evaluating') AND i.next_review_on < $1
     ORDER BY i.next_review_on, i.id`,
    [today],
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    ownerId: r.owner_id,
    clusterName: r.cluster_name,
    nextReviewOn: r.next_review,
  }));
}

/** Stopped initiatives that have no learning yet, longest stopped first. */
export async function stoppedWithoutLearning(db: Queryable): Promise<InitiativeToRemind[]> {
  const { rows } = await db.query<{ id: string; title: string; owner_id: string; cluster_name: string }>(
    `SELECT i.id, i.title, i.owner_id, c.name AS cluster_name
     FROM initiatives i JOIN clusters c ON c.id = i.cluster_id
     WHERE i.stage = 'stopped' AND NOT EXISTS (SELECT 1 FROM learnings l WHERE l.initiative_id = i.id)
     ORDER BY i.stage_changed_at, i.id`,
  );
  return rows.map((r) => ({ id: r.id, title: r.title, ownerId: r.owner_id, clusterName: r.cluster_name }));
}
