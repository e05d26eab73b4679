import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { weekdayAhead } from '../support/days.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { USERS, install } from '../support/activities.js';
import { activeMission, formCluster, press } from '../support/clusters.js';
import { DB_TARGETS, cardText, findAction, startTestApp, type TestApp } from '../support/test-app.js';

const { henrik } = USERS;
const DAY = weekdayAhead(2, 7);

/**
 * The first card tells the truth: with no clusters team and no Graph, a new cluster's channel and a new
 * dialogue's invitation wait from the start, and say why, in the chat and in the tab.
 */
describe.each(DB_TARGETS)('the first status of a cluster and a dialogue, without team and Graph, on %s', (target) => {
  let connector: ConnectorStandIn;
  let t: TestApp;

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp(target);
    await t.post(install(henrik, connector.url, 'da-DK'));
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it('a new cluster says its channel waits for a clusters team, in the card and the tab', async () => {
    const missionId = await activeMission(t, connector);
    const { clusterId, card } = await formCluster(t, connector, henrik, missionId, { name: 'Sandt fra start' });
    const text = cardText(card);
    expect(text).toContain('Klyngen "Sandt fra start" er dannet.');
    expect(text).toContain('Kanalen venter: der er ikke valgt et team til klyngernes kanaler endnu.');
    expect(text).not.toMatch(/oprettes/i);
    const tab = await fetch(`${t.url}/api/tab/clusters/${clusterId}`, {
      headers: { authorization: `Developer ${henrik.aadObjectId}` },
    });
    expect(tab.status).toBe(200);
    expect((await tab.json()).cluster).toMatchObject({
      channelUrl: null,
      channel: { state: 'waiting', reason: 'team-not-configured' },
    });
  });

  it('a booked dialogue says its invitation waits for Graph on the first card', async () => {
    const plan = await press(t, connector, henrik, 'dialogue.plan.submit', {
      formId: crypto.randomUUID(),
      unitId: 'skole-syd',
      from: DAY,
      to: DAY,
      duration: '60',
    });
    const booked = await press(t, connector, henrik, 'dialogue.manual', {
      ...findAction(plan, 'Planlæg på dette tidspunkt').data,
      date: DAY,
      time: '10:00',
    });
    const text = cardText(booked);
    expect(text).toContain('Dialogen er planlagt.');
    expect(text).toContain(
      'Invitationen venter: Microsoft Graph er ikke sat op endnu. Den sendes automatisk, når det er.',
    );
    expect(text).not.toContain('Invitationen med Teams-møde sendes');
    expect(text).not.toContain('Invitationen sendes …');
  });
});
