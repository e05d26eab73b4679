import type pg from 'pg';
import type { Logger } from 'pino';
import { planMembership } from '../domain/cluster.js';
import { waitBeforeSend } from '../domain/rate-limit.js';
import { backoffMs, classifyGraphFailure, classifySendFailure } from '../domain/retry.js';
import {
  assignTeam,
  claimChannelWork,
  extendLeases,
  finishChannelWork,
  forgetChannel,
  markMembersSynced,
  postponeChannelWork,
  renameChannelRecord,
  saveCard,
  saveChannel,
  type ChannelWork,
} from '../store/channels.repository.js';
import { getClusterView } from '../store/clusters.repository.js';
import { sendTimes } from '../store/send-log.repository.js';
import { findTeamRef, type TeamRef } from '../store/team-refs.repository.js';
import type { ChannelCardPoster } from './channel-card.port.js';
import { GraphFailure, type ChannelGraph } from './channel-graph.port.js';
import { SendError } from './messenger.port.js';
import { soonAgain } from './send-retry.js';

export interface ChannelSyncDeps {
  pool: pg.Pool;
  /** Absent while Graph has no credentials. */
  graph?: ChannelGraph;
  /** The team configured for cluster channels. */
  teamId?: string;
  cards: ChannelCardPoster;
  logger: Logger;
  /** Renewed while the run lasts; after a crash another worker takes over once it runs out. */
  leaseSeconds: number;
  /** Team references change only when the app is (re)installed: looked up once per half minute. */
  teamRefs: TeamRefCache;
  retryLater(clusterId: string, delayMs: number): Promise<void>;
}

export type SyncOutcome = 'ready' | 'again' | 'postponed' | 'skipped';

/** Reasons stored for a waiting channel; the cards translate them. */
export const WAITING = {
  graph: 'graph-not-configured',
  team: 'team-not-configured',
  bot: 'bot-not-in-team',
} as const;

const GONE = 'channel-gone';
export const WAIT_FOR_CONFIG_MS = 5 * 60_000;

export class Postpone extends Error {
  constructor(
    readonly state: 'waiting' | 'retrying' | 'pending',
    readonly delayMs: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Brings one cluster's channel in line with the cluster: the channel exists (found again rather than
 * created twice), its members are the cluster's, and the status card shows the latest version. Every step
 * is safe to repeat, so a crash or a retry at any point ends in the same state.
 */
export async function syncClusterChannel(deps: ChannelSyncDeps, clusterId: string): Promise<SyncOutcome> {
  const work = await claimChannelWork(deps.pool, clusterId, deps.leaseSeconds);
  if (!work) return 'skipped';
  const log = deps.logger.child({ clusterId, attempt: work.attempts });
  const renew = setInterval(() => void extendLeases(deps.pool, [clusterId], deps.leaseSeconds).catch(() => undefined), (deps.leaseSeconds * 1000) / 3);
  try {
    const teamId = work.teamId ?? deps.teamId;
    if (!teamId) throw new Postpone('waiting', WAIT_FOR_CONFIG_MS, WAITING.team);
    if (!work.teamId) await assignTeam(deps.pool, clusterId, teamId);
    const membersBehind = work.membershipType === 'private' && work.membersSyncedVersion < work.membersVersion;
    // Only the channel and its members need Graph; a status card update goes through the Bot Framework.
    if ((!work.channelId || membersBehind) && !deps.graph) throw new Postpone('waiting', WAIT_FOR_CONFIG_MS, WAITING.graph);
    const channelId = work.channelId ?? (await ensureChannel(deps, deps.graph!, work, teamId));
    if (membersBehind) await syncMembers(deps, deps.graph!, work, teamId, channelId);
    if (work.cardVersion < work.version) await syncCard(deps, work, teamId, channelId);
    const ready = await finishChannelWork(deps.pool, clusterId);
    log.info({ ready }, 'cluster channel synchronised');
    if (!ready) await deps.retryLater(clusterId, 0);
    return ready ? 'ready' : 'again';
  } catch (err) {
    return giveBack(deps, work, err, log);
  } finally {
    clearInterval(renew);
  }
}

/** Hands the work back after a failure: visibly waiting or retrying, and woken again when it is due. */
export async function giveBack(deps: ChannelSyncDeps, work: ChannelWork, err: unknown, log: Logger): Promise<'postponed'> {
  const p = toPostpone(err, work);
  if (p.reason === GONE) {
    await forgetChannel(deps.pool, work.clusterId);
    log.warn('channel no longer exists in Teams; it will be created again');
  }
  await postponeChannelWork(deps.pool, work.clusterId, p.state, p.delayMs, p.reason);
  await deps.retryLater(work.clusterId, p.delayMs);
  if (p.state === 'retrying') log.warn({ err, delayMs: p.delayMs }, 'cluster channel work failed; will retry');
  else log.info({ reason: p.reason, delayMs: p.delayMs }, 'cluster channel work waits');
  return 'postponed';
}

async function ensureChannel(deps: ChannelSyncDeps, graph: ChannelGraph, work: ChannelWork, teamId: string): Promise<string> {
  const marker = `klynge:${work.clusterId}`;
  let name = work.displayName;
  for (let round = 0; round < 5; round++) {
    const existing = await graph.findChannelByName(teamId, name);
    if (existing?.description?.includes(marker)) {
      // Ours: an earlier try created it and the answer was lost.
      await saveChannel(deps.pool, work.clusterId, existing.id, existing.webUrl);
      return existing.id;
    }
    if (existing) {
      name = await renameChannelRecord(deps.pool, work.clusterId, work.clusterName, teamId, name);
      continue;
    }
    try {
      const created = await graph.createChannel(teamId, {
        displayName: name,
        description: `Missionsklynge: ${work.clusterName} (${marker})`.slice(0, 1024),
        membershipType: work.membershipType,
        ownerId: work.coordinatorId,
      });
      await saveChannel(deps.pool, work.clusterId, created.id, created.webUrl);
      return created.id;
    } catch (err) {
      if (!(err instanceof GraphFailure && err.isNameConflict)) throw err;
      // Taken meanwhile: by our own lost try (adopt it), or by something else, perhaps a deleted channel
      // Teams still reserves (move on to the next name).
      const again = await graph.findChannelByName(teamId, name);
      if (again?.description?.includes(marker)) {
        await saveChannel(deps.pool, work.clusterId, again.id, again.webUrl);
        return again.id;
      }
      name = await renameChannelRecord(deps.pool, work.clusterId, work.clusterName, teamId, name);
    }
  }
  throw new Postpone('retrying', 60_000, 'no free channel name');
}

async function syncMembers(deps: ChannelSyncDeps, graph: ChannelGraph, work: ChannelWork, teamId: string, channelId: string): Promise<void> {
  const { rows } = await deps.pool.query('SELECT person_id FROM cluster_members WHERE cluster_id = $1', [work.clusterId]);
  let current;
  try {
    current = await graph.listMembers(teamId, channelId);
  } catch (err) {
    if (err instanceof GraphFailure && err.status === 404) throw new Postpone('pending', 0, GONE);
    throw err;
  }
  const plan = planMembership(current, rows.map((r: any) => r.person_id), work.coordinatorId);
  // Add before removing, so the channel never loses its last owner.
  for (const a of plan.add) {
    try {
      await graph.addMember(teamId, channelId, a.userId, a.owner);
    } catch (err) {
      // A disabled account or someone outside the team cannot be added; that must not hold up everyone else.
      if (!(err instanceof GraphFailure && (err.status === 404 || err.status === 400))) throw err;
      deps.logger.warn({ clusterId: work.clusterId, userId: a.userId, status: err.status }, 'Graph refused to add a cluster member to the channel');
    }
  }
  for (const m of plan.promote) await graph.makeOwner(teamId, channelId, m.membershipId);
  for (const m of plan.remove) await graph.removeMember(teamId, channelId, m.membershipId);
  await markMembersSynced(deps.pool, work.clusterId, work.membersVersion);
}

async function syncCard(deps: ChannelSyncDeps, work: ChannelWork, teamId: string, channelId: string): Promise<void> {
  const team = await deps.teamRefs.get(deps.pool, teamId);
  if (!team) throw new Postpone('waiting', WAIT_FOR_CONFIG_MS, WAITING.bot);
  const wait = waitBeforeSend(await sendTimes(deps.pool, channelId), Date.now());
  if (wait > 0) throw new Postpone('pending', wait, 'rate limit for the channel');
  const view = (await getClusterView(deps.pool, work.clusterId))!;
  if (work.cardActivityId) {
    try {
      await soonAgain(() => deps.cards.update(team.reference, channelId, work.cardActivityId!, view));
      await saveCard(deps.pool, work.clusterId, work.cardActivityId, view.version, channelId);
      return;
    } catch (err) {
      if (!(err instanceof SendError && err.status === 404)) throw err;
      // The card was deleted in Teams: post a new one below.
    }
  }
  const { activityId } = await soonAgain(() => deps.cards.post(team.reference, channelId, view));
  await saveCard(deps.pool, work.clusterId, activityId, view.version, channelId);
}

export type TeamRefCache = ReturnType<typeof createTeamRefCache>;

/** A short-lived cache of team references (a missing team is looked up again every time). */
export function createTeamRefCache(ttlMs = 30_000) {
  const cache = new Map<string, { at: number; ref: TeamRef }>();
  return {
    async get(pool: pg.Pool, teamId: string): Promise<TeamRef | undefined> {
      const hit = cache.get(teamId);
      if (hit && Date.now() - hit.at < ttlMs) return hit.ref;
      const ref = await findTeamRef(pool, teamId);
      if (ref) cache.set(teamId, { at: Date.now(), ref });
      return ref;
    },
  };
}

function toPostpone(err: unknown, work: ChannelWork): Postpone {
  if (err instanceof Postpone) return err;
  const now = Date.now();
  if (err instanceof GraphFailure) {
    const o = classifyGraphFailure(err.status, err.retryAfter, work.attempts, now, err.message.slice(0, 300));
    if (o.kind === 'gone') return new Postpone('retrying', backoffMs(work.attempts, 30_000, 3_600_000), err.message.slice(0, 300));
    return new Postpone('retrying', o.delayMs, o.reason);
  }
  if (err instanceof SendError) {
    if (err.status === 403 || err.status === 401) return new Postpone('waiting', backoffMs(work.attempts, 60_000, 3_600_000), WAITING.bot);
    const o = classifySendFailure(err.status, err.retryAfter, work.attempts, now);
    const delayMs = o.kind === 'permanent' ? backoffMs(work.attempts, 60_000, 3_600_000) : o.delayMs;
    return new Postpone('retrying', delayMs, `Teams ${o.reason}`);
  }
  return new Postpone('retrying', backoffMs(work.attempts), 'unexpected error');
}
