import type pg from 'pg';
import {
  canFormCluster,
  canManageCluster,
  firstReviewDate,
  validateClusterInput,
  validateExternalInput,
  type ClusterFieldErrors,
} from '../domain/cluster.js';
import type { ClusterConfig } from '../config.js';
import { appendAudit } from '../store/audit.repository.js';
import { insertChannelRecord } from '../store/channels.repository.js';
import { WAITING } from '../domain/channel-waiting.js';
import {
  addMember,
  deleteExternal,
  getClusterView,
  insertCluster,
  insertExternal,
  listClusters,
  removeMember,
  setCoordinator,
  touchClusters,
  type ClusterFilter,
} from '../store/clusters.repository.js';
import type { ClusterSummary, ClusterView } from '../views/clusters.js';
import type { Queryable } from '../store/database.js';
import { withTransaction } from '../store/database.js';
import { getMissionView, isUuid, listMissions } from '../store/missions.repository.js';
import type { MissionView, Page } from '../views/missions.js';
import { findPerson, findPersonByEmail, type Person } from '../store/people.repository.js';
import type { ChannelScheduler, Viewer } from '../ports/services.port.js';

export const CLUSTER_PAGE_SIZE = 5;

export type FormResult =
  | { ok: true; clusterId: string; created: boolean }
  | { ok: false; errors: ClusterFieldErrors }
  | { ok: false; reason: 'forbidden' | 'missionNotFound' };
export type MemberChange =
  'done' | 'already' | 'notFound' | 'forbidden' | 'unknownPerson' | 'isCoordinator' | 'notMember';

export interface ClusterServiceDeps {
  pool: pg.Pool;
  config: ClusterConfig;
  timeZone: string;
  scheduler: ChannelScheduler;
  /** Graph has credentials: without them a new cluster's channel waits from the start. */
  graphConfigured: boolean;
}

export type ClusterService = ReturnType<typeof createClusterService>;

/** Forming, finding, joining and managing clusters. Every change wakes the cluster's channel work after commit. */
export function createClusterService({ pool, config, timeZone, scheduler, graphConfigured }: ClusterServiceDeps) {
  // What the channel job would find first, said on the first card (channel-sync.job.ts, the same order).
  const initialWait = !config.teamId ? WAITING.team : !graphConfigured ? WAITING.graph : undefined;
  /** Runs a change in one transaction with its audit entry and version bump, then schedules the channel work. */
  async function change<T>(
    clusterIds: string[],
    membersChanged: boolean,
    fn: (tx: Queryable) => Promise<T | false>,
  ): Promise<T | false> {
    const result = await withTransaction(pool, async (tx) => {
      const r = await fn(tx);
      if (r !== false) await touchClusters(tx, clusterIds, membersChanged);
      return r;
    });
    if (result !== false) await scheduler.syncChannelsSoon(clusterIds);
    return result;
  }

  async function managed(viewer: Viewer, clusterId: string): Promise<ClusterView | 'notFound' | 'forbidden'> {
    const view = await getClusterView(pool, clusterId);
    if (!view) return 'notFound';
    return canManageCluster(viewer.roles, viewer.id, view) ? view : 'forbidden';
  }

  return {
    /** Missions the viewer may form a cluster around (active ones; their own unless they decide). */
    async formableMissions(viewer: Viewer): Promise<MissionView[]> {
      const mine =
        viewer.roles.includes('groupManagement') || viewer.roles.includes('admin') ? {} : { proposerId: viewer.id };
      const page = await listMissions(pool, viewer.id, { statuses: ['active'], ...mine }, 0, 50);
      return page.items;
    },

    async mission(viewer: Viewer, missionId: string): Promise<MissionView | undefined> {
      return getMissionView(pool, missionId, viewer.id);
    },

    /** The submission key comes from the form card, so a double click finds the first cluster. */
    async form(viewer: Viewer, formId: string, missionId: string, raw: Record<string, unknown>): Promise<FormResult> {
      const mission = await getMissionView(pool, missionId, viewer.id);
      if (!mission) return { ok: false, reason: 'missionNotFound' };
      if (!canFormCluster(viewer.roles, viewer.id, mission)) return { ok: false, reason: 'forbidden' };
      const checked = validateClusterInput({ ...raw, coordinator: raw.coordinator || viewer.id });
      if (!checked.ok) return checked;
      const coordinator = await findPerson(pool, checked.value.coordinator);
      if (!coordinator) return { ok: false, errors: { coordinator: 'unknownPerson' } };
      const result = await withTransaction(pool, async (tx) => {
        const { id, created } = await insertCluster(tx, {
          submissionKey: `${viewer.id}:${formId}`,
          missionId,
          name: checked.value.name,
          purpose: checked.value.purpose,
          coordinatorId: coordinator.id,
          createdById: viewer.id,
          nextReviewOn: firstReviewDate(new Date(), config.reviewDays, timeZone),
        });
        if (created) {
          await addMember(tx, id, coordinator.id);
          await insertChannelRecord(tx, id, checked.value.name, config.teamId ?? null, config.channelType, initialWait);
          await appendAudit(tx, {
            actorId: viewer.id,
            action: 'cluster.formed',
            entity: 'cluster',
            entityId: id,
            details: { missionId, coordinatorId: coordinator.id },
          });
        }
        return { ok: true as const, clusterId: id, created };
      });
      if (result.created) await scheduler.syncChannelsSoon([result.clusterId]);
      return result;
    },

    get: (clusterId: string) => getClusterView(pool, clusterId),

    list(viewer: Viewer, filter: ClusterFilter, page: number): Promise<Page<ClusterSummary>> {
      return listClusters(pool, viewer.id, filter, page, CLUSTER_PAGE_SIZE);
    },

    async join(viewer: Viewer, clusterId: string): Promise<MemberChange> {
      if (!(await getClusterView(pool, clusterId))) return 'notFound';
      const r = await change([clusterId], true, async (tx) => {
        if (!(await addMember(tx, clusterId, viewer.id))) return false;
        await appendAudit(tx, { actorId: viewer.id, action: 'cluster.joined', entity: 'cluster', entityId: clusterId });
        return 'done' as const;
      });
      return r || 'already';
    },

    async leave(viewer: Viewer, clusterId: string): Promise<MemberChange> {
      const view = await getClusterView(pool, clusterId);
      if (!view) return 'notFound';
      if (view.coordinatorId === viewer.id) return 'isCoordinator';
      const r = await change([clusterId], true, async (tx) => {
        if (!(await removeMember(tx, clusterId, viewer.id))) return false;
        await appendAudit(tx, { actorId: viewer.id, action: 'cluster.left', entity: 'cluster', entityId: clusterId });
        return 'done' as const;
      });
      return r || 'notMember';
    },

    /** The coordinator adds a colleague the organisation import knows, by Entra id or email. */
    async addMember(viewer: Viewer, clusterId: string, who: string): Promise<MemberChange> {
      const view = await managed(viewer, clusterId);
      if (typeof view === 'string') return view;
      const person = await findByIdOrEmail(pool, who);
      if (!person) return 'unknownPerson';
      const r = await change([clusterId], true, async (tx) => {
        if (!(await addMember(tx, clusterId, person.id))) return false;
        await appendAudit(tx, {
          actorId: viewer.id,
          action: 'cluster.memberAdded',
          entity: 'cluster',
          entityId: clusterId,
          details: { personId: person.id },
        });
        return 'done' as const;
      });
      return r || 'already';
    },

    async removeMember(viewer: Viewer, clusterId: string, personId: string): Promise<MemberChange> {
      const view = await managed(viewer, clusterId);
      if (typeof view === 'string') return view;
      if (view.coordinatorId === personId) return 'isCoordinator';
      const r = await change([clusterId], true, async (tx) => {
        if (!(await removeMember(tx, clusterId, personId))) return false;
        await appendAudit(tx, {
          actorId: viewer.id,
          action: 'cluster.memberRemoved',
          entity: 'cluster',
          entityId: clusterId,
          details: { personId },
        });
        return 'done' as const;
      });
      return r || 'notMember';
    },

    /** Hands the coordinator role to another member (who becomes the channel's owner). */
    async handOver(viewer: Viewer, clusterId: string, personId: string): Promise<MemberChange> {
      const view = await managed(viewer, clusterId);
      if (typeof view === 'string') return view;
      if (!view.members.some((m) => m.personId === personId)) return 'notMember';
      if (view.coordinatorId === personId) return 'already';
      await change([clusterId], true, async (tx) => {
        await setCoordinator(tx, clusterId, personId);
        await appendAudit(tx, {
          actorId: viewer.id,
          action: 'cluster.coordinatorChanged',
          entity: 'cluster',
          entityId: clusterId,
          details: { from: view.coordinatorId, to: personId },
        });
        return 'done' as const;
      });
      return 'done';
    },

    async addExternal(
      viewer: Viewer,
      clusterId: string,
      raw: Record<string, unknown>,
    ): Promise<
      { ok: true } | { ok: false; errors: ClusterFieldErrors } | { ok: false; reason: 'notFound' | 'forbidden' }
    > {
      const view = await managed(viewer, clusterId);
      if (typeof view === 'string') return { ok: false, reason: view };
      const checked = validateExternalInput(raw);
      if (!checked.ok) return checked;
      const e = checked.value;
      await change([clusterId], false, async (tx) => {
        const id = await insertExternal(
          tx,
          clusterId,
          { name: e.externalName, organisation: e.organisation, email: e.email ?? null, role: e.role ?? null },
          viewer.id,
        );
        await appendAudit(tx, {
          actorId: viewer.id,
          action: 'cluster.externalAdded',
          entity: 'cluster',
          entityId: clusterId,
          details: { externalId: id },
        });
        return true;
      });
      return { ok: true };
    },

    async removeExternal(viewer: Viewer, clusterId: string, externalId: string): Promise<MemberChange> {
      const view = await managed(viewer, clusterId);
      if (typeof view === 'string') return view;
      const r = await change([clusterId], false, async (tx) => {
        if (!(await deleteExternal(tx, clusterId, externalId))) return false;
        await appendAudit(tx, {
          actorId: viewer.id,
          action: 'cluster.externalRemoved',
          entity: 'cluster',
          entityId: clusterId,
          details: { externalId },
        });
        return 'done' as const;
      });
      return r || 'notMember';
    },
  };
}

async function findByIdOrEmail(db: Queryable, who: string): Promise<Person | undefined> {
  const w = who.trim();
  if (!w) return undefined;
  if (!w.includes('@')) return isUuid(w) || w.length < 80 ? findPerson(db, w) : undefined;
  return findPersonByEmail(db, w);
}
