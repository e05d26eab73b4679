/**
 * Teams' limits for one bot in one conversation: msteams-docs "Optimize your bot with rate limiting"
 * (bots/how-to/rate-limit), "Per bot per thread limit", Send to conversation: 7 per 1 s, 8 per 2 s, 60 per
 * 30 s and 1,800 per 3,600 s.
 */
export const TEAMS_CONVERSATION_LIMITS = [
  { windowMs: 1_000, max: 7 },
  { windowMs: 2_000, max: 8 },
  { windowMs: 30_000, max: 60 },
  { windowMs: 3_600_000, max: 1_800 },
] as const;

/** The longest window: how far back a conversation's sends are read. */
export const LONGEST_WINDOW = TEAMS_CONVERSATION_LIMITS[TEAMS_CONVERSATION_LIMITS.length - 1];

export interface Window {
  windowMs: number;
  max: number;
}

/**
 * How long to wait before one more send fits every window, given earlier send times (at least the newest
 * `LONGEST_WINDOW.max` of the longest window). Zero means send now.
 */
export function waitBeforeSend(
  sentAt: readonly number[],
  now: number,
  limits: readonly Window[] = TEAMS_CONVERSATION_LIMITS,
): number {
  let wait = 0;
  for (const { windowMs, max } of limits) {
    const inWindow = sentAt.filter((t) => t > now - windowMs).sort((a, b) => a - b);
    if (inWindow.length >= max) {
      // The oldest send that must leave the window before one more fits.
      const blocker = inWindow[inWindow.length - max];
      wait = Math.max(wait, blocker + windowMs - now + 1);
    }
  }
  return wait;
}
