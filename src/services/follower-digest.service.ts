import type pg from 'pg';
import { digestDue, digestPeriod, digestSince, type DigestCadence } from '../domain/digest.js';
import type { HistoryEvent } from '../domain/history.js';
import type { Notice } from '../domain/notice.js';
import { DECIDER_ROLES } from '../domain/roles.js';
import {
  claimDigests,
  digestRecipients,
  followedTitles,
  type DigestRecipient,
  type DigestToMake,
} from '../store/follows.repository.js';
import { historyBetween, type HistoryRow } from '../store/history.repository.js';
import type { DeliveryScheduler } from '../ports/services.port.js';
import { includesReader, toEvent } from './history.service.js';

/** A digest card shows at most this many followed things, and this many events of each (the newest). */
export const DIGEST_ENTITIES = 6;
export const DIGEST_EVENTS = 5;
/** People whose digests are written in one statement. */
const BATCH = 200;

type DigestEntity = Extract<Notice, { kind: 'followDigest' }>['entities'][number];

export interface DigestRun {
  period: Date;
  /** People a digest was due for in this run. */
  due: number;
  /** Digests enqueued for sending. */
  sent: number;
  /** People with nothing new: no message. */
  empty: number;
}

interface Happening {
  row: HistoryRow;
  event: HistoryEvent;
}

/**
 * "Nyt fra det, du følger": once a period (Monday 08:00 in the organisation's zone, weekly or fortnightly as
 * each person chose), every follower gets one card with what happened to what they follow since their last
 * one, through the outbox. The period's row in digests_sent, written in the statement that enqueues the
 * message, makes it once per person and period across restarts and instances; runs later in the week catch up
 * on what an earlier run did not reach. Nothing is sent when nothing happened, nor to people who left the import.
 */
export async function runFollowerDigests(
  pool: pg.Pool,
  scheduler: DeliveryScheduler,
  timeZone: string,
  now: Date = new Date(),
): Promise<DigestRun> {
  const period = digestPeriod(now, timeZone);
  const cadences = (['weekly', 'fortnightly'] as DigestCadence[]).filter((c) => digestDue(c, period));
  const recipients = await digestRecipients(pool, period.start, cadences, DECIDER_ROLES);
  const run: DigestRun = { period: period.start, due: recipients.length, sent: 0, empty: 0 };
  if (recipients.length === 0) return run;

  const since = new Map(recipients.map((r) => [r.personId, digestSince(r.cadence, period, r.lastStart ?? undefined)]));
  const clusterIds = [...new Set(recipients.flatMap((r) => r.clusterIds))];
  const titles = await followedTitles(pool, [...new Set(recipients.flatMap((r) => r.missionIds))], clusterIds);
  const missionIds = new Set(recipients.flatMap((r) => r.missionIds));
  for (const c of titles.clusters.values()) missionIds.add(c.missionId);
  const earliest = new Date(Math.min(...[...since.values()].map((d) => d.getTime())));
  const rows = await historyBetween(pool, [...missionIds], earliest, period.start, timeZone);
  // Everything that happened, once, filed by mission and by cluster.
  const byMission = new Map<string, Happening[]>();
  const byCluster = new Map<string, Happening[]>();
  for (const row of rows) {
    const h = { row, event: toEvent(row) };
    push(byMission, row.mission_id, h);
    if (row.cluster_id) push(byCluster, row.cluster_id, h);
  }

  for (let i = 0; i < recipients.length; i += BATCH) {
    const digests = recipients.slice(i, i + BATCH).map((r): DigestToMake => {
      const from = since.get(r.personId)!;
      const entities = digestFor(r, from, byMission, byCluster, titles);
      const notice: Notice = {
        kind: 'followDigest',
        since: from.toISOString(),
        entities: entities.slice(0, DIGEST_ENTITIES),
        moreEntities: Math.max(0, entities.length - DIGEST_ENTITIES),
      };
      return {
        personId: r.personId,
        since: from,
        items: entities.reduce((n, e) => n + e.events.length + e.more, 0),
        payload: notice,
      };
    });
    const outboxIds = await claimDigests(pool, period.start, digests);
    run.sent += outboxIds.length;
    run.empty += digests.filter((d) => d.items === 0).length;
    await scheduler.deliverSoon(outboxIds);
  }
  return run;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * One person's digest: per followed mission (with its clusters' news) and per followed cluster of a mission
 * they do not follow, what others did since `from`. Decisions on their own proposals are left out: those
 * they were told at once.
 */
function digestFor(
  r: DigestRecipient,
  from: Date,
  byMission: Map<string, Happening[]>,
  byCluster: Map<string, Happening[]>,
  titles: Awaited<ReturnType<typeof followedTitles>>,
): DigestEntity[] {
  const own = new Set(r.ownMissionIds);
  const followedMissions = new Set(r.missionIds);
  const keep = (h: Happening, missionId: string) =>
    h.row.at > from &&
    h.row.actor_id !== r.personId &&
    !(own.has(missionId) && (h.event.kind === 'decided' || h.event.kind === 'concluded'));
  // Among a day's new contributors or members, the reader is not news to themself.
  const seen = (h: Happening): HistoryEvent | undefined => {
    if (!includesReader(h.row, r.personId)) return h.event;
    const event = toEvent(h.row, r.personId);
    return 'count' in event && event.count === 0 ? undefined : event;
  };
  const entity = (kind: 'mission' | 'cluster', id: string, title: string, found: Happening[]): DigestEntity => {
    const events = found.flatMap((h) => seen(h) ?? []);
    return {
      entity: kind,
      id,
      title,
      events: events.slice(-DIGEST_EVENTS),
      more: Math.max(0, events.length - DIGEST_EVENTS),
    };
  };
  const out: DigestEntity[] = [];
  for (const id of r.missionIds) {
    const found = (byMission.get(id) ?? []).filter((h) => keep(h, id) && seen(h));
    if (found.length) out.push(entity('mission', id, titles.missions.get(id) ?? '', found));
  }
  for (const id of r.clusterIds) {
    const cluster = titles.clusters.get(id);
    if (!cluster || followedMissions.has(cluster.missionId)) continue;
    const found = (byCluster.get(id) ?? []).filter((h) => keep(h, cluster.missionId) && seen(h));
    if (found.length) out.push(entity('cluster', id, cluster.name, found));
  }
  return out;
}
