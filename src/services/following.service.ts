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
import { mayRead } from './history.service.js';

export type { FollowEntity, FollowedItem, PersonSettings };

export type FollowOutcome = 'followed' | 'unfollowed' | 'already' | 'notFollowing' | 'notFound';

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
      if (name === undefined) return { outcome: 'notFound' };
      if (on)
        return { outcome: (await follow(pool, viewer.id, entity, id, 'chosen')) ? 'followed' : 'already', title: name };
      return { outcome: (await unfollow(pool, viewer.id, entity, id)) ? 'unfollowed' : 'notFollowing', title: name };
    },

    isFollowing: (viewer: Viewer, entity: FollowEntity, id: string) => isFollowing(pool, viewer.id, entity, id),

    followed: (viewer: Viewer) => listFollowed(pool, viewer.id, FOLLOWED_SHOWN + 1),

    settings: (viewer: Viewer) => getSettings(pool, viewer.id),

    /** Saves the settings card; an unknown cadence changes nothing and is refused. */
    async saveSettings(viewer: Viewer, raw: { digest?: unknown; showSupport?: unknown }): Promise<boolean> {
      const current = await getSettings(pool, viewer.id);
      const digest = raw.digest === undefined ? current.digest : raw.digest;
      if (!DIGEST_CADENCES.includes(digest as DigestCadence)) return false;
      const showSupport =
        raw.showSupport === undefined ? current.showSupport : raw.showSupport === true || raw.showSupport === 'true';
      await saveSettings(pool, viewer.id, { digest: digest as DigestCadence, showSupport });
      return true;
    },
  };
}
