import type pg from 'pg';
import { wakeChannelsOfTeam } from '../store/channels.repository.js';
import { deleteTeamRef, saveTeamRef, type TeamRef } from '../store/team-refs.repository.js';
import type { ChannelScheduler } from './ports.js';

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
  };
}
