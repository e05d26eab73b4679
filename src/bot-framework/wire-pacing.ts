import type { TurnContext } from 'botbuilder';
import type { GiveBack } from '../lib/throttle.js';
import { RETRY_POLICY_NAME, turnPipeline } from './botbuilder-internals.js';

const patched = new WeakSet<object>();

/**
 * Makes a proactive turn's connector client answer to our limits on the wire: every HTTP attempt waits
 * for the app's send slot, and the client's own silent retries are removed. Without this, the Bot
 * Framework client retries 429s by itself (past our counting), and the time a slot is taken drifts from
 * the time the request leaves. Retrying is ours to do: briefly in place, otherwise through the queue.
 * A send Teams refused with 429 hands its slot back (within the throttle's allowance): nothing was sent.
 */
export function paceOnTheWire(ctx: TurnContext, beforeSend: () => Promise<GiveBack | void>): void {
  const pipeline = turnPipeline(ctx);
  if (!pipeline || patched.has(pipeline)) return;
  patched.add(pipeline);
  pipeline.removePolicy({ name: RETRY_POLICY_NAME });
  pipeline.addPolicy(
    {
      name: 'missionsklynger-send-pacing',
      sendRequest: async (request, next) => {
        const giveBack = await beforeSend();
        const response = await next(request);
        if (response.status === 429) giveBack?.();
        return response;
      },
    },
    { afterPhase: 'Retry' },
  );
}
