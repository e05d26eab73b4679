import { classifySendFailure } from '../domain/retry.js';
import { SendError } from '../ports/messenger.port.js';

const SHORT_WAIT_MS = 5_000;
const ATTEMPTS = 3;

/** What a failed attempt says: the service's status and Retry-After, or that the request never left. */
export interface Refusal {
  status?: number;
  retryAfter?: string | null;
  /** Nothing reached the service (a reused socket the far end had closed): try again at once. */
  notSent?: boolean;
}

const fromSendError = (err: unknown): Refusal | undefined =>
  err instanceof SendError ? { status: err.status, retryAfter: err.retryAfter } : undefined;

/**
 * Teams' short throttling answers are waited out in place (as the Bot Framework advises); long ones go back
 * to the queue (or, inside a turn, to the caller). `refusal` reads a failure; anything it does not read is thrown.
 */
export async function soonAgain<T>(
  send: () => Promise<T>,
  refusal: (err: unknown) => Refusal | undefined = fromSendError,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const r = refusal(err);
      if (!r || attempt >= ATTEMPTS) throw err;
      if (r.notSent) continue;
      const o = classifySendFailure(r.status, r.retryAfter, attempt, Date.now());
      if (o.kind !== 'retry' || o.delayMs > SHORT_WAIT_MS) throw err;
      await new Promise((resolve) => setTimeout(resolve, o.delayMs));
    }
  }
}
