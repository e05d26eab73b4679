import { TEAMS_CONVERSATION_LIMITS } from '../src/domain/rate-limit.js';
import { ConnectorStandIn } from '../test/support/connector-standin.js';

/** Teams' documented per-app send limit the benchmarks hold the app to (50 requests a second). */
export const APP_LIMIT = 50;

/**
 * The connector stand-in with Teams' limits (7/1 s, 8/2 s, 60/30 s per conversation; 50/s per app) and 429
 * for 5 % of sends besides, as the fanout and digest benchmarks measure against.
 */
export async function limitedConnector(): Promise<ConnectorStandIn> {
  const connector = await new ConnectorStandIn().start();
  connector.limits = {
    perConversation: [...TEAMS_CONVERSATION_LIMITS],
    perApp: { windowMs: 1000, max: APP_LIMIT },
    random429: 0.05,
    retryAfterSeconds: 1,
  };
  return connector;
}
