/** Teams' limits for one bot in one conversation (per the Bot Framework rate limiting guidance). */
export const TEAMS_CONVERSATION_LIMITS = [
  { windowMs: 1_000, max: 7 },
  { windowMs: 2_000, max: 8 },
  { windowMs: 30_000, max: 60 },
] as const;

export interface Window {
  windowMs: number;
  max: number;
}

/**
 * How long to wait before one more send fits every window, given earlier send times.
 * Zero means send now.
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
