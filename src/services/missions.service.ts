import type pg from 'pg';
import type { Framework } from '../domain/framework.js';
import {
  AWAITING_DECISION,
  canTransition,
  validateDecisionReason,
  validateMissionInput,
  type Decision,
  type FieldErrorCode,
  type FieldErrors,
} from '../domain/mission.js';
import type { Notice } from '../domain/notice.js';
import { canDecideMissions } from '../domain/roles.js';
import { withTransaction } from '../store/database.js';
import { appendAudit } from '../store/audit.repository.js';
import {
  addSupporter,
  applyDecision,
  countMissions,
  getMissionView,
  listMissions,
  proposeMission,
  type MissionFilter,
} from '../store/missions.repository.js';
import type { MissionView, Page } from '../views/missions.js';
import { enqueueOutbox } from '../store/outbox.repository.js';
import { follow } from '../store/follows.repository.js';
import { clusterIdsOfMission, touchClusters } from '../store/clusters.repository.js';
import type { ChannelScheduler, DeliveryScheduler, Viewer } from '../ports/services.port.js';

/** Ten proposals a page in the queue: a new one is found without paging far (filters and "newest first" help too). */
export const QUEUE_PAGE_SIZE = 10;

export interface QueueState {
  page: number;
  track?: string;
  problem?: string;
  order?: 'oldest' | 'newest';
}

export interface DecisionQueue extends Page<MissionView> {
  /** Proposals waiting in all. */
  waiting: number;
  /** Of those, the ones the filter shows. */
  matching: number;
}

export const PAGE_SIZE = 5;

export type ProposeResult = { ok: true; mission: MissionView; created: boolean } | { ok: false; errors: FieldErrors };
export type SupportResult = 'added' | 'already' | 'notFound';
export type ConcludeResult =
  | { ok: true; mission: MissionView }
  | { ok: false; reason: 'forbidden' | 'notFound' | 'notActive' | 'invalidReason'; mission?: MissionView };
export type DecideResult =
  | { ok: true; mission: MissionView }
  | { ok: false; reason: 'forbidden' | 'notFound' }
  | { ok: false; reason: 'alreadyDecided'; mission: MissionView }
  | { ok: false; reason: 'invalidReason'; error: FieldErrorCode };

export interface MissionServiceDeps {
  pool: pg.Pool;
  framework: Framework;
  scheduler: DeliveryScheduler & ChannelScheduler;
  /** The answer deadline: a proposal should be decided within this many days (DECISION_REMINDER_DAYS). */
  answerDays: number;
}

const DAY_MS = 86_400_000;

/** A waiting proposal's answer clock: how long it has waited, and its deadline. */
export function withAnswerClock(m: MissionView, answerDays: number, now = new Date()): MissionView {
  if (m.status !== 'proposed') return m;
  const deadline = new Date(m.createdAt.getTime() + answerDays * DAY_MS);
  const waitedDays = Math.max(0, (now.getTime() - m.createdAt.getTime()) / DAY_MS);
  return { ...m, answer: { waitedDays, deadline, overdue: now.getTime() > deadline.getTime() } };
}

export type MissionService = ReturnType<typeof createMissionService>;

export function createMissionService({ pool, framework, scheduler, answerDays }: MissionServiceDeps) {
  const clocked = <P extends Page<MissionView>>(page: P): P => ({
    ...page,
    items: page.items.map((m) => withAnswerClock(m, answerDays)),
  });
  return {
    /** The submission key comes from the form card, so a double click or a retried activity finds the first mission. */
    async propose(viewer: Viewer, submissionKey: string, raw: Record<string, unknown>): Promise<ProposeResult> {
      const checked = validateMissionInput(framework, raw);
      if (!checked.ok) return checked;
      const { mission, created } = await proposeMission(
        pool,
        `${viewer.id}:${submissionKey}`,
        viewer.id,
        checked.value,
      );
      return { ok: true, mission, created };
    },

    async get(viewer: Viewer, missionId: string): Promise<MissionView | undefined> {
      const m = await getMissionView(pool, missionId, viewer.id);
      return m && withAnswerClock(m, answerDays);
    },

    async list(
      viewer: Viewer,
      scope: 'mine' | 'all',
      filter: Pick<MissionFilter, 'track' | 'problem'>,
      page: number,
    ): Promise<Page<MissionView>> {
      const f: MissionFilter =
        scope === 'mine'
          ? { ...filter, proposerOrSupporterId: viewer.id }
          : { ...filter, statuses: ['proposed', 'concretising', 'active', 'concluded'] };
      return clocked(await listMissions(pool, viewer.id, f, page, PAGE_SIZE));
    },

    async support(viewer: Viewer, missionId: string): Promise<SupportResult> {
      return withTransaction(pool, async (tx) => {
        const mission = await getMissionView(tx, missionId, viewer.id);
        if (!mission || mission.status === 'declined') return 'notFound';
        if (!(await addSupporter(tx, missionId, viewer.id))) return 'already';
        // Supporters follow the mission from now on (they can stop: "Følg ikke længere").
        await follow(tx, viewer.id, 'mission', missionId, 'supported');
        await appendAudit(tx, {
          actorId: viewer.id,
          action: 'mission.supported',
          entity: 'mission',
          entityId: missionId,
        });
        return 'added';
      });
    },

    /**
     * "Til beslutning": the proposals that wait, ten a page, longest waiting first (or newest first), by
     * track and hard problem; with how many wait in all and how many the filter shows.
     */
    async decisionQueue(viewer: Viewer, state: QueueState): Promise<DecisionQueue | 'forbidden'> {
      if (!canDecideMissions(viewer.roles)) return 'forbidden';
      const filter = { statuses: AWAITING_DECISION, track: state.track, problem: state.problem };
      const [page, waiting, matching] = await Promise.all([
        listMissions(pool, viewer.id, filter, state.page, QUEUE_PAGE_SIZE, state.order ?? 'oldest'),
        countMissions(pool, { statuses: AWAITING_DECISION }),
        state.track || state.problem ? countMissions(pool, filter) : undefined,
      ]);
      return { ...clocked(page), waiting, matching: matching ?? waiting };
    },

    async decide(
      viewer: Viewer,
      missionId: string,
      decision: Decision,
      reason: string | undefined,
    ): Promise<DecideResult> {
      if (!canDecideMissions(viewer.roles)) return { ok: false, reason: 'forbidden' };
      const reasonError = validateDecisionReason(decision, reason);
      if (reasonError) return { ok: false, reason: 'invalidReason', error: reasonError };
      const text = reason?.trim() || null;
      const result = await withTransaction(pool, async (tx): Promise<DecideResult & { outboxId?: string }> => {
        const before = await getMissionView(tx, missionId, viewer.id);
        if (!before) return { ok: false, reason: 'notFound' };
        const from = AWAITING_DECISION.filter((s) => canTransition(s, decision));
        if (!(await applyDecision(tx, missionId, from, decision, text, viewer.id))) {
          return { ok: false, reason: 'alreadyDecided', mission: before };
        }
        await appendAudit(tx, {
          actorId: viewer.id,
          action: 'mission.decided',
          entity: 'mission',
          entityId: missionId,
          details: { from: before.status, to: decision, reason: text },
        });
        const notice: Notice = {
          kind: 'missionDecided',
          missionId,
          title: before.title,
          decision,
          reason: text,
          deciderName: viewer.name,
        };
        const outboxId = await enqueueOutbox(tx, `mission:${missionId}:decided:${decision}`, before.proposerId, notice);
        const mission = (await getMissionView(tx, missionId, viewer.id))!;
        return { ok: true, mission, outboxId };
      });
      if (result.ok && result.outboxId) await scheduler.deliverSoon([result.outboxId]);
      return result;
    },

    /** Ends an active mission: the proposer is told, and every cluster's status card shows it. */
    async conclude(viewer: Viewer, missionId: string, reason: string | undefined): Promise<ConcludeResult> {
      if (!canDecideMissions(viewer.roles)) return { ok: false, reason: 'forbidden' };
      const text = reason?.trim() || null;
      if (text && text.length > 1000) return { ok: false, reason: 'invalidReason' };
      const result = await withTransaction(pool, async (tx) => {
        const before = await getMissionView(tx, missionId, viewer.id);
        if (!before) return { ok: false as const, reason: 'notFound' as const };
        if (!(await applyDecision(tx, missionId, ['active'], 'concluded', text, viewer.id)))
          return { ok: false as const, reason: 'notActive' as const, mission: before };
        await appendAudit(tx, {
          actorId: viewer.id,
          action: 'mission.concluded',
          entity: 'mission',
          entityId: missionId,
          details: { reason: text },
        });
        const notice: Notice = {
          kind: 'missionDecided',
          missionId,
          title: before.title,
          decision: 'concluded',
          reason: text,
          deciderName: viewer.name,
        };
        const outboxId = await enqueueOutbox(tx, `mission:${missionId}:concluded`, before.proposerId, notice);
        const clusterIds = await clusterIdsOfMission(tx, missionId);
        await touchClusters(tx, clusterIds, false);
        return { ok: true as const, mission: (await getMissionView(tx, missionId, viewer.id))!, outboxId, clusterIds };
      });
      if (!result.ok) return result;
      if (result.outboxId) await scheduler.deliverSoon([result.outboxId]);
      await scheduler.syncChannelsSoon(result.clusterIds);
      return { ok: true, mission: result.mission };
    },
  };
}
