import type { Logger } from 'pino';
import type { Notice } from '../domain/notice.js';
import { waitBeforeSend } from '../domain/rate-limit.js';
import { backoffMs, classifyGraphFailure, classifySendFailure } from '../domain/retry.js';
import {
  assignTeam,
  claimChannelWork,
  extendLeases,
  finishChannelWork,
  forgetChannel,
  markAppDisabled,
  postponeChannelWork,
  renameChannelRecord,
  saveCard,
  saveChannel,
  type ChannelWork,
} from '../store/channels.repository.js';
import { getClusterView } from '../store/clusters.repository.js';
import { enqueueOutbox } from '../store/outbox.repository.js';
import { sendTimes } from '../store/send-log.repository.js';
import { recordAddedNow } from '../store/team-members.repository.js';
import { GraphFailure, type ChannelGraph, type GraphChannel } from '../ports/channel-graph.port.js';
import { addAppToChannel, syncChannelMembers, syncTeamMembers } from './channel-members.job.js';
import { ADMIN_REASONS, CHANNEL_GONE, WAITING, type AdminReason } from '../domain/channel-waiting.js';
import { Postpone, WAIT_FOR_ADMIN_MS, WAIT_FOR_CONFIG_MS, type ChannelSyncDeps } from './channel-work.js';
import { SendError } from '../ports/messenger.port.js';
import { soonAgain } from './send-retry.js';

export type SyncOutcome = 'ready' | 'again' | 'postponed' | 'skipped';

/** Once per cluster, reason and channel: the coordinator hears what an administrator must do. */
async function tellCoordinator(deps: ChannelSyncDeps, work: ChannelWork, reason: AdminReason): Promise<void> {
  const notice: Notice = {
    kind: 'channelNeedsAdmin',
    clusterId: work.clusterId,
    clusterName: work.clusterName,
    reason,
  };
  const id = await enqueueOutbox(
    deps.pool,
    `channel-needs-admin:${work.clusterId}:${reason}:${work.channelId ?? ''}`,
    work.coordinatorId,
    notice,
  );
  if (id && deps.deliverSoon) await deps.deliverSoon([id]);
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
  const renew = setInterval(
    () => void extendLeases(deps.pool, [clusterId], deps.leaseSeconds).catch(() => undefined),
    (deps.leaseSeconds * 1000) / 3,
  );
  try {
    const teamId = work.teamId ?? deps.teamId;
    if (!teamId) throw new Postpone('waiting', WAIT_FOR_CONFIG_MS, WAITING.team);
    if (!work.teamId) await assignTeam(deps.pool, clusterId, teamId);
    const membersBehind = work.membersSyncedVersion < work.membersVersion;
    const appMissing = work.membershipType === 'shared' && !work.appEnabled;
    // Only the channel and its members need Graph; a status card update goes through the Bot Framework.
    if ((!work.channelId || membersBehind || appMissing) && !deps.graph)
      throw new Postpone('waiting', WAIT_FOR_CONFIG_MS, WAITING.graph);
    const channelId = work.channelId ?? (await ensureChannel(deps, deps.graph!, work, teamId));
    if (membersBehind && work.membershipType === 'standard')
      await syncTeamMembers(deps, deps.graph!, work, teamId, log);
    if (membersBehind && work.membershipType === 'shared')
      await syncChannelMembers(deps, deps.graph!, work, teamId, channelId, log);
    if (appMissing) await addAppToChannel(deps, deps.graph!, work, teamId, channelId);
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
export async function giveBack(
  deps: ChannelSyncDeps,
  work: ChannelWork,
  err: unknown,
  log: Logger,
): Promise<'postponed'> {
  const p = toPostpone(err, work);
  if (p.reason === CHANNEL_GONE) {
    await forgetChannel(deps.pool, work.clusterId);
    log.warn('channel no longer exists in Teams; it will be created again');
  }
  // The bot is not in the shared channel (removed, or never added): the app is added again first.
  if (p.reason === WAITING.appNotInChannel) await markAppDisabled(deps.pool, work.clusterId);
  await postponeChannelWork(deps.pool, work.clusterId, p.state, p.delayMs, p.reason);
  if (p.state === 'waiting' && ADMIN_REASONS.has(p.reason)) await tellCoordinator(deps, work, p.reason as AdminReason);
  await deps.retryLater(work.clusterId, p.delayMs);
  if (p.state === 'retrying') log.warn({ err, delayMs: p.delayMs }, 'cluster channel work failed; will retry');
  else log.info({ reason: p.reason, delayMs: p.delayMs }, 'cluster channel work waits');
  return 'postponed';
}

/**
 * Finds the cluster's channel (an earlier try may have created it and lost the answer) or creates it.
 * A channel is the cluster's only if it carries the cluster's marker and is of the configured type: an
 * old private channel of the cluster (a bot cannot post there) keeps its name, and the new one moves on.
 */
async function ensureChannel(
  deps: ChannelSyncDeps,
  graph: ChannelGraph,
  work: ChannelWork,
  teamId: string,
): Promise<string> {
  const marker = `klynge:${work.clusterId}`;
  const ours = (c: GraphChannel | undefined) =>
    Boolean(c?.description?.includes(marker) && (c.membershipType ?? 'standard') === work.membershipType);
  let name = work.displayName;
  for (let round = 0; round < 5; round++) {
    const existing = await graph.findChannelByName(teamId, name);
    if (existing && ours(existing)) {
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
      // The coordinator is the shared channel's first owner: a member the app put there.
      if (work.membershipType === 'shared') await recordAddedNow(deps.pool, created.id, work.coordinatorId);
      return created.id;
    } catch (err) {
      if (err instanceof GraphFailure && err.isTeamFull)
        throw new Postpone('waiting', WAIT_FOR_ADMIN_MS, WAITING.teamFull);
      if (!(err instanceof GraphFailure && err.isNameConflict)) throw err;
      // Taken meanwhile: by our own lost try (adopt it), or by something else, perhaps a deleted channel
      // Teams still reserves (move on to the next name).
      const again = await graph.findChannelByName(teamId, name);
      if (again && ours(again)) {
        await saveChannel(deps.pool, work.clusterId, again.id, again.webUrl);
        return again.id;
      }
      name = await renameChannelRecord(deps.pool, work.clusterId, work.clusterName, teamId, name);
    }
  }
  throw new Postpone('retrying', 60_000, 'no free channel name');
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

function toPostpone(err: unknown, work: ChannelWork): Postpone {
  if (err instanceof Postpone) return err;
  const now = Date.now();
  if (err instanceof GraphFailure) {
    // A request that timed out or lost its connection has no message of its own: the card says what happened.
    const detail =
      err.message.trim().slice(0, 300) || (err.status ? `Graph HTTP ${err.status}` : 'no answer from Graph');
    const o = classifyGraphFailure(err.status, err.retryAfter, work.attempts, now, detail);
    if (o.kind === 'gone') return new Postpone('retrying', backoffMs(work.attempts, 30_000, 3_600_000), detail);
    return new Postpone('retrying', o.delayMs, o.reason);
  }
  if (err instanceof SendError) {
    // Teams refuses a post where the bot is not in the roster: a shared channel needs the app added to it.
    if (work.membershipType === 'shared' && err.status === 403)
      return new Postpone('pending', backoffMs(work.attempts, 30_000, 3_600_000), WAITING.appNotInChannel);
    if (err.status === 403 || err.status === 401)
      return new Postpone('waiting', backoffMs(work.attempts, 60_000, 3_600_000), WAITING.bot);
    const o = classifySendFailure(err.status, err.retryAfter, work.attempts, now);
    const delayMs = o.kind === 'permanent' ? backoffMs(work.attempts, 60_000, 3_600_000) : o.delayMs;
    return new Postpone('retrying', delayMs, `Teams ${o.reason}`);
  }
  return new Postpone('retrying', backoffMs(work.attempts), 'unexpected error');
}
