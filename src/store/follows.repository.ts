/** Who follows which mission or cluster, and each person's own settings (digest cadence, shown as supporter). */
import { sql } from 'kysely';
import type { DigestCadence } from '../domain/digest.js';
import type { Queryable } from './database.js';
import { all, first, q, run } from './query.js';
import type { FollowsTable } from './schema.js';

export type FollowEntity = FollowsTable['entity'];
export type FollowReason = FollowsTable['reason'];

/**
 * Starts following (a second click changes nothing): 'made' when the row is new, 'recent' when it was made
 * within `recentSeconds` (the same press, twice), 'existing' when the person followed before that.
 */
export async function follow(
  db: Queryable,
  personId: string,
  entity: FollowEntity,
  entityId: string,
  reason: FollowReason,
  recentSeconds = 0,
): Promise<'made' | 'recent' | 'existing'> {
  const inserted = await run(
    db,
    q
      .insertInto('follows')
      .values({ person_id: personId, entity, entity_id: entityId, reason })
      .onConflict((oc) => oc.doNothing()),
  );
  if (inserted > 0) return 'made';
  const row = await first(
    db,
    q
      .selectFrom('follows')
      .select(sql<boolean>`created_at > now() - make_interval(secs => ${recentSeconds})`.as('recent'))
      .where('person_id', '=', personId)
      .where('entity', '=', entity)
      .where('entity_id', '=', entityId),
  );
  return row?.recent ? 'recent' : 'existing';
}

/** Stops following; true when the person did follow. */
export async function unfollow(db: Queryable, personId: string, entity: FollowEntity, entityId: string) {
  const deleted = await run(
    db,
    q
      .deleteFrom('follows')
      .where('person_id', '=', personId)
      .where('entity', '=', entity)
      .where('entity_id', '=', entityId),
  );
  return deleted > 0;
}

export async function isFollowing(db: Queryable, personId: string, entity: FollowEntity, entityId: string) {
  const row = await first(
    db,
    q
      .selectFrom('follows')
      .select('entity_id')
      .where('person_id', '=', personId)
      .where('entity', '=', entity)
      .where('entity_id', '=', entityId),
  );
  return row !== undefined;
}

/**
 * Whether the person (`person`, an SQL expression for their id) may see mission `m`: a declined proposal only as
 * its proposer, a supporter, or (`decider`, an SQL boolean) one who decides. The lists' rule (mayRead), in SQL,
 * for what one follows and for the digest.
 */
const mayReadMission = (person: string, decider: string) =>
  `(m.status <> 'declined' OR m.proposer_id = ${person} OR ${decider}
    OR EXISTS (SELECT 1 FROM mission_supporters ms WHERE ms.mission_id = m.id AND ms.person_id = ${person}))`;

export interface FollowedItem {
  entity: FollowEntity;
  id: string;
  title: string;
}

/**
 * What a person follows and may see, newest first (missions by title, clusters by name): a declined proposal
 * only for its proposer, its supporters and, with `decider`, those who decide (the rule of the lists and the
 * digest).
 */
export async function listFollowed(
  db: Queryable,
  personId: string,
  decider: boolean,
  limit: number,
): Promise<FollowedItem[]> {
  const { rows } = await db.query<{ entity: FollowEntity; id: string; title: string }>(
    `SELECT f.entity, f.entity_id AS id, coalesce(m.title, c.name) AS title
     FROM follows f
     LEFT JOIN missions m ON f.entity = 'mission' AND m.id = f.entity_id
     LEFT JOIN clusters c ON f.entity = 'cluster' AND c.id = f.entity_id
     WHERE f.person_id = $1 AND coalesce(m.title, c.name) IS NOT NULL
       AND (m.id IS NULL OR ${mayReadMission('$1', '$2')})
     ORDER BY f.created_at DESC, f.entity_id LIMIT $3`,
    [personId, decider, limit],
  );
  return rows;
}

export interface PersonSettings {
  digest: DigestCadence;
  showSupport: boolean;
}

export const DEFAULT_SETTINGS: PersonSettings = { digest: 'weekly', showSupport: false };

export async function getSettings(db: Queryable, personId: string): Promise<PersonSettings> {
  const row = await first(
    db,
    q.selectFrom('person_settings').select(['digest', 'show_support']).where('person_id', '=', personId),
  );
  return row ? { digest: row.digest, showSupport: row.show_support } : DEFAULT_SETTINGS;
}

export async function saveSettings(db: Queryable, personId: string, s: PersonSettings): Promise<void> {
  await run(
    db,
    q
      .insertInto('person_settings')
      .values({ person_id: personId, digest: s.digest, show_support: s.showSupport })
      .onConflict((oc) =>
        oc.column('person_id').doUpdateSet({ digest: s.digest, show_support: s.showSupport, updated_at: new Date() }),
      ),
  );
}

export interface DigestRecipient {
  personId: string;
  cadence: DigestCadence;
  /** The start of the last period a digest was made for (sent, or found empty). */
  lastStart: Date | null;
  /** Followed missions the person may read (a declined one only as its proposer, supporter or a decider). */
  missionIds: string[];
  /** Of those, the ones the person proposed (whose decisions they were told at once). */
  ownMissionIds: string[];
  clusterIds: string[];
}

/**
 * The people a digest for this period is still to be made for: who followed something when the period began,
 * are in the organisation import (not removed from it, not erased), have not turned the digest off, and have no
 * digest for the period. (Who starts following mid-week gets their first digest the Monday after.)
 */
export async function digestRecipients(
  db: Queryable,
  periodStart: Date,
  cadences: readonly DigestCadence[],
  deciderRoles: readonly string[],
): Promise<DigestRecipient[]> {
  const { rows } = await db.query<{
    person_id: string;
    cadence: DigestCadence;
    last_start: Date | null;
    mission_ids: string[] | null;
    own_mission_ids: string[] | null;
    cluster_ids: string[] | null;
  }>(
    `SELECT p.id AS person_id, coalesce(s.digest, 'weekly') AS cadence,
            (SELECT max(d.period_start) FROM digests_sent d WHERE d.person_id = p.id) AS last_start,
            array_agg(m.id::text) FILTER (WHERE m.id IS NOT NULL AND ${mayReadMission('p.id', 'p.roles && $3::text[]')})
              AS mission_ids,
            array_agg(m.id::text) FILTER (WHERE m.proposer_id = p.id) AS own_mission_ids,
            array_agg(f.entity_id::text) FILTER (WHERE f.entity = 'cluster') AS cluster_ids
     FROM persons p
     JOIN follows f ON f.person_id = p.id AND f.created_at <= $1
     LEFT JOIN missions m ON f.entity = 'mission' AND m.id = f.entity_id
     LEFT JOIN person_settings s ON s.person_id = p.id
     WHERE p.source = 'import' AND p.removed_from_import_at IS NULL
       AND coalesce(s.digest, 'weekly') = ANY($2::text[])
       AND NOT EXISTS (SELECT 1 FROM digests_sent d WHERE d.person_id = p.id AND d.period_start = $1)
     GROUP BY p.id, s.digest
     ORDER BY p.id`,
    [periodStart, cadences, deciderRoles],
  );
  return rows.map((r) => ({
    personId: r.person_id,
    cadence: r.cadence,
    lastStart: r.last_start,
    missionIds: r.mission_ids ?? [],
    ownMissionIds: r.own_mission_ids ?? [],
    clusterIds: r.cluster_ids ?? [],
  }));
}

/** Mission titles and cluster names (with each cluster's mission), for the digest's headings. */
export async function followedTitles(
  db: Queryable,
  missionIds: readonly string[],
  clusterIds: readonly string[],
): Promise<{ missions: Map<string, string>; clusters: Map<string, { name: string; missionId: string }> }> {
  const [missions, clusters] = await Promise.all([
    missionIds.length
      ? all(
          db,
          q
            .selectFrom('missions')
            .select(['id', 'title'])
            .where(sql<boolean>`id = ANY(${missionIds}::uuid[])`),
        )
      : [],
    clusterIds.length
      ? all(
          db,
          q
            .selectFrom('clusters')
            .select(['id', 'name', 'mission_id'])
            .where(sql<boolean>`id = ANY(${clusterIds}::uuid[])`),
        )
      : [],
  ]);
  return {
    missions: new Map(missions.map((m) => [m.id, m.title])),
    clusters: new Map(clusters.map((c) => [c.id, { name: c.name, missionId: c.mission_id }])),
  };
}

export interface DigestToMake {
  personId: string;
  since: Date;
  /** How many steps it tells; 0: nothing new, nothing is sent. */
  items: number;
  payload: unknown;
}

/**
 * Marks the period's digests as made and enqueues the messages of those with news, in one statement: a
 * person whose digest for the period is made already (by another instance, or by this one before a restart)
 * is left out, so each digest is enqueued once. Returns the outbox ids to deliver.
 */
export async function claimDigests(
  db: Queryable,
  periodStart: Date,
  digests: readonly DigestToMake[],
): Promise<string[]> {
  if (digests.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `WITH input AS (
       SELECT t.person_id, t.since, t.items, t.payload,
              CASE WHEN t.items > 0 THEN gen_random_uuid() END AS outbox_id
       FROM unnest($2::text[], $3::timestamptz[], $4::int[], $5::jsonb[]) AS t(person_id, since, items, payload)),
     claimed AS (
       INSERT INTO digests_sent (person_id, period_start, since, items, outbox_id)
       SELECT person_id, $1, since, items, outbox_id FROM input
       ON CONFLICT DO NOTHING RETURNING person_id, outbox_id)
     INSERT INTO outbox (id, dedupe_key, person_id, payload)
     SELECT c.outbox_id, 'digest:' || i.person_id || ':' || $6, i.person_id, i.payload
     FROM claimed c JOIN input i USING (person_id)
     WHERE c.outbox_id IS NOT NULL
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [
      periodStart,
      digests.map((d) => d.personId),
      digests.map((d) => d.since),
      digests.map((d) => d.items),
      digests.map((d) => JSON.stringify(d.payload)),
      periodStart.toISOString(),
    ],
  );
  return rows.map((r) => r.id);
}
