/** Reasons stored for a waiting channel; the cards translate them. */
export const WAITING = {
  graph: 'graph-not-configured',
  team: 'team-not-configured',
  bot: 'bot-not-in-team',
  teamNotFound: 'team-not-found',
  teamFull: 'team-full',
  appNotInChannel: 'app-not-in-channel',
} as const;

/** The channel was deleted in Teams: the record forgets it and a new one is made. */
export const CHANNEL_GONE = 'channel-gone';

/** What only an administrator or team owner can fix: the coordinator is told in their chat as well. */
export type AdminReason = (typeof WAITING)['teamFull' | 'appNotInChannel' | 'teamNotFound'];
export const ADMIN_REASONS = new Set<string>([WAITING.teamFull, WAITING.appNotInChannel, WAITING.teamNotFound]);
