import type pg from 'pg';
import type { ClusterConfig } from '../config.js';
import type { Framework } from '../domain/framework.js';
import {
  addDays,
  canEditPortfolio,
  canLeadReview,
  canMoveStage,
  FINAL_STAGES,
  isOpen,
  localDate,
  stageAfterDecision,
  validateInitiativeInput,
  validateLearningInput,
  validateReviewClose,
  validateReviewDecision,
  type PortfolioFieldErrors,
  type Stage,
} from '../domain/portfolio.js';
import { appendAudit } from '../store/audit.repository.js';
import { getClusterView, touchClusters } from '../store/clusters.repository.js';
import type { ClusterView } from '../views/clusters.js';
import { withTransaction, type Queryable } from '../store/database.js';
import { findPerson } from '../store/people.repository.js';
import {
  closeReview,
  getInitiative,
  getReview,
  insertInitiative,
  insertLearning,
  listLearnings,
  listMemberInitiatives,
  listPortfolio,
  moveStage,
  openReview,
  recordDecision,
  setStage,
  stageBeforeReview,
} from '../store/portfolio.repository.js';
import type { InitiativeView, Learning, ReviewView } from '../views/portfolio.js';
import { unitChoices } from '../store/board.repository.js';
import type { ChannelScheduler, DeliveryScheduler, Viewer } from '../ports/services.port.js';
import { enqueueChannelPost } from '../store/outbox.repository.js';
import type { Notice } from '../domain/notice.js';

export interface PortfolioServiceDeps {
  pool: pg.Pool;
  framework: Framework;
  config: ClusterConfig;
  timeZone: string;
  scheduler: ChannelScheduler & DeliveryScheduler;
  now?: () => Date;
}

export interface PortfolioPage {
  cluster: ClusterView;
  initiatives: InitiativeView[];
  review: ReviewView | null;
  canEdit: boolean;
  canLead: boolean;
}

export interface InitiativePage {
  cluster: ClusterView;
  initiative: InitiativeView;
  learnings: Learning[];
  canEdit: boolean;
}

type Refusal = { ok: false; reason: 'notFound' | 'forbidden' | 'closed' | 'moved' | 'reviewOnly' };
type Invalid = { ok: false; errors: PortfolioFieldErrors };
export type PortfolioResult<T extends object = Record<never, never>> = ({ ok: true } & T) | Refusal | Invalid;

export type PortfolioService = ReturnType<typeof createPortfolioService>;

/** A cluster's portfolio: initiatives, what was learned, and the reviews that continue, scale or stop them. */
export function createPortfolioService({
  pool,
  framework,
  config,
  timeZone,
  scheduler,
  now = () => new Date(),
}: PortfolioServiceDeps) {
  const today = () => localDate(now(), timeZone);
  const memberIds = (c: ClusterView) => c.members.map((m) => m.personId);
  const mayEdit = (viewer: Viewer, c: ClusterView) =>
    canEditPortfolio(viewer.roles, viewer.id, { memberIds: memberIds(c) });

  /** One transaction with the change, its audit entry and the cluster's version bump; the status card follows. */
  async function change<T>(clusterId: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const result = await withTransaction(pool, async (tx) => {
      const r = await fn(tx);
      await touchClusters(tx, [clusterId], false);
      return r;
    });
    await scheduler.syncChannelsSoon([clusterId]);
    return result;
  }

  async function editable(viewer: Viewer, clusterId: string): Promise<ClusterView | Refusal> {
    const cluster = await getClusterView(pool, clusterId);
    if (!cluster) return { ok: false, reason: 'notFound' };
    return mayEdit(viewer, cluster) ? cluster : { ok: false, reason: 'forbidden' };
  }

  async function initiativeInCluster(
    viewer: Viewer,
    initiativeId: string,
  ): Promise<{ cluster: ClusterView; initiative: InitiativeView } | Refusal> {
    const initiative = await getInitiative(pool, initiativeId);
    if (!initiative) return { ok: false, reason: 'notFound' };
    const cluster = await editable(viewer, initiative.clusterId);
    if ('ok' in cluster) return cluster;
    return { cluster, initiative };
  }

  async function units(): Promise<{ id: string; name: string }[]> {
    return unitChoices(pool, 300);
  }

  return {
    today,
    units,

    async portfolio(viewer: Viewer, clusterId: string): Promise<PortfolioPage | undefined> {
      const cluster = await getClusterView(pool, clusterId);
      if (!cluster) return undefined;
      const [initiatives, review] = await Promise.all([
        listPortfolio(pool, clusterId),
        cluster.openReview ? getReview(pool, cluster.openReview.id) : Promise.resolve(undefined),
      ]);
      return {
        cluster,
        initiatives,
        review: review ?? null,
        canEdit: mayEdit(viewer, cluster),
        canLead: canLeadReview(viewer.roles, viewer.id, cluster),
      };
    },

    async initiative(viewer: Viewer, initiativeId: string): Promise<InitiativePage | undefined> {
      const initiative = await getInitiative(pool, initiativeId);
      if (!initiative) return undefined;
      const cluster = (await getClusterView(pool, initiative.clusterId))!;
      return {
        cluster,
        initiative,
        learnings: await listLearnings(pool, initiativeId, 5),
        canEdit: mayEdit(viewer, cluster),
      };
    },

    /** The form's id is the submission key, so a double click or a retried activity adds one initiative. */
    async addInitiative(
      viewer: Viewer,
      clusterId: string,
      formId: string,
      raw: Record<string, unknown>,
    ): Promise<PortfolioResult<{ initiativeId: string }>> {
      const cluster = await editable(viewer, clusterId);
      if ('ok' in cluster) return cluster;
      const checked = validateInitiativeInput(framework, today(), { ...raw, owner: raw.owner || viewer.id });
      if (!checked.ok) return checked;
      if (!(await findPerson(pool, checked.value.owner))) return { ok: false, errors: { owner: 'unknownPerson' } };
      const known = new Set((await units()).map((u) => u.id));
      if (checked.value.units.some((u) => !known.has(u))) return { ok: false, errors: { units: 'unknownChoice' } };
      const { id } = await change(clusterId, async (tx) => {
        const r = await insertInitiative(tx, `${viewer.id}:${formId}`, clusterId, viewer.id, checked.value);
        if (r.created)
          await appendAudit(tx, {
            actorId: viewer.id,
            action: 'initiative.added',
            entity: 'initiative',
            entityId: r.id,
            details: { clusterId },
          });
        return r;
      });
      return { ok: true, initiativeId: id };
    },

    /**
     * Moves an initiative along between reviews (idea → running → evaluating, or back to running).
     * Scaling, continuing and stopping are decided in a portfolio review, where the reasons are recorded.
     */
    async moveStage(viewer: Viewer, initiativeId: string, from: Stage, to: Stage): Promise<PortfolioResult> {
      const found = await initiativeInCluster(viewer, initiativeId);
      if ('ok' in found) return found;
      if (FINAL_STAGES.includes(to) || !canMoveStage(from, to)) return { ok: false, reason: 'reviewOnly' };
      const moved = await change(found.cluster.id, async (tx) => {
        if (!(await moveStage(tx, initiativeId, from, to))) return false;
        await appendAudit(tx, {
          actorId: viewer.id,
          action: 'initiative.stageMoved',
          entity: 'initiative',
          entityId: initiativeId,
          details: { from, to },
        });
        return true;
      });
      return moved ? { ok: true } : { ok: false, reason: 'moved' };
    },

    /** What the viewer can log a learning on from chat: initiatives in their clusters. */
    async learnable(viewer: Viewer): Promise<InitiativeView[]> {
      return listMemberInitiatives(pool, viewer.id, 100);
    },

    async logLearning(
      viewer: Viewer,
      initiativeId: string | undefined,
      formId: string,
      raw: Record<string, unknown>,
    ): Promise<PortfolioResult> {
      if (!initiativeId) {
        const checked = validateLearningInput(raw);
        return { ok: false, errors: { initiativeId: 'required', ...(checked.ok ? {} : checked.errors) } };
      }
      const found = await initiativeInCluster(viewer, initiativeId);
      if ('ok' in found) return found;
      const checked = validateLearningInput(raw);
      if (!checked.ok) return checked;
      await change(found.cluster.id, async (tx) => {
        if (await insertLearning(tx, `${viewer.id}:${formId}`, initiativeId, viewer.id, checked.value)) {
          await appendAudit(tx, {
            actorId: viewer.id,
            action: 'initiative.learningLogged',
            entity: 'initiative',
            entityId: initiativeId,
          });
        }
      });
      return { ok: true };
    },

    /** The coordinator opens a review now; if one is open already, that one is returned. */
    async startReview(
      viewer: Viewer,
      clusterId: string,
    ): Promise<PortfolioResult<{ reviewId: string; created: boolean }>> {
      const cluster = await getClusterView(pool, clusterId);
      if (!cluster) return { ok: false, reason: 'notFound' };
      if (!canLeadReview(viewer.roles, viewer.id, cluster)) return { ok: false, reason: 'forbidden' };
      const r = await change(clusterId, async (tx) => {
        const opened = await openReview(tx, clusterId, 'requested', today(), viewer.id);
        if (!opened.created) return { ...opened, postId: undefined };
        await appendAudit(tx, {
          actorId: viewer.id,
          action: 'review.opened',
          entity: 'cluster',
          entityId: clusterId,
          details: { reviewId: opened.id },
        });
        const openCount = (await listPortfolio(tx, clusterId)).filter((i) => isOpen(i.stage)).length;
        const notice: Notice = {
          kind: 'reviewOpened',
          clusterId,
          clusterName: cluster.name,
          reviewId: opened.id,
          openCount,
          trigger: 'requested',
        };
        // The review card is posted in the cluster's channel, so the whole cluster sees it has begun.
        return {
          ...opened,
          postId: await enqueueChannelPost(tx, `review-opened:${opened.id}:channel`, clusterId, notice),
        };
      });
      if (r.postId) await scheduler.deliverSoon([r.postId]);
      return { ok: true, reviewId: r.id, created: r.created };
    },

    async review(reviewId: string): Promise<ReviewView | undefined> {
      return getReview(pool, reviewId);
    },

    /**
     * Records a member's decision on one initiative in an open review and moves its stage. Deciding again in
     * the same review replaces the decision (the stage is recomputed from where the review found it).
     */
    async decide(
      viewer: Viewer,
      reviewId: string,
      initiativeId: string,
      raw: Record<string, unknown>,
    ): Promise<PortfolioResult> {
      const review = await getReview(pool, reviewId);
      if (!review) return { ok: false, reason: 'notFound' };
      const found = await initiativeInCluster(viewer, initiativeId);
      if ('ok' in found) return found;
      if (found.initiative.clusterId !== review.clusterId) return { ok: false, reason: 'notFound' };
      if (review.closedAt) return { ok: false, reason: 'closed' };
      const before = (await stageBeforeReview(pool, reviewId, initiativeId)) ?? found.initiative.stage;
      if (!isOpen(before)) return { ok: false, reason: 'moved' };
      const checked = validateReviewDecision(raw, found.initiative);
      if (!checked.ok) return checked;
      const d = checked.value;
      const after = stageAfterDecision(before, d.decision);
      const nextReview = addDays(today(), config.reviewDays);
      await change(review.clusterId, async (tx) => {
        if (d.learning) {
          await insertLearning(
            tx,
            `review:${reviewId}:${initiativeId}`,
            initiativeId,
            viewer.id,
            { tried: found.initiative.hypothesis, happened: d.learning, advice: d.rationale },
            'stopped',
          );
        }
        await recordDecision(tx, {
          reviewId,
          initiativeId,
          relevant: d.relevant === 'yes',
          canCope: d.canCope === 'yes',
          decision: d.decision,
          rationale: d.rationale,
          stageBefore: before,
          stageAfter: after,
          decidedById: viewer.id,
        });
        await setStage(tx, initiativeId, after, isOpen(after) ? nextReview : found.initiative.nextReviewOn);
        await appendAudit(tx, {
          actorId: viewer.id,
          action: 'review.decided',
          entity: 'initiative',
          entityId: initiativeId,
          details: { reviewId, decision: d.decision, from: before, to: after },
        });
      });
      return { ok: true };
    },

    /** Closes the review when every open initiative has its decision; sets the cluster's next review. */
    async closeReview(
      viewer: Viewer,
      reviewId: string,
      raw: Record<string, unknown>,
    ): Promise<PortfolioResult | { ok: false; reason: 'undecided'; count: number }> {
      const review = await getReview(pool, reviewId);
      if (!review) return { ok: false, reason: 'notFound' };
      const cluster = (await getClusterView(pool, review.clusterId))!;
      if (!canLeadReview(viewer.roles, viewer.id, cluster)) return { ok: false, reason: 'forbidden' };
      if (review.closedAt) return { ok: false, reason: 'closed' };
      const decided = new Set(review.decisions.map((d) => d.initiativeId));
      const undecided = (await listPortfolio(pool, review.clusterId)).filter(
        (i) => isOpen(i.stage) && !decided.has(i.id),
      ).length;
      if (undecided > 0) return { ok: false, reason: 'undecided', count: undecided };
      const checked = validateReviewClose(raw);
      if (!checked.ok) return checked;
      const closed = await change(review.clusterId, async (tx) => {
        const done = await closeReview(
          tx,
          reviewId,
          viewer.id,
          checked.value.roomForNew === 'yes',
          checked.value.note ?? null,
          addDays(today(), config.reviewDays),
        );
        if (done)
          await appendAudit(tx, {
            actorId: viewer.id,
            action: 'review.closed',
            entity: 'cluster',
            entityId: review.clusterId,
            details: { reviewId, roomForNew: checked.value.roomForNew },
          });
        return done;
      });
      return closed ? { ok: true } : { ok: false, reason: 'closed' };
    },
  };
}
