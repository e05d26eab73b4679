import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { TEAM, USERS, install, message, teamInstall } from '../support/activities.js';
import { activeMission, formCluster } from '../support/clusters.js';
import { DB_TARGETS, cardText, startTestApp, type TestApp } from '../support/test-app.js';

const { henrik, lars, sofie, peter } = USERS;

/** The value an input of the card shows. */
function inputValue(card: unknown, id: string): unknown {
  let found: unknown;
  const walk = (n: unknown) => {
    if (!n || typeof n !== 'object' || found !== undefined) return;
    if (Array.isArray(n)) return n.forEach(walk);
    const o = n as Record<string, unknown>;
    if (o.id === id && typeof o.type === 'string' && o.type.startsWith('Input.')) found = o.value;
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
}

/**
 * Teams' people picker answers an Entra object id; the Agents Playground's answers the Teams user id
 * (29:…). Both must pick the person: through their chat with the app, or through the conversation's members.
 */
describe.each(DB_TARGETS)('the people picker, on %s', (target) => {
  let connector: ConnectorStandIn;
  let t: TestApp;
  let missionId: string;
  const coordinatorOf = async (clusterId: string) =>
    (await t.app.database.pool.query('SELECT coordinator_id FROM clusters WHERE id = $1', [clusterId])).rows[0]
      ?.coordinator_id;

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp(target);
    await t.post(install(henrik, connector.url, 'da-DK'));
    // Lars has used the app (his chat is known); Sofie has not, but is in the member list Teams gives.
    await t.post(message(lars, 'hjælp', connector.url, 'da-DK'));
    connector.members.set(henrik.conversationId, [
      { id: henrik.id, name: henrik.name, aadObjectId: henrik.aadObjectId },
      { id: sofie.id, name: sofie.name, aadObjectId: sofie.aadObjectId },
    ]);
    // Peter is in neither: only in the clusters team's member list (a personal chat's list has one person).
    await t.post(teamInstall(connector.url));
    connector.members.set(TEAM.threadId, [{ id: peter.id, name: peter.name, aadObjectId: peter.aadObjectId }]);
    missionId = await activeMission(t, connector);
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it('picks by Entra object id, as in Teams', async () => {
    const { clusterId } = await formCluster(t, connector, henrik, missionId, {
      name: 'Valgt i Teams',
      coordinator: lars.aadObjectId,
    });
    expect(await coordinatorOf(clusterId)).toBe(lars.aadObjectId);
  });

  it('picks by Teams user id, as in the Playground: someone who has used the app, and someone in the member list', async () => {
    const viaChat = await formCluster(t, connector, henrik, missionId, {
      name: 'Valgt via chat',
      coordinator: lars.id,
    });
    expect(await coordinatorOf(viaChat.clusterId)).toBe(lars.aadObjectId);
    expect(cardText(viaChat.card)).toContain('Valgt via chat');
    const viaMembers = await formCluster(t, connector, henrik, missionId, {
      name: 'Valgt via medlemmer',
      coordinator: sofie.id,
    });
    expect(await coordinatorOf(viaMembers.clusterId)).toBe(sofie.aadObjectId);
    const viaTeam = await formCluster(t, connector, henrik, missionId, {
      name: 'Valgt via teamet',
      coordinator: peter.id,
    });
    expect(await coordinatorOf(viaTeam.clusterId)).toBe(peter.aadObjectId);
  });

  it('refuses someone neither the app nor the conversation knows, keeps the form, and forms nothing', async () => {
    const refused = await formCluster(t, connector, henrik, missionId, {
      name: 'Ukendt koordinator',
      coordinator: '29:1nobody-known',
    });
    expect(refused.clusterId).toBeUndefined();
    expect(cardText(refused.card)).toContain('Personen findes ikke i organisationens data');
    expect(inputValue(refused.card, 'name')).toBe('Ukendt koordinator'); // what was typed stays
    expect(inputValue(refused.card, 'coordinator')).toBe('29:1nobody-known');
  });
});
