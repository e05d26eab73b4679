import type pg from 'pg';
import { markAppEnabledInChannel, wakeChannelsOfTeam } from '../store/channels.repository.js';
import { clustersTouchedInTeams, requestReconcile } from '../store/team-members.repository.js';
import { deleteTeamRef, saveTeamRef, type TeamRef } from '../store/team-refs.repository.js';
import type { ChannelScheduler } from '../ports/services.port.js';

export type TeamsService = ReturnType<typeof createTeamsService>;

/** The teams the bot is installed in: where cluster status cards can be posted from. */
export function createTeamsService(pool: pg.Pool, scheduler: ChannelScheduler) {
  return {
    /** Stores the team's reference and wakes channel work that waited for the bot to arrive. */
    async rememberTeam(team: TeamRef): Promise<void> {
      await saveTeamRef(pool, team);
      await scheduler.syncChannelsSoon(await wakeChannelsOfTeam(pool, team.teamId));
    },
    async forgetTeam(teamId: string): Promise<void> {
      await deleteTeamRef(pool, teamId);
    },
    /**
     * People were removed from the team, or from a shared channel, in Teams. The clusters they were in
     * compare their members with Teams now (through Graph, which is the truth; the event only says when).
     * Additions in Teams change no cluster, and removals the app made itself concern no cluster member.
     */
    /** The app was added to a channel: a shared cluster channel waiting for it gets its status card. */
    async appAddedToChannel(channelId: string): Promise<boolean> {
      const clusterId = await markAppEnabledInChannel(pool, channelId);
      if (clusterId) await scheduler.syncChannelsSoon([clusterId]);
      return Boolean(clusterId);
    },
    async removedInTeams(where: { teamId?: string; channelId?: string }, personIds: string[]): Promise<number> {
      const touched = await clustersTouchedInTeams(pool, where, personIds);
      if (touched.length === 0) return 0;
      await scheduler.syncChannelsSoon(await requestReconcile(pool, { clusterIds: touched }));
      return touched.length;
    },
  };
}
