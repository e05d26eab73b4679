/** How long cluster channel work waits or retries, shared by the channel jobs (why: domain/channel-waiting.ts). */
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
