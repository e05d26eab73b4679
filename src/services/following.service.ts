import type pg from 'pg';
import { DIGEST_CADENCES, type DigestCadence } from '../domain/digest.js';
import { getClusterView } from '../store/clusters.repository.js';
import {
  follow,
  getSettings,
  isFollowing,
  listFollowed,
  saveSettings,
  unfollow,
  type FollowEntity,
  type FollowedItem,
  type PersonSettings,
} from '../store/follows.repository.js';
import { getMissionView } from '../store/missions.repository.js';
import type { Viewer } from '../ports/services.port.js';
import { canDecideMissions } from '../domain/roles.js';
import { mayRead } from './history.service.js';

export type { FollowEntity, FollowedItem, PersonSettings };

/** `unfollowedUnseen`: a follow of something the person may not see (any more) is gone; nothing else is said. */
export type FollowOutcome = 'followed' | 'unfollowed' | 'already' | 'notFound' | 'unfollowedUnseen';

/** How a settings card's answer was taken: saved, or refused for one field (and nothing stored). */
export type SettingsOutcome = 'saved' | 'invalidDigest' | 'invalidShowSupport';

/** An Input.Toggle answers "true" or "false"; anything else is not a yes or a no. */
function readToggle(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/** A follow made this many seconds ago counts as the same press (a double click, a retried activity). */
const SAME_PRESS_SECONDS = 10;

/** How many followed things the settings card lists. */
export const FOLLOWED_SHOWN = 15;

export type FollowingService = ReturnType<typeof createFollowingService>;

/** Following missions and clusters ("Følg" / "Følg ikke længere"), and a person's own digest settings. */
export function createFollowingService({ pool }: { pool: pg.Pool }) {
  async function title(viewer: Viewer, entity: FollowEntity, id: string): Promise<string | undefined> {
    if (entity === 'mission') {
      const m = await getMissionView(pool, id, viewer.id);
      return m && mayRead(viewer, m) ? m.title : undefined;
    }
    return (await getClusterView(pool, id))?.name;
  }

  return {
    /**
     * Follows or stops following; saying the same twice (a double click, a retried activity) changes
     * nothing and says so.
     */
    async set(
      viewer: Viewer,
      entity: FollowEntity,
      id: string,
      on: boolean,
    ): Promise<{ outcome: FollowOutcome; title?: string }> {
      const name = await title(viewer, entity, id);
      // Stopping always works, and says nothing about what the person may not see (a declined proposal).
      if (name === undefined && !on) {
        await unfollow(pool, viewer.id, entity, id);
        return { outcome: 'unfollowedUnseen' };
      }
      if (name === undefined) return { outcome: 'notFound' };
      // A double click, or Teams retrying the activity, is answered as the first press was: a follow made a
      // moment ago is "now following", and stopping twice is "no longer following" both times.
      if (on) {
        const made = await follow(pool, viewer.id, entity, id, 'chosen', SAME_PRESS_SECONDS);
        return { outcome: made === 'existing' ? 'already' : 'followed', title: name };
      }
      await unfollow(pool, viewer.id, entity, id);
      return { outcome: 'unfollowed', title: name };
    },

    isFollowing: (viewer: Viewer, entity: FollowEntity, id: string) => isFollowing(pool, viewer.id, entity, id),

    /** What the person follows and may see now (as the lists and the digest show it), newest first. */
    followed: (viewer: Viewer) => listFollowed(pool, viewer.id, canDecideMissions(viewer.roles), FOLLOWED_SHOWN + 1),

    settings: (viewer: Viewer) => getSettings(pool, viewer.id),

    /** Saves the settings card; an unknown cadence, or a name choice that is neither on nor off, changes nothing. */
    async saveSettings(viewer: Viewer, raw: { digest?: unknown; showSupport?: unknown }): Promise<SettingsOutcome> {
      const current = await getSettings(pool, viewer.id);
      const digest = raw.digest === undefined ? current.digest : raw.digest;
      if (!DIGEST_CADENCES.includes(digest as DigestCadence)) return 'invalidDigest';
      const showSupport = raw.showSupport === undefined ? current.showSupport : readToggle(raw.showSupport);
      if (showSupport === undefined) return 'invalidShowSupport';
      await saveSettings(pool, viewer.id, { digest: digest as DigestCadence, showSupport });
      return 'saved';
    },
  };
}
