import type { Logger } from 'pino';
import { planMembership, removedInTeams } from '../domain/cluster.js';
import { appendAudit } from '../store/audit.repository.js';
import { markAppEnabled, markMembersSynced, type ChannelWork } from '../store/channels.repository.js';
import { removeMember, touchClusters } from '../store/clusters.repository.js';
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
  requestReconcile,
} from '../store/team-members.repository.js';
import { GraphFailure, type ChannelGraph, type RosterMember } from '../ports/channel-graph.port.js';
import { CHANNEL_GONE, WAITING } from '../domain/channel-waiting.js';
import { Postpone, WAIT_FOR_ADMIN_MS, type ChannelSyncDeps } from './channel-work.js';

/**
 * Cluster membership mirrored in Teams: the clusters team's members for a standard channel, a shared
 * channel's direct members for a shared one, and the app added to a shared channel. The app removes only
 * people it added itself; what people change directly in Teams stands (README, "Changes made directly in
 * Teams").
 */

/**
 * Standard channel: everyone in the team sees it, so the cluster's members must be in the team. Adds
 * those the team lacks (as members, never owners); removes only people the app itself added and whom no
 * cluster of the team needs any more, never owners (team-post-members, team-delete-members).
 * Someone Teams listed before and does not list now was removed in Teams: they leave the cluster (Teams
 * wins, see README), except the coordinator, who is added again.
 */
export async function syncTeamMembers(
  deps: ChannelSyncDeps,
  graph: ChannelGraph,
  work: ChannelWork,
  teamId: string,
  log: Logger,
): Promise<void> {
  let roster = await deps.rosters.get(teamId, () => onTeam(() => graph.listTeamMembers(teamId)), work.reconciledAt);
  const members = await clusterMembersInTeams(deps.pool, work.clusterId);
  const gone = removedInTeams(members, roster, work.coordinatorId);
  if (gone.length > 0) await leftInTeams(deps, work.clusterId, gone, 'team', log);
  const wanted = new Set([work.coordinatorId, ...members.map((m) => m.personId).filter((id) => !gone.includes(id))]);
  const ours = await addedByApp(deps.pool, teamId);
  let added = false;
  let listedAgain = false;
  for (const userId of wanted) {
    if (roster.has(userId)) {
      if (ours.get(userId) === 'adding') await recordAdded(deps.pool, teamId, userId); // our add went through, its answer was lost
      continue;
    }
    deps.rosters.forget(teamId); // a list read from now on must not predate the addition
    const result = await addAsApp(deps, teamId, userId, ours, () => graph.addTeamMember(teamId, userId), log);
    added = true;
    // "Already a member": the list we read is older than someone's addition in Teams. Adds are 2 s apart
    // (team-post-members), so one fresh list is cheaper than finding the rest out one add at a time.
    if (result === 'already' && !listedAgain) {
      listedAgain = true;
      roster = await deps.rosters.get(teamId, () => onTeam(() => graph.listTeamMembers(teamId)));
    }
  }
  // Teams holding a member is known only once a list shows them (an addition can take a moment to show).
  const after = added ? await deps.rosters.get(teamId, () => onTeam(() => graph.listTeamMembers(teamId))) : roster;
  await markSeenInTeams(
    deps.pool,
    work.clusterId,
    [...wanted].filter((id) => after.has(id)),
  );
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
export async function syncChannelMembers(
  deps: ChannelSyncDeps,
  graph: ChannelGraph,
  work: ChannelWork,
  teamId: string,
  channelId: string,
  log: Logger,
): Promise<void> {
  let current: RosterMember[];
  try {
    current = await graph.listChannelMembers(teamId, channelId);
  } catch (err) {
    if (err instanceof GraphFailure && err.status === 404) throw new Postpone('pending', 0, CHANNEL_GONE);
    throw err;
  }
  const direct = current.filter((m) => m.direct);
  const inChannel = new Set(current.map((m) => m.userId));
  const members = await clusterMembersInTeams(deps.pool, work.clusterId);
  const gone = removedInTeams(members, inChannel, work.coordinatorId);
  if (gone.length > 0) await leftInTeams(deps, work.clusterId, gone, 'channel', log);
  const wanted = [
    work.coordinatorId,
    ...members.map((m) => m.personId).filter((id) => id !== work.coordinatorId && !gone.includes(id)),
  ];
  const ours = await addedByApp(deps.pool, channelId);
  // Only members the app added are candidates for removal; people added in Teams stay.
  const plan = planMembership(
    direct.filter((m) => ours.has(m.userId) || wanted.includes(m.userId)),
    wanted,
    work.coordinatorId,
  );
  // Add before removing, so the channel never loses its last owner.
  for (const a of plan.add) {
    if (inChannel.has(a.userId)) continue; // there through a team the channel is shared with
    await addAsApp(
      deps,
      channelId,
      a.userId,
      ours,
      () => graph.addChannelMember(teamId, channelId, a.userId, a.owner),
      log,
    );
  }
  for (const m of direct) if (ours.get(m.userId) === 'adding') await recordAdded(deps.pool, channelId, m.userId);
  for (const m of plan.promote) await graph.makeChannelOwner(teamId, channelId, m.membershipId);
  for (const m of plan.remove) {
    await graph.removeChannelMember(teamId, channelId, m.membershipId);
    await forgetAdded(deps.pool, channelId, m.userId);
  }
  // Teams holding a member is known only once a list shows them.
  const seen =
    plan.add.length > 0 ? new Set((await graph.listChannelMembers(teamId, channelId)).map((m) => m.userId)) : inChannel;
  await markSeenInTeams(
    deps.pool,
    work.clusterId,
    wanted.filter((id) => seen.has(id)),
  );
  await markMembersSynced(deps.pool, work.clusterId, work.membersVersion);
}

/**
 * Adds one person to a team or shared channel (`containerId`) as the app, recorded before the call so a
 * lost answer still counts as the app's. Someone Teams says is there already, and whom the app did not
 * add, stays someone else's. A disabled account (404) or one application permissions cannot add (400, a
 * guest) is left out with a warning rather than holding up everyone else.
 */
async function addAsApp(
  deps: ChannelSyncDeps,
  containerId: string,
  userId: string,
  ours: ReadonlyMap<string, 'adding' | 'added'>,
  add: () => Promise<'added' | 'already' | void>,
  log: Logger,
): Promise<'added' | 'already' | 'refused'> {
  await recordAdding(deps.pool, containerId, userId);
  try {
    const r = await add();
    if (r === 'already' && !ours.has(userId)) await forgetAdded(deps.pool, containerId, userId);
    else await recordAdded(deps.pool, containerId, userId);
    log.info({ userId, result: r ?? 'added' }, 'cluster member added in Teams');
    return r ?? 'added';
  } catch (err) {
    if (!(err instanceof GraphFailure && (err.status === 404 || err.status === 400))) throw err;
    await forgetAdded(deps.pool, containerId, userId);
    log.warn({ userId, status: err.status }, 'Graph refused to add a cluster member');
    return 'refused';
  }
}

/** Members Teams no longer holds leave the cluster, as if they had left it themselves (audited). */
async function leftInTeams(
  deps: ChannelSyncDeps,
  clusterId: string,
  personIds: string[],
  where: 'team' | 'channel',
  log: Logger,
): Promise<void> {
  await withTransaction(deps.pool, async (tx) => {
    for (const personId of personIds) {
      if (await removeMember(tx, clusterId, personId)) {
        await appendAudit(tx, {
          actorId: personId,
          action: 'cluster.left_in_teams',
          entity: 'cluster',
          entityId: clusterId,
          details: { where },
        });
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
export async function addAppToChannel(
  deps: ChannelSyncDeps,
  graph: ChannelGraph,
  work: ChannelWork,
  teamId: string,
  channelId: string,
): Promise<void> {
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
    if (err instanceof GraphFailure && (err.status === 404 || err.status === 403))
      throw new Postpone('waiting', WAIT_FOR_ADMIN_MS, WAITING.teamNotFound);
    throw err;
  }
}
