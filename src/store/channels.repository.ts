import { channelNameCandidate, type ClusterChannelType } from '../domain/cluster.js';
import type { StoredReference } from '../views/conversations.js';
import { sql, type Selectable } from 'kysely';
import type { Queryable } from './database.js';
import { all, first, leaseFree, now, q, run } from './query.js';
import type { ClusterChannelsTable } from './schema.js';
import type { ChannelState } from '../views/clusters.js';

/** A claimed channel row with its cluster's name, versions and coordinator (claimChannelWork, claimCardOnlyWork). */
type WorkRow = Selectable<ClusterChannelsTable> & {
  cluster_name: string;
  members_version: number;
  version: number;
  coordinator_id: string;
};

/** Everything the channel job needs about one cluster, read after it took the lease. */
export interface ChannelWork {
  clusterId: string;
  clusterName: string;
  teamId: string | null;
  membershipType: ClusterChannelType;
  displayName: string;
  /** Shared channels: the app has been added to the channel, so the bot can post there. */
  appEnabled: boolean;
  /** When a comparison with Teams was last asked for: a member list read before then is too old. */
  reconciledAt: Date | null;
  channelId: string | null;
  webUrl: string | null;
  membersSyncedVersion: number;
  membersVersion: number;
  cardActivityId: string | null;
  cardVersion: number;
  version: number;
  coordinatorId: string;
  attempts: number;
}

/**
 * The clusters' versions as committed, for deciding whether channel work is done. Read under a share lock
 * (in id order, as touchClusters locks them): a plain join in an UPDATE that waited for a concurrent
 * touchClusters would re-check the channel row against the version from before the touch, call the work
 * ready and leave the status card one change behind for good.
 */
const CURRENT_VERSIONS = (ids: string) =>
  `MATERIALIZED (SELECT id, version, members_version FROM clusters WHERE id = ${ids} ORDER BY id FOR SHARE)`;

/** Members are in Teams (the team's, or the shared channel's, with the app added to it). */
const MEMBERS_IN_PLACE = `ch.members_synced_version >= c.members_version AND (ch.membership_type = 'standard' OR ch.app_enabled)`;

/**
 * The one rule for "this channel is in line with its cluster" (`ch` the channel row, `c` the cluster):
 * the channel exists, its members are where Teams shows them the channel, and the card shows the latest version.
 */
const readyWhenCardAt = (cardVersion: string) =>
  `CASE WHEN ch.channel_id IS NOT NULL AND ${cardVersion} >= c.version AND ${MEMBERS_IN_PLACE}
        THEN 'ready' ELSE 'pending' END`;

/** Creates the cluster's channel record with a name no other cluster in the team holds. */
export async function insertChannelRecord(
  db: Queryable,
  clusterId: string,
  clusterName: string,
  teamId: string | null,
  membershipType: ClusterChannelType,
  /** Known at once: the channel cannot be made yet, and why (so the first card says so, not "being created"). */
  waiting?: string,
): Promise<void> {
  for (let n = 1; n < 1000; n++) {
    const { rowCount } = await db.query(
      `INSERT INTO cluster_channels (cluster_id, team_id, membership_type, display_name, state, last_error)
       SELECT $1, $2, $3, $4, CASE WHEN $5::text IS NULL THEN 'pending' ELSE 'waiting' END, $5::text
       WHERE NOT EXISTS (SELECT 1 FROM cluster_channels WHERE team_id = $2 AND lower(display_name) = lower($4))
       ON CONFLICT (cluster_id) DO NOTHING`,
      [clusterId, teamId, membershipType, channelNameCandidate(clusterName, n), waiting ?? null],
    );
    if (
      rowCount === 1 ||
      (await db.query('SELECT 1 FROM cluster_channels WHERE cluster_id = $1', [clusterId])).rowCount
    )
      return;
  }
  throw new Error('no free channel name');
}

/** Moves the record to the next free name in its team (a channel we did not create holds the current one). */
export async function renameChannelRecord(
  db: Queryable,
  clusterId: string,
  clusterName: string,
  teamId: string,
  after: string,
): Promise<string> {
  for (let n = 2; n < 1000; n++) {
    const name = channelNameCandidate(clusterName, n);
    if (name === after) continue;
    const { rowCount } = await db.query(
      `UPDATE cluster_channels SET display_name = $3, team_id = $2, updated_at = now()
       WHERE cluster_id = $1 AND NOT EXISTS (SELECT 1 FROM cluster_channels WHERE team_id = $2 AND lower(display_name) = lower($3))`,
      [clusterId, teamId, name],
    );
    if (rowCount === 1) return name;
  }
  throw new Error('no free channel name');
}

/** Takes a lease so only one worker anywhere works on this cluster's channel. */
export async function claimChannelWork(
  db: Queryable,
  clusterId: string,
  leaseSeconds: number,
): Promise<ChannelWork | undefined> {
  const { rows } = await db.query<WorkRow>(
    `WITH claimed AS (
       UPDATE cluster_channels SET claimed_until = now() + make_interval(secs => $2), attempts = attempts + 1
       WHERE cluster_id = $1 AND state <> 'ready' AND (claimed_until IS NULL OR claimed_until < now())
       RETURNING *)
     SELECT ch.*, c.name AS cluster_name, c.members_version, c.version, c.coordinator_id
     FROM claimed ch JOIN clusters c ON c.id = ch.cluster_id`,
    [clusterId, leaseSeconds],
  );
  return rows[0] ? toWork(rows[0]) : undefined;
}

function toWork(r: WorkRow): ChannelWork {
  return {
    clusterId: r.cluster_id,
    clusterName: r.cluster_name,
    teamId: r.team_id,
    membershipType: r.membership_type,
    displayName: r.display_name,
    appEnabled: r.app_enabled,
    reconciledAt: r.reconciled_at,
    channelId: r.channel_id,
    webUrl: r.web_url,
    membersSyncedVersion: r.members_synced_version,
    membersVersion: r.members_version,
    cardActivityId: r.card_activity_id,
    cardVersion: r.card_version,
    version: r.version,
    coordinatorId: r.coordinator_id,
    attempts: r.attempts,
  };
}

/**
 * Claims, in one statement, the clusters whose channel and members are in place and only the status
 * card is behind: the common case when a change touches many clusters at once.
 */
export async function claimCardOnlyWork(
  db: Queryable,
  clusterIds: readonly string[],
  leaseSeconds: number,
): Promise<ChannelWork[]> {
  const { rows } = await db.query<WorkRow>(
    `WITH claimed AS (
       UPDATE cluster_channels ch SET claimed_until = now() + make_interval(secs => $2), attempts = attempts + 1
       FROM clusters c
       WHERE c.id = ch.cluster_id AND ch.cluster_id = ANY($1::uuid[]) AND ch.state <> 'ready'
         AND (ch.claimed_until IS NULL OR ch.claimed_until < now())
         AND ch.team_id IS NOT NULL AND ch.channel_id IS NOT NULL AND ch.card_activity_id IS NOT NULL
         AND ch.card_version < c.version
         AND ${MEMBERS_IN_PLACE}
       RETURNING ch.*, c.name AS cluster_name, c.members_version, c.version, c.coordinator_id)
     SELECT * FROM claimed`,
    [clusterIds, leaseSeconds],
  );
  return rows.map(toWork);
}

/** Records many sent cards and ends their runs in one statement; returns the clusters now ready. */
export async function saveCardsAndFinish(
  db: Queryable,
  sent: readonly { clusterId: string; version: number; channelId: string }[],
): Promise<string[]> {
  if (sent.length === 0) return [];
  const { rows } = await db.query<{ cluster_id: string; state: ChannelState }>(
    `WITH logged AS (INSERT INTO send_log (conversation_id) SELECT unnest($3::text[])),
     s AS (SELECT unnest($1::uuid[]) AS cluster_id, unnest($2::int[]) AS version),
     c AS ${CURRENT_VERSIONS('ANY($1::uuid[])')}
     UPDATE cluster_channels ch SET
       card_version = GREATEST(ch.card_version, s.version),
       state = ${readyWhenCardAt('GREATEST(ch.card_version, s.version)')},
       claimed_until = NULL, last_error = NULL, attempts = 0, next_attempt_at = now(), updated_at = now()
     FROM s, c
     WHERE ch.cluster_id = s.cluster_id AND c.id = ch.cluster_id
     RETURNING ch.cluster_id, ch.state`,
    [sent.map((x) => x.clusterId), sent.map((x) => x.version), sent.map((x) => x.channelId)],
  );
  return rows.filter((r) => r.state === 'ready').map((r) => r.cluster_id);
}

export async function extendLeases(db: Queryable, clusterIds: readonly string[], leaseSeconds: number): Promise<void> {
  await db.query(
    `UPDATE cluster_channels SET claimed_until = now() + make_interval(secs => $2) WHERE cluster_id = ANY($1::uuid[]) AND claimed_until IS NOT NULL`,
    [clusterIds, leaseSeconds],
  );
}

export async function assignTeam(db: Queryable, clusterId: string, teamId: string): Promise<void> {
  await run(
    db,
    q
      .updateTable('cluster_channels')
      .set({ team_id: teamId })
      .where('cluster_id', '=', clusterId)
      .where('team_id', 'is', null),
  );
}

export async function saveChannel(
  db: Queryable,
  clusterId: string,
  channelId: string,
  webUrl: string | null,
): Promise<void> {
  await run(
    db,
    q
      .updateTable('cluster_channels')
      .set({ channel_id: channelId, web_url: webUrl, last_error: null, reconciled_at: now, updated_at: now })
      .where('cluster_id', '=', clusterId),
  );
}

/** The channel disappeared in Teams: start over with a new one (and a new status card). */
export async function forgetChannel(db: Queryable, clusterId: string): Promise<void> {
  await run(
    db,
    q
      .updateTable('cluster_channels')
      .set({
        channel_id: null,
        web_url: null,
        card_activity_id: null,
        card_version: 0,
        members_synced_version: 0,
        app_enabled: false,
        updated_at: now,
      })
      .where('cluster_id', '=', clusterId),
  );
}

export async function markMembersSynced(db: Queryable, clusterId: string, version: number): Promise<void> {
  await run(
    db,
    q
      .updateTable('cluster_channels')
      .set((eb) => ({ members_synced_version: eb.fn('greatest', ['members_synced_version', eb.val(version)]) }))
      .where('cluster_id', '=', clusterId),
  );
}

export async function saveCard(
  db: Queryable,
  clusterId: string,
  activityId: string,
  version: number,
  conversationId: string,
): Promise<void> {
  await db.query(
    `WITH sent AS (INSERT INTO send_log (conversation_id) VALUES ($4))
     UPDATE cluster_channels SET card_activity_id = $2, card_version = GREATEST(card_version, $3), updated_at = now() WHERE cluster_id = $1`,
    [clusterId, activityId, version, conversationId],
  );
}

/**
 * Ends a run that did everything it found to do. The row is ready only if nothing changed meanwhile;
 * otherwise it stays due, so the change is picked up on the next run.
 */
export async function finishChannelWork(db: Queryable, clusterId: string): Promise<boolean> {
  const { rows } = await db.query<{ state: ChannelState }>(
    `WITH c AS ${CURRENT_VERSIONS('$1')}
     UPDATE cluster_channels ch SET
       state = ${readyWhenCardAt('ch.card_version')},
       claimed_until = NULL, last_error = NULL, attempts = 0, next_attempt_at = now(), updated_at = now()
     FROM c WHERE c.id = ch.cluster_id AND ch.cluster_id = $1 RETURNING ch.state`,
    [clusterId],
  );
  return rows[0]?.state === 'ready';
}

/** Gives the work back with a visible reason and the time of the next try. */
export async function postponeChannelWork(
  db: Queryable,
  clusterId: string,
  state: 'pending' | 'waiting' | 'retrying',
  delayMs: number,
  reason: string,
): Promise<void> {
  await run(
    db,
    q
      .updateTable('cluster_channels')
      .set({
        state,
        last_error: reason,
        claimed_until: null,
        next_attempt_at: sql<Date>`now() + make_interval(secs => ${delayMs / 1000})`,
        updated_at: now,
      })
      .where('cluster_id', '=', clusterId),
  );
}

/** At start: configuration may have changed since work began waiting for it, so look again now. */
export async function wakeWaitingChannelWork(db: Queryable): Promise<number> {
  return run(db, q.updateTable('cluster_channels').set({ next_attempt_at: now }).where('state', '=', 'waiting'));
}

/** Clusters whose channel work is due and unheld: the sweeper hands them to the queue again. */
export async function findDueChannelWork(db: Queryable, limit: number): Promise<string[]> {
  const rows = await all(
    db,
    q
      .selectFrom('cluster_channels')
      .select('cluster_id')
      .where('state', '<>', 'ready')
      .where('next_attempt_at', '<=', now)
      .where(leaseFree('claimed_until'))
      .orderBy('next_attempt_at')
      .limit(limit),
  );
  return rows.map((r) => r.cluster_id);
}

export async function wakeChannelsOfTeam(db: Queryable, teamId: string): Promise<string[]> {
  const rows = await all(
    db,
    q
      .updateTable('cluster_channels')
      .set({ next_attempt_at: now })
      .where((eb) => eb.or([eb('team_id', '=', teamId), eb('team_id', 'is', null)]))
      .where('state', '<>', 'ready')
      .returning('cluster_id'),
  );
  return rows.map((r) => r.cluster_id);
}

/**
 * Where a post into a cluster's channel goes: the team's stored reference readdressed to the channel.
 * Undefined until the channel exists and the bot knows the team.
 */
export async function findChannelRef(db: Queryable, clusterId: string): Promise<StoredReference | undefined> {
  const row = await first(
    db,
    q
      .selectFrom('cluster_channels as cc')
      .innerJoin('team_refs as t', 't.team_id', 'cc.team_id')
      .select(['cc.channel_id', 't.reference'])
      .where('cc.cluster_id', '=', clusterId)
      .where('cc.channel_id', 'is not', null),
  );
  if (!row?.channel_id) return undefined;
  // Written by saveTeamRef from the reference Teams sent.
  const ref = row.reference as StoredReference;
  return {
    ...ref,
    conversation: { ...ref.conversation, id: row.channel_id, isGroup: true, conversationType: 'channel' },
    activityId: undefined,
  } as StoredReference;
}

export async function markAppDisabled(db: Queryable, clusterId: string): Promise<void> {
  await run(
    db,
    q.updateTable('cluster_channels').set({ app_enabled: false, updated_at: now }).where('cluster_id', '=', clusterId),
  );
}

/** Shared channels: the app is in the channel now. */
export async function markAppEnabled(db: Queryable, clusterId: string): Promise<void> {
  await run(
    db,
    q.updateTable('cluster_channels').set({ app_enabled: true, updated_at: now }).where('cluster_id', '=', clusterId),
  );
}

/** The app arrived in a shared cluster channel: its work is due now. Returns the cluster, if it is one. */
export async function markAppEnabledInChannel(db: Queryable, channelId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ cluster_id: string }>(
    `UPDATE cluster_channels SET app_enabled = true, state = CASE WHEN state = 'ready' THEN state ELSE 'pending' END,
       next_attempt_at = now(), updated_at = now()
     WHERE channel_id = $1 AND membership_type = 'shared' RETURNING cluster_id`,
    [channelId],
  );
  return rows[0]?.cluster_id;
}
