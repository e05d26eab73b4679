import type pg from 'pg';
import type { Logger } from 'pino';
import type { ChannelCardPoster } from '../ports/channel-card.port.js';
import type { ChannelGraph, RosterMember } from '../ports/channel-graph.port.js';
import { findTeamRef, type TeamRef } from '../store/team-refs.repository.js';

/**
 * What the cluster-channel jobs share (channel-sync, channel-members, channel-cards): their dependencies, the
 * short-lived caches of team references and rosters, and how work is given back to wait or retry (why it
 * waits: domain/channel-waiting.ts).
 */

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
    get(
      teamId: string,
      read: () => Promise<RosterMember[]>,
      notBefore: Date | null = null,
    ): Promise<Map<string, RosterMember>> {
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

export const WAIT_FOR_CONFIG_MS = 5 * 60_000;
/** Waiting for an administrator (a full team, the app to be added to a shared channel): looked at again this often. */
export const WAIT_FOR_ADMIN_MS = 15 * 60_000;

/** Gives channel work back: in which state, for how long, and why (the card shows the reason). */
export class Postpone extends Error {
  constructor(
    readonly state: 'waiting' | 'retrying' | 'pending',
    readonly delayMs: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}
