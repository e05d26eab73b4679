import { classifySendFailure } from '../domain/retry.js';
import { SendError } from './messenger.port.js';

const SHORT_WAIT_MS = 5_000;

/** Teams' short throttling answers are waited out in place (as the Bot Framework advises); long ones go back to the queue. */
export async function soonAgain<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof SendError) || attempt >= 3) throw err;
      const o = classifySendFailure(err.status, err.retryAfter, attempt, Date.now());
      if (o.kind !== 'retry' || o.delayMs > SHORT_WAIT_MS) throw err;
      await new Promise((r) => setTimeout(r, o.delayMs));
    }
  }
}
