import { describe, expect, it } from '@jest/globals';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { USERS, message } from '../support/activities.js';
import { cardText, startTestApp } from '../support/test-app.js';

describe('stopping the app (SIGTERM)', () => {
  it('finishes a turn in flight before it closes, and then accepts no more', async () => {
    const connector = await new ConnectorStandIn().start();
    const t = await startTestApp('pglite');
    try {
      connector.delayMs = 800;
      const inFlight = t.post(message(USERS.anne, 'hjælp', connector.url, 'da-DK'));
      await connector.waitFor(() => false, 300, 'the turn to start').catch(() => undefined);
      const stopped = t.app.stop();
      const res = await inFlight;
      await stopped;
      expect(res.status).toBe(200);
      expect(cardText(connector.cards(USERS.anne.conversationId)[0])).toContain('Det kan jeg hjælpe med');
      await expect(fetch(`${t.url}/healthz`)).rejects.toThrow();
    } finally {
      await t.stop().catch(() => undefined);
      await connector.stop();
    }
  });
});
