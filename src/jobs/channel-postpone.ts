/** Why cluster channel work waits or retries, and for how long; shared by the channel jobs. */

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
export const WAIT_FOR_CONFIG_MS = 5 * 60_000;
/** Waiting for an administrator (a full team, the app to be added to a shared channel): looked at again this often. */
export const WAIT_FOR_ADMIN_MS = 15 * 60_000;

/** What only an administrator or team owner can fix: the coordinator is told in their chat as well. */
export type AdminReason = (typeof WAITING)['teamFull' | 'appNotInChannel' | 'teamNotFound'];
export const ADMIN_REASONS = new Set<string>([WAITING.teamFull, WAITING.appNotInChannel, WAITING.teamNotFound]);

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
