import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { TEAM, USERS, install, teamInstall } from '../support/activities.js';
import { buildOnce, importDemoOrganisation, startChildApp, type ChildApp } from '../support/child-app.js';
import { activeMission, formCluster, until } from '../support/clusters.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { GraphStandIn } from '../support/graph-standin.js';
import { cardText, postJson, scratchDatabase, type ScratchDatabase, type TestApp } from '../support/test-app.js';

const FAST = { JOB_LEASE_SECONDS: '3', JOB_SWEEP_SECONDS: '1', JOB_POLL_SECONDS: '0.5', GRAPH_TIMEOUT_SECONDS: '2' };
const ROUNDS = 6;

// Scale-out needs a Postgres server (the embedded database belongs to one process): this suite runs
// where TEST_DATABASE_URL is set, as in CI.
const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onServer('two app processes on one Postgres server', () => {
  let connector: ConnectorStandIn;
  let graph: GraphStandIn;
  let db: ScratchDatabase;
  let pool: pg.Pool;
  let a: ChildApp;
  let b: ChildApp;
  const answered = new Map<string, number>();

  /** A running process seen through the test helpers' TestApp: turns over HTTP, reads from the shared database. */
  const facade = (c: ChildApp, name: string): TestApp =>
    ({
      url: c.url,
      app: { database: { pool } },
      post: async (activity: unknown) => {
        const res = await postJson(`${c.url}/api/messages`, activity);
        if (res.status === 200) answered.set(name, (answered.get(name) ?? 0) + 1);
        return res;
      },
    }) as unknown as TestApp;

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    graph = await new GraphStandIn().start();
    graph.prepareTeam(TEAM.aadGroupId);
    db = await scratchDatabase('postgres');
    await buildOnce();
    const env = { ...FAST, ...db.env, CLUSTER_TEAM_ID: TEAM.aadGroupId, GRAPH_BASE_URL: graph.url };
    a = await startChildApp(env); // migrates the new database
    importDemoOrganisation(env);
    b = await startChildApp(env);
    pool = new pg.Pool({ connectionString: db.env.DATABASE_URL, max: 2 });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await pool?.end();
    await db?.dispose();
    await graph?.stop();
    await connector?.stop();
  });

  it('both answer turns, and every proactive message and channel job runs exactly once', async () => {
    const ta = facade(a, 'a');
    const tb = facade(b, 'b');
    expect((await ta.post(teamInstall(connector.url))).status).toBe(200);
    for (const [i, u] of [USERS.anne, USERS.mette, USERS.henrik, USERS.lars].entries())
      expect((await (i % 2 ? tb : ta).post(install(u, connector.url, 'da-DK'))).status).toBe(200);

    // Turns alternate between the instances; the work they cause (a decision message to the proposer, a
    // channel with its status card) is picked up by whichever instance's workers get there first.
    const clusters: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = i % 2 ? tb : ta;
      const missionId = await activeMission(t, connector, `Mission nummer ${i}`, USERS.anne);
      const { clusterId } = await formCluster(i % 2 ? ta : tb, connector, USERS.henrik, missionId, {
        name: `Klynge nummer ${i}`,
      });
      expect(clusterId).toBeDefined();
      clusters.push(clusterId);
    }
    expect(answered.get('a')).toBeGreaterThan(ROUNDS);
    expect(answered.get('b')).toBeGreaterThan(ROUNDS);

    const decisionsTo = (title: string) =>
      connector
        .messagesTo(USERS.anne.conversationId)
        .filter(
          (c) =>
            c.activity.attachments && cardText(c.activity.attachments[0].content).includes(`"${title}" nu er: Aktiv`),
        );
    await until(
      'every proposer to hear',
      () => Array.from({ length: ROUNDS }, (_, i) => decisionsTo(`Mission nummer ${i}`).length > 0).every(Boolean),
      30_000,
    );
    await until(
      'every channel to be ready',
      async () =>
        (
          await pool.query(
            `SELECT count(*)::int AS n FROM cluster_channels WHERE state = 'ready' AND card_activity_id IS NOT NULL`,
          )
        ).rows[0].n === ROUNDS,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 3000)); // a second run of any job would have shown by now

    for (let i = 0; i < ROUNDS; i++) expect([i, decisionsTo(`Mission nummer ${i}`).length]).toEqual([i, 1]);
    for (const [i, clusterId] of clusters.entries()) {
      expect([i, graph.channels.filter((c) => c.description.includes(`klynge:${clusterId}`)).length]).toEqual([i, 1]);
      const { channel_id: channelId } = (
        await pool.query('SELECT channel_id FROM cluster_channels WHERE cluster_id = $1', [clusterId])
      ).rows[0];
      const posts = connector.calls.filter(
        (c) => c.conversationId === channelId && c.method === 'POST' && c.activity?.type === 'message',
      );
      expect([i, posts.length]).toEqual([i, 1]); // one status card, later changes update it in place
    }
    const outbox = (
      await pool.query(
        `SELECT count(*) FILTER (WHERE delivered_at IS NULL)::int AS pending, count(*)::int AS total FROM outbox`,
      )
    ).rows[0];
    expect(outbox.pending).toBe(0);
  }, 120_000);
});
