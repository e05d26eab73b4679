import { expect } from '@jest/globals';
import type { ConnectorStandIn } from './connector-standin.js';
import { USERS, execute, type TestUser } from './activities.js';
import type { TestApp } from './test-app.js';

export const MISSION = {
  title: 'Flere unge i fritidsjob',
  ambition: 'Flere unge mellem 13 og 17 år har et fritidsjob, så de får erfaring og netværk.',
  obstacles: 'Virksomhederne kender ikke de unge, og de unge kender ikke jobbene.',
  focus: 'citizens',
  track: 'welfare',
  problems: 'labour,wellbeing',
};

/** Presses a button in the personal chat and returns the card Teams would show. */
export async function press(
  t: TestApp,
  connector: ConnectorStandIn,
  u: TestUser,
  verb: string,
  data: Record<string, unknown>,
  locale = 'da-DK',
): Promise<any> {
  const res = await t.post(execute(u, verb, data, connector.url, locale));
  expect(res.status).toBe(200);
  expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
  return res.body.value;
}

/**
 * Presses a button on a notice (a decision, a reminder, a digest): the notice stays, Teams shows the bot's line,
 * and the button's card arrives as a new message in the person's chat, which is returned.
 */
export async function pressOnNotice(
  t: TestApp,
  connector: ConnectorStandIn,
  u: TestUser,
  action: { verb: string; data: Record<string, unknown> },
): Promise<any> {
  const before = connector.cards(u.conversationId).length;
  const res = await t.post(execute(u, action.verb, action.data, connector.url, 'da-DK'));
  expect(res.status).toBe(200);
  expect(res.body.type).toBe('application/vnd.microsoft.activity.message');
  await connector.waitFor(() => connector.cards(u.conversationId).length > before, 10_000, 'the card below the notice');
  return connector.cards(u.conversationId)[before];
}

/** A mission proposed by `proposer` and made active by Mette (group management), through the bot. */
export async function activeMission(
  t: TestApp,
  connector: ConnectorStandIn,
  title = MISSION.title,
  proposer = USERS.anne,
): Promise<string> {
  const formId = crypto.randomUUID();
  await press(t, connector, proposer, 'propose.submit', { formId, ...MISSION, title });
  const { rows } = await t.app.database.pool.query(
    'SELECT id FROM missions WHERE title = $1 ORDER BY created_at DESC LIMIT 1',
    [title],
  );
  const missionId = rows[0].id as string;
  await press(t, connector, USERS.mette, 'mission.decide', { missionId, decision: 'active', page: 0 });
  return missionId;
}

/** Forms a cluster through the form card's submit; returns its id. */
export async function formCluster(
  t: TestApp,
  connector: ConnectorStandIn,
  by: TestUser,
  missionId: string,
  fields: { name: string; purpose?: string; coordinator?: string },
): Promise<{ clusterId: string; card: any }> {
  const card = await press(t, connector, by, 'cluster.form.submit', {
    formId: crypto.randomUUID(),
    missionId,
    purpose: 'Vi samler skoler, jobcenter og foreninger om at skaffe de første fritidsjob.',
    ...fields,
  });
  const { rows } = await t.app.database.pool.query(
    'SELECT id FROM clusters WHERE name = $1 ORDER BY created_at DESC LIMIT 1',
    [fields.name],
  );
  return { clusterId: rows[0]?.id, card };
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 60_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
