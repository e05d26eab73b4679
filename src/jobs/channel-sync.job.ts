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
  markAppDisabled,
  markAppEnabled,
  markMembersSynced,
  requestReconcile,
  postponeChannelWork,
  renameChannelRecord,
  saveCard,
  saveChannel,
  type ChannelWork,
} from '../store/channels.repository.js';
import type { Notice } from '../domain/notice.js';
import { appendAudit } from '../store/audit.repository.js';
import { enqueueOutbox } from '../store/outbox.repository.js';
import { getClusterView, removeMember, touchClusters } from '../store/clusters.repository.js';
import { withTransaction } from '../store/database.js';
import {
  addedButInNoCluster,
  addedByApp,
  clusterMembersInTeams,
  forgetAdded,
  forgetSeenInTeam,
  markSeenInTeams,
  recordAdded,
  recordAdding,
  recordAddedNow,
} from '../store/team-members.repository.js';
import { sendTimes } from '../store/send-log.repository.js';
import { findTeamRef, type TeamRef } from '../store/team-refs.repository.js';
import type { ChannelCardPoster } from './channel-card.port.js';
import { GraphFailure, type ChannelGraph, type GraphChannel, type RosterMember } from './channel-graph.port.js';
import { SendError } from './messenger.port.js';
import { soonAgain } from './send-retry.js';

export interface ChannelSyncDeps {
  pool: pg.Pool;
  /** Absent while Graph has no credentials. */
  graph?: ChannelGraph;
  /** The team configured for cluster channels. */
  teamId?: string;
  /** The app's id in the Teams app catalogue: added to each new shared channel. */
  catalogAppId?: string;
  /** Hands a message to the coordinator's chat to the delivery queue. */
  deliverSoon?: (outboxIds: string[]) => Promise<void>;
  cards: ChannelCardPoster;
  logger: Logger;
  /** Renewed while the run lasts; after a crash another worker takes over once it runs out. */
  leaseSeconds: number;
  /** Team references change only when the app is (re)installed: looked up once per half minute. */
  teamRefs: TeamRefCache;
  /** A team's members, read once for the clusters of a team synchronised together. */
  rosters: RosterCache;
  retryLater(clusterId: string, delayMs: number): Promise<void>;
}

export type SyncOutcome = 'ready' | 'again' | 'postponed' | 'skipped';

/** Reasons stored for a waiting channel; the cards translate them. */
export const WAITING = {
  graph: 'graph-not-configured',
  team: 'team-not-configured',
  bot: 'bot-not-in-team',
  teamNotFound: 'team-not-found',
  teamFull: 'team-full',
  appNotInChannel: 'app-not-in-channel',
} as const;

const GONE = 'channel-gone';
export const WAIT_FOR_CONFIG_MS = 5 * 60_000;
/** Waiting for an administrator (a full team, the app to be added to a shared channel): looked at again this often. */
export const WAIT_FOR_ADMIN_MS = 15 * 60_000;

/** What only an administrator or team owner can fix: the coordinator is told in their chat as well. */
type AdminReason = (typeof WAITING)['teamFull' | 'appNotInChannel' | 'teamNotFound'];
const ADMIN_REASONS = new Set<string>([WAITING.teamFull, WAITING.appNotInChannel, WAITING.teamNotFound]);

/** Once per cluster, reason and channel: the coordinator hears what an administrator must do. */
async function tellCoordinator(deps: ChannelSyncDeps, work: ChannelWork, reason: AdminReason): Promise<void> {
  const notice: Notice = { kind: 'channelNeedsAdmin', clusterId: work.clusterId, clusterName: work.clusterName, reason };
  const id = await enqueueOutbox(deps.pool, `channel-needs-admin:${work.clusterId}:${reason}:${work.channelId ?? ''}`, work.coordinatorId, notice);
  if (id && deps.deliverSoon) await deps.deliverSoon([id]);
}

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
    const membersBehind = work.membersSyncedVersion < work.membersVersion;
    const appMissing = work.membershipType === 'shared' && !work.appEnabled;
    // Only the channel and its members need Graph; a status card update goes through the Bot Framework.
    if ((!work.channelId || membersBehind || appMissing) && !deps.graph) throw new Postpone('waiting', WAIT_FOR_CONFIG_MS, WAITING.graph);
    const channelId = work.channelId ?? (await ensureChannel(deps, deps.graph!, work, teamId));
    if (membersBehind && work.membershipType === 'standard') await syncTeamMembers(deps, deps.graph!, work, teamId, log);
    if (membersBehind && work.membershipType === 'shared') await syncChannelMembers(deps, deps.graph!, work, teamId, channelId, log);
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
export async function giveBack(deps: ChannelSyncDeps, work: ChannelWork, err: unknown, log: Logger): Promise<'postponed'> {
  let p = toPostpone(err, work);
  if (p.reason === GONE) {
    await forgetChannel(deps.pool, work.clusterId);
    log.warn('channel no longer exists in Teams; it will be created again');
  }
  if (work.membershipType === 'shared' && err instanceof SendError && err.status === 403) {
    // The bot is not in the shared channel (it was removed, or never added): add the app again first.
    await markAppDisabled(deps.pool, work.clusterId);
    p = new Postpone('pending', backoffMs(work.attempts, 30_000, 3_600_000), WAITING.appNotInChannel);
  }
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
async function ensureChannel(deps: ChannelSyncDeps, graph: ChannelGraph, work: ChannelWork, teamId: string): Promise<string> {
  const marker = `klynge:${work.clusterId}`;
  const ours = (c: GraphChannel | undefined) => Boolean(c?.description?.includes(marker) && (c.membershipType ?? 'standard') === work.membershipType);
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
      if (err instanceof GraphFailure && err.isTeamFull) throw new Postpone('waiting', WAIT_FOR_ADMIN_MS, WAITING.teamFull);
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

/**
 * Standard channel: everyone in the team sees it, so the cluster's members must be in the team. Adds
 * those the team lacks (as members, never owners); removes only people the app itself added and whom no
 * cluster of the team needs any more, never owners (team-post-members, team-delete-members).
 * Someone Teams listed before and does not list now was removed in Teams: they leave the cluster (Teams
 * wins, see README), except the coordinator, who is added again.
 */
async function syncTeamMembers(deps: ChannelSyncDeps, graph: ChannelGraph, work: ChannelWork, teamId: string, log: Logger): Promise<void> {
  const roster = await deps.rosters.get(teamId, () => onTeam(() => graph.listTeamMembers(teamId)), work.reconciledAt);
  const members = await clusterMembersInTeams(deps.pool, work.clusterId);
  const removedInTeams = members.filter((m) => m.inTeamsAt && !roster.has(m.personId) && m.personId !== work.coordinatorId).map((m) => m.personId);
  if (removedInTeams.length > 0) await leftInTeams(deps, work.clusterId, removedInTeams, 'team', log);
  const wanted = new Set([work.coordinatorId, ...members.map((m) => m.personId).filter((id) => !removedInTeams.includes(id))]);
  const ours = await addedByApp(deps.pool, teamId);
  for (const userId of wanted) {
    if (roster.has(userId)) {
      if (ours.get(userId) === 'adding') await recordAdded(deps.pool, teamId, userId); // our add went through, its answer was lost
      continue;
    }
    await recordAdding(deps.pool, teamId, userId);
    deps.rosters.forget(teamId);
    try {
      const r = await graph.addTeamMember(teamId, userId);
      log.info({ userId, result: r }, 'cluster member added to the team');
      if (r === 'already' && !ours.has(userId)) await forgetAdded(deps.pool, teamId, userId);
      else await recordAdded(deps.pool, teamId, userId);
    } catch (err) {
      // A disabled account (404) or a guest (application permissions cannot add guests) must not hold up the others.
      if (!(err instanceof GraphFailure && (err.status === 404 || err.status === 400))) throw err;
      await forgetAdded(deps.pool, teamId, userId);
      log.warn({ userId, status: err.status }, 'Graph refused to add a cluster member to the team');
    }
  }
  // Teams holding a member is known only once a list shows them (an addition can take a moment to show).
  const added = [...wanted].some((id) => !roster.has(id));
  const after = added ? await deps.rosters.get(teamId, () => onTeam(() => graph.listTeamMembers(teamId))) : roster;
  await markSeenInTeams(deps.pool, work.clusterId, [...wanted].filter((id) => after.has(id)));
  const removed: string[] = [];
  for (const { userId, recent } of await addedButInNoCluster(deps.pool, teamId)) {
    const m = after.get(userId);
    // Not listed: gone already, or added a moment ago and not showing yet (Graph can take a while); a
    // recent addition is looked at again on the next run rather than forgotten as not the app's.
    if (!m && recent) continue;
    if (m && !m.isOwner) {
      deps.rosters.forget(teamId);
      await graph.removeTeamMember(teamId, m.membershipId);
      removed.push(userId);
      log.info({ userId }, 'member the app added, needed by no cluster of the team, removed from the team');
    }
    await forgetAdded(deps.pool, teamId, userId);
  }
  // Someone who joined another cluster of the team while they were being removed is added again there.
  const again = (await forgetSeenInTeam(deps.pool, teamId, removed)).filter((id) => id !== work.clusterId);
  for (const id of await requestReconcile(deps.pool, { clusterIds: again })) await deps.retryLater(id, 0);
  await markMembersSynced(deps.pool, work.clusterId, work.membersVersion);
}

/**
 * Shared channel: the cluster's members are direct members of the channel (people outside the team
 * too), the coordinator its owner; read back through allMembers (channel-list-allmembers). The app
 * removes only members it added itself. Someone Teams listed before and does not list now was removed in
 * Teams: they leave the cluster (the coordinator is added again).
 */
async function syncChannelMembers(deps: ChannelSyncDeps, graph: ChannelGraph, work: ChannelWork, teamId: string, channelId: string, log: Logger): Promise<void> {
  let current: RosterMember[];
  try {
    current = await graph.listChannelMembers(teamId, channelId);
  } catch (err) {
    if (err instanceof GraphFailure && err.status === 404) throw new Postpone('pending', 0, GONE);
    throw err;
  }
  const direct = current.filter((m) => m.direct);
  const inChannel = new Set(current.map((m) => m.userId));
  const members = await clusterMembersInTeams(deps.pool, work.clusterId);
  const removedInTeams = members.filter((m) => m.inTeamsAt && !inChannel.has(m.personId) && m.personId !== work.coordinatorId).map((m) => m.personId);
  if (removedInTeams.length > 0) await leftInTeams(deps, work.clusterId, removedInTeams, 'channel', log);
  const wanted = [work.coordinatorId, ...members.map((m) => m.personId).filter((id) => id !== work.coordinatorId && !removedInTeams.includes(id))];
  const ours = await addedByApp(deps.pool, channelId);
  // Only members the app added are candidates for removal; people added in Teams stay.
  const plan = planMembership(direct.filter((m) => ours.has(m.userId) || wanted.includes(m.userId)), wanted, work.coordinatorId);
  // Add before removing, so the channel never loses its last owner.
  for (const a of plan.add) {
    if (inChannel.has(a.userId)) continue; // there through a team the channel is shared with
    await recordAdding(deps.pool, channelId, a.userId);
    try {
      await graph.addChannelMember(teamId, channelId, a.userId, a.owner);
      await recordAdded(deps.pool, channelId, a.userId);
    } catch (err) {
      if (!(err instanceof GraphFailure && (err.status === 404 || err.status === 400))) throw err;
      await forgetAdded(deps.pool, channelId, a.userId);
      log.warn({ userId: a.userId, status: err.status }, 'Graph refused to add a cluster member to the shared channel');
    }
  }
  for (const m of direct) if (ours.get(m.userId) === 'adding') await recordAdded(deps.pool, channelId, m.userId);
  for (const m of plan.promote) await graph.makeChannelOwner(teamId, channelId, m.membershipId);
  for (const m of plan.remove) {
    await graph.removeChannelMember(teamId, channelId, m.membershipId);
    await forgetAdded(deps.pool, channelId, m.userId);
  }
  // Teams holding a member is known only once a list shows them.
  const seen = plan.add.length > 0 ? new Set((await graph.listChannelMembers(teamId, channelId)).map((m) => m.userId)) : inChannel;
  await markSeenInTeams(deps.pool, work.clusterId, wanted.filter((id) => seen.has(id)));
  await markMembersSynced(deps.pool, work.clusterId, work.membersVersion);
}

/** Members Teams no longer holds leave the cluster, as if they had left it themselves (audited). */
async function leftInTeams(deps: ChannelSyncDeps, clusterId: string, personIds: string[], where: 'team' | 'channel', log: Logger): Promise<void> {
  await withTransaction(deps.pool, async (tx) => {
    for (const personId of personIds) {
      if (await removeMember(tx, clusterId, personId)) {
        await appendAudit(tx, { actorId: personId, action: 'cluster.left_in_teams', entity: 'cluster', entityId: clusterId, details: { where } });
      }
    }
    await touchClusters(tx, [clusterId], true);
  });
  log.info({ left: personIds.length, where }, 'members removed in Teams left the cluster');
}

/**
 * Shared channel: an app installed in the team is not in its shared channels until it is added to each
 * (build-apps-for-shared-private-channels), so the bot could not post the status card. Added through
 * Graph where the tenant grants it (TeamsAppInstallation.ManageSelectedForTeam.All); otherwise the
 * coordinator's card says what a team owner does.
 */
async function addAppToChannel(deps: ChannelSyncDeps, graph: ChannelGraph, work: ChannelWork, teamId: string, channelId: string): Promise<void> {
  if (!deps.catalogAppId) throw new Postpone('waiting', WAIT_FOR_ADMIN_MS, WAITING.appNotInChannel);
  try {
    await graph.enableApp(teamId, channelId, deps.catalogAppId);
  } catch (err) {
    if (err instanceof GraphFailure && (err.status === 403 || err.status === 404 || err.status === 400)) {
      throw new Postpone('waiting', WAIT_FOR_ADMIN_MS, WAITING.appNotInChannel);
    }
    throw err;
  }
  await markAppEnabled(deps.pool, work.clusterId);
}

/** A team call that answers 404 means the configured team does not exist (or the app may not see it). */
async function onTeam<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof GraphFailure && (err.status === 404 || err.status === 403)) throw new Postpone('waiting', WAIT_FOR_ADMIN_MS, WAITING.teamNotFound);
    throw err;
  }
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

export type RosterCache = ReturnType<typeof createRosterCache>;

/**
 * A team's member list for a few seconds, so that the clusters of one team synchronised together (a
 * periodic reconcile, a burst of joins) read a 25,000-member team once, not once each. Forgotten as soon
 * as the app itself changes the team; a change made in Teams shows at the next read.
 */
export function createRosterCache(ttlMs = 20_000) {
  const cache = new Map<string, { at: number; members: Promise<Map<string, RosterMember>> }>();
  return {
    /** `notBefore`: a comparison with Teams was asked for then; a list read earlier does not answer it. */
    get(teamId: string, read: () => Promise<RosterMember[]>, notBefore: Date | null = null): Promise<Map<string, RosterMember>> {
      const hit = cache.get(teamId);
      if (hit && Date.now() - hit.at < ttlMs && hit.at > (notBefore?.getTime() ?? 0)) return hit.members;
      const members = read().then((list) => new Map(list.map((m) => [m.userId, m])));
      cache.set(teamId, { at: Date.now(), members });
      members.catch(() => cache.delete(teamId));
      return members;
    },
    forget(teamId: string): void {
      cache.delete(teamId);
    },
  };
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
