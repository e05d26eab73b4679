import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildOnce, importDemoOrganisation, startChildApp, type ChildApp } from '../support/child-app.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { GraphStandIn } from '../support/graph-standin.js';
import { TEAM, USERS, execute, install, teamInstall } from '../support/activities.js';
import { MISSION, activeMission, formCluster, press, until } from '../support/clusters.js';
import {
  cardText,
  findAction,
  postJson,
  startedDatabase,
  startTestApp,
  type ScratchDatabase,
} from '../support/test-app.js';

const { henrik, anne, mette, lars } = USERS;
const FAST = { JOB_LEASE_SECONDS: '3', JOB_SWEEP_SECONDS: '1', JOB_POLL_SECONDS: '0.5', GRAPH_TIMEOUT_SECONDS: '2' };

describe('channel work survives missing configuration and crashes', () => {
  let connector: ConnectorStandIn;
  let graph: GraphStandIn;

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    graph = await new GraphStandIn().start();
    graph.prepareTeam(TEAM.aadGroupId);
  });
  afterAll(async () => {
    await graph?.stop();
    await connector?.stop();
  });

  it('waits, visibly, while Graph is not configured, and creates the channel once it is', async () => {
    const db = await startedDatabase('pglite');
    const first = await startTestApp('pglite', { ...FAST, CLUSTER_TEAM_ID: TEAM.aadGroupId }, db);
    let clusterId: string;
    try {
      await first.post(teamInstall(connector.url));
      const missionId = await activeMission(first, connector);
      ({ clusterId } = await formCluster(first, connector, henrik, missionId, { name: 'Venter på Graph' }));
      const text = await until('the card to say the channel waits', async () => {
        const t = cardText(await press(first, connector, henrik, 'cluster.view', { clusterId }));
        return t.includes('Microsoft Graph er ikke sat op') && t;
      });
      expect(text).toContain('Kanalen venter');
      expect(graph.channels).toHaveLength(0);
    } finally {
      await first.stopKeepingData();
    }
    const second = await startTestApp(
      'pglite',
      { ...FAST, CLUSTER_TEAM_ID: TEAM.aadGroupId, GRAPH_BASE_URL: graph.url },
      db,
    );
    try {
      await until('the channel to be created', () =>
        graph.channels.some((c) => c.description.includes(`klynge:${clusterId}`)),
      );
      await until('the card to say the channel is ready', async () =>
        cardText(await press(second, connector, henrik, 'cluster.view', { clusterId })).includes('Kanalen er klar'),
      );
      expect(graph.channels.filter((c) => c.displayName === 'Venter på Graph')).toHaveLength(1);
    } finally {
      await second.stop();
    }
  }, 120_000);

  describe('after SIGKILL in the middle of channel work', () => {
    let db: ScratchDatabase;
    let app: ChildApp | undefined;
    const env = () => ({ ...FAST, ...db.env, CLUSTER_TEAM_ID: TEAM.aadGroupId, GRAPH_BASE_URL: graph.url });
    const post = async (activity: unknown) => {
      const res = await postJson(`${app!.url}/api/messages`, activity);
      expect(res.status).toBe(200);
      return res.body?.value;
    };

    beforeAll(async () => {
      await buildOnce();
      db = await startedDatabase('pglite');
      importDemoOrganisation(db.env);
    }, 120_000);
    afterAll(async () => {
      await app?.kill();
      await db?.dispose();
    });

    it('completes every channel exactly once when the app comes back', async () => {
      app = await startChildApp(env());
      await post(teamInstall(connector.url));
      for (const u of [henrik, anne, mette, lars]) await post(install(u, connector.url, 'da-DK'));
      await post(execute(anne, 'propose.submit', { formId: crypto.randomUUID(), ...MISSION }, connector.url, 'da-DK'));
      const queue = await post(execute(mette, 'decisions.list', { page: 0 }, connector.url, 'da-DK'));
      const missionId = findAction(queue, 'Aktivér').data.missionId;
      await post(execute(mette, 'mission.decide', { missionId, decision: 'active', page: 0 }, connector.url, 'da-DK'));

      graph.answerDelayMs = 1500;
      const clusterIds: string[] = [];
      for (let i = 1; i <= 6; i++) {
        const card = await post(
          execute(
            henrik,
            'cluster.form.submit',
            {
              formId: crypto.randomUUID(),
              missionId,
              name: `Genstart ${i}`,
              purpose: 'Klynger der dannes lige før en hård genstart.',
              coordinator: lars.aadObjectId,
            },
            connector.url,
            'da-DK',
          ),
        );
        expect(cardText(card)).toContain(`Klyngen "Genstart ${i}" er dannet`);
        clusterIds.push(findAction(card, 'Deltag').data.clusterId);
      }
      // Kill while Graph has created channels whose answers have not reached the app yet.
      await until('channels created at Graph, answers still on the way', () => graph.channels.length >= 2);
      await app.kill();
      const createdBeforeCrash = graph.channels.length;
      graph.answerDelayMs = 0;
      app = await startChildApp(env());
      for (const id of clusterIds) {
        await until(
          `cluster ${id} to be ready`,
          async () =>
            cardText(await post(execute(henrik, 'cluster.view', { clusterId: id }, connector.url, 'da-DK'))).includes(
              'Kanalen er klar',
            ),
          60_000,
        );
        await until(`the status card of cluster ${id}`, () => {
          const channel = graph.channels.find((c) => c.description.includes(`klynge:${id}`));
          return channel && connector.calls.some((c) => c.conversationId === channel.id);
        });
      }
      await new Promise((r) => setTimeout(r, 1500)); // room for a duplicate to show up, if there were one
      for (const [i, id] of clusterIds.entries()) {
        const channels = graph.channels.filter((c) => c.description.includes(`klynge:${id}`));
        expect(channels).toHaveLength(1);
        expect(channels[0].displayName).toBe(`Genstart ${i + 1}`);
        expect(channels[0].membershipType).toBe('standard');
        expect(connector.calls.filter((c) => c.conversationId === channels[0].id && c.method === 'POST')).toHaveLength(
          1,
        );
      }
      // The coordinator of all six is in the team once, however often the crash made the work repeat.
      expect(graph.teamMemberIds(TEAM.aadGroupId).filter((id) => id === lars.aadObjectId)).toHaveLength(1);
      expect(createdBeforeCrash).toBeGreaterThanOrEqual(2);
      expect(createdBeforeCrash).toBeLessThan(6);
    }, 90_000);
  });
});
