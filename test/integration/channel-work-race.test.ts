import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { TEAM, USERS, teamInstall } from '../support/activities.js';
import { activeMission, formCluster, until } from '../support/clusters.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { GraphStandIn } from '../support/graph-standin.js';
import { cardText, startTestApp, type TestApp } from '../support/test-app.js';
import { finishChannelWork, saveCardsAndFinish } from '../../src/store/channels.repository.js';
import { touchClusters } from '../../src/store/clusters.repository.js';

const FAST = { JOB_LEASE_SECONDS: '3', JOB_SWEEP_SECONDS: '1', JOB_POLL_SECONDS: '0.5' };

// A change to a cluster that commits while its channel work is finishing. Only a server runs the two at
// once (the embedded database has one connection), so this suite needs TEST_DATABASE_URL, as in CI.
const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onServer('a cluster change racing the end of its channel work, on postgres', () => {
  let connector: ConnectorStandIn;
  let graph: GraphStandIn;
  let t: TestApp;
  let clusterId: string;
  let channelId: string;

  const q = async (sql: string, params: unknown[] = []) => (await t.app.database.pool.query(sql, params)).rows;
  const statusCards = () =>
    connector.calls.filter(
      (c) =>
        c.conversationId === channelId &&
        c.activity?.attachments &&
        cardText(c.activity.attachments[0].content).includes('Missionsklynge: Racerklyngen'),
    );
  const caughtUp = async () =>
    (
      await q(
        'SELECT ch.state FROM cluster_channels ch JOIN clusters c ON c.id = ch.cluster_id WHERE ch.cluster_id = $1 AND ch.card_version = c.version',
        [clusterId],
      )
    )[0]?.state === 'ready';

  /**
   * Edits the cluster's purpose in a transaction that stays open until `finish` (the end of the channel
   * work, as a job would run it) is waiting for it; then commits. Returns what finish decided.
   */
  async function editWhileFinishing<T>(purpose: string, finish: () => Promise<T>): Promise<T> {
    const editor = new pg.Client({ connectionString: t.db.env.DATABASE_URL });
    await editor.connect();
    try {
      await editor.query('BEGIN');
      await editor.query('UPDATE clusters SET purpose = $2 WHERE id = $1', [clusterId, purpose]);
      await touchClusters(editor, [clusterId], false);
      const finishing = finish();
      await until(
        'the finish to wait for the edit',
        async () =>
          (await q("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%cluster_channels%'"))
            .length > 0,
        10_000,
      );
      await editor.query('COMMIT');
      return await finishing;
    } finally {
      await editor.end();
    }
  }

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    graph = await new GraphStandIn().start();
    graph.prepareTeam(TEAM.aadGroupId);
    t = await startTestApp('postgres', { ...FAST, CLUSTER_TEAM_ID: TEAM.aadGroupId, GRAPH_BASE_URL: graph.url });
    expect((await t.post(teamInstall(connector.url))).status).toBe(200);
    const missionId = await activeMission(t, connector);
    ({ clusterId } = await formCluster(t, connector, USERS.henrik, missionId, {
      name: 'Racerklyngen',
      coordinator: USERS.anne.aadObjectId,
    }));
    channelId = await until(
      'the channel',
      async () =>
        (await q('SELECT channel_id FROM cluster_channels WHERE cluster_id = $1', [clusterId]))[0]?.channel_id,
    );
  });
  beforeEach(async () => {
    await until('the status card to be in step', caughtUp);
  });
  afterAll(async () => {
    await t?.stop();
    await graph?.stop();
    await connector?.stop();
  });

  it('one cluster: the work is not called done, and the card shows the edit', async () => {
    const ready = await editWhileFinishing('Formål skrevet mens kanalarbejdet sluttede.', () =>
      finishChannelWork(t.app.database.pool, clusterId),
    );
    expect(ready).toBe(false);
    await until('the status card to show the new purpose', () =>
      cardText(statusCards().at(-1)!.activity.attachments[0].content).includes(
        'Formål skrevet mens kanalarbejdet sluttede.',
      ),
    );
    await until('the channel work to be ready again', caughtUp);
  });

  it('a batch of cards: the work is not called done, and the card shows the edit', async () => {
    const [{ version }] = await q('SELECT version FROM clusters WHERE id = $1', [clusterId]);
    const ready = await editWhileFinishing('Formål skrevet mens kortene blev gemt.', () =>
      saveCardsAndFinish(t.app.database.pool, [{ clusterId, version, channelId }]),
    );
    expect(ready).toEqual([]);
    await until('the status card to show the new purpose', () =>
      cardText(statusCards().at(-1)!.activity.attachments[0].content).includes(
        'Formål skrevet mens kortene blev gemt.',
      ),
    );
    await until('the channel work to be ready again', caughtUp);
  });
});
