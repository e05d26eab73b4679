import { ConnectorStandIn, type Window } from '../test/support/connector-standin.js';

/**
 * Teams' limits as msteams-docs "Optimize your bot with rate limiting" (bots/how-to/rate-limit) gives them:
 * per bot per thread, "Send to conversation", 7 per 1 s, 8 per 2 s, 60 per 30 s and 1,800 per 3,600 s; and
 * "The global limit per app per tenant is 30 Requests Per Second (RPS)". Written here from the page, not taken
 * from the app's own list, so the benchmarks hold the app to Microsoft's figures rather than to ours.
 */
export const THREAD_LIMITS: Window[] = [
  { windowMs: 1_000, max: 7 },
  { windowMs: 2_000, max: 8 },
  { windowMs: 30_000, max: 60 },
  { windowMs: 3_600_000, max: 1_800 },
];
export const APP_LIMIT = 30;

/** The connector stand-in with those limits, and 429 for 5 % of sends besides, as the benchmarks measure against. */
export async function limitedConnector(): Promise<ConnectorStandIn> {
  const connector = await new ConnectorStandIn().start();
  connector.limits = {
    perConversation: THREAD_LIMITS,
    perApp: { windowMs: 1000, max: APP_LIMIT },
    random429: 0.05,
    retryAfterSeconds: 1,
  };
  return connector;
}
