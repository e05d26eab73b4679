// BENCH fanout: one mission status change updates the status cards in 200 cluster channels through a
// stand-in connector that enforces Teams' limits (7/1 s, 8/2 s, 60/30 s, 1,800/h per conversation; 30/s per
// app) and answers 429 to 5 % of sends besides. floor_seconds = channels / 30: the least time the limits allow.
import { spawn } from 'node:child_process';
import { startApp } from '../src/app.js';
import { createChannelGraph } from '../src/graph/channels.graph.js';
import { TEAM_MEMBER_ADD_SPACING_MS, createGraphClient } from '../src/graph/graph-client.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { NODE_FLAGS } from '../src/runtime.js';
import { importOrganisation, readOrganisation } from '../src/services/org-import.service.js';
import { TEAM, USERS, execute } from '../test/support/activities.js';
import { GraphStandIn } from '../test/support/graph-standin.js';
import { scratchDatabase } from '../test/support/test-app.js';
import { APP_LIMIT, limitedConnector } from './limited-connector.js';

const CHANNELS = 200;

async function seed(pool: import('pg').Pool, connectorUrl: string): Promise<string> {
  const { rows } = await pool.query(
    `INSERT INTO missions (submission_key, title, ambition, obstacles, focus, track, problems, proposer_id, status)
     VALUES ('bench-fanout', 'Fanout-mission', 'Ambition', 'Forhindringer', 'society', 'welfare', '{labour}', $1, 'active') RETURNING id`,
    [USERS.anne.aadObjectId],
  );
  const missionId = rows[0].id;
  await pool.query(
    `WITH c AS (
       INSERT INTO clusters (submission_key, mission_id, name, purpose, coordinator_id, created_by_id, next_review_on)
       SELECT 'bench-' || g, $1, 'Klynge ' || g, 'Formål for klynge ' || g, $2, $3, current_date + 90 FROM generate_series(1, $4) g
       RETURNING id, name)
     INSERT INTO cluster_channels (cluster_id, team_id, membership_type, display_name, channel_id, web_url, members_synced_version, card_activity_id, card_version, state)
     SELECT id, $5, 'standard', name, '19:bench-' || id || '@thread.tacv2', 'https://teams.microsoft.com/l/channel/x', 1, 'card-' || id, 1, 'ready' FROM c`,
    [missionId, USERS.lars.aadObjectId, USERS.henrik.aadObjectId, CHANNELS, TEAM.aadGroupId],
  );
  await pool.query(
    `INSERT INTO cluster_members (cluster_id, person_id, unit_id) SELECT c.id, p.id, p.unit_id FROM clusters c, persons p WHERE p.id = $1`,
    [USERS.lars.aadObjectId],
  );
  const reference = {
    channelId: 'msteams',
    serviceUrl: connectorUrl,
    bot: { id: '28:7c9e6679-7425-40de-944b-e07fc1f90ae7', name: 'DUS Missionsassistent' },
    conversation: {
      id: TEAM.threadId,
      isGroup: true,
      conversationType: 'channel',
      tenantId: '4f8e2d1a-6b3c-4a5e-9d7f-0c1b2a3d4e5f',
    },
  };
  await pool.query(
    `INSERT INTO team_refs (team_id, thread_id, name, reference) VALUES ($1, $2, 'DUS Missionsklynger', $3)`,
    [TEAM.aadGroupId, TEAM.threadId, JSON.stringify(reference)],
  );
  return missionId;
}

async function waitForHealth(port: number, child: ReturnType<typeof spawn>): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      /* not yet */
    }
    if (child.exitCode !== null) throw new Error('the app exited during start-up');
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface FanoutRun {
  seconds: number;
  lost: number;
  duplicates: number;
  throttledRandom: number;
  throttledOverLimit: number;
}

/**
 * Runs the fanout `runs` times (the random 429s make single runs noisy) and reports the median time,
 * the slowest run, and the totals of lost and duplicated cards over all runs.
 */
export async function benchFanout(freePort: () => Promise<number>, serverUrl?: string, runs = 5): Promise<string> {
  const results: FanoutRun[] = [];
  for (let i = 0; i < runs; i++) results.push(await fanoutOnce(freePort, serverUrl));
  const times = results.map((r) => r.seconds).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const sum = (k: keyof FanoutRun) => results.reduce((n, r) => n + r[k], 0);
  const floor = CHANNELS / APP_LIMIT;
  // The pacing does not depend on the database: measured once per benchmark run, shown on each line.
  measuredAdds ??= memberAdds();
  const members = await measuredAdds;
  return (
    `BENCH fanout database=${serverUrl ? 'postgres' : 'pglite'} channels=${CHANNELS} runs=${runs} seconds=${median.toFixed(2)} seconds_max=${times.at(-1)!.toFixed(2)} ` +
    `floor_seconds=${floor.toFixed(2)} ratio_to_floor=${(median / floor).toFixed(2)} lost=${sum('lost')} duplicates=${sum('duplicates')} ` +
    `throttled_random=${sum('throttledRandom')} throttled_over_limit=${sum('throttledOverLimit')} ` +
    `team_member_adds=${MEMBER_ADDS} team_member_add_spacing_ms=${TEAM_MEMBER_ADD_SPACING_MS} ` +
    `team_member_seconds=${members.seconds.toFixed(2)} team_member_min_gap_ms=${members.minGapMs}`
  );
}

/** New members for the clusters team at once: Graph asks for 2 s between adds to one team (team-post-members). */
const MEMBER_ADDS = 5;

/**
 * The pacing the fan-out runs with, measured: MEMBER_ADDS people added to one team at once through the real
 * Graph client (its throttle) against the Graph stand-in; the time until the last is in, and the shortest gap
 * between two adds as the stand-in saw them.
 */
let measuredAdds: Promise<{ seconds: number; minGapMs: number }> | undefined;

async function memberAdds(): Promise<{ seconds: number; minGapMs: number }> {
  const graph = await new GraphStandIn().start();
  try {
    graph.prepareTeam(TEAM.aadGroupId);
    const channels = createChannelGraph(
      createGraphClient({ baseUrl: graph.url, auth: { kind: 'none' }, timeoutMs: 15_000 }),
    );
    const started = performance.now();
    const people = Array.from({ length: MEMBER_ADDS }, (_, i) => `b0000000-0000-4000-8000-00000000000${i}`);
    await Promise.all(people.map((id) => channels.addTeamMember(TEAM.aadGroupId, id)));
    if (graph.teamMemberIds(TEAM.aadGroupId).length !== MEMBER_ADDS) throw new Error('a member add was lost');
    return { seconds: (performance.now() - started) / 1000, minGapMs: graph.minMemberAddGapMs(TEAM.aadGroupId) };
  } finally {
    await graph.stop();
  }
}

async function fanoutOnce(freePort: () => Promise<number>, serverUrl?: string): Promise<FanoutRun> {
  const connector = await limitedConnector();
  // The stricter stand-ins: the connector takes a post only where the bot is in the roster (a standard
  // channel of a team the app is installed in), as Teams does.
  const graph = new GraphStandIn();
  graph.prepareTeam(TEAM.aadGroupId);
  connector.roster = (conversationId) =>
    conversationId.startsWith('19:bench-')
      ? benchChannels.has(conversationId) && graph.botMayPost(conversationId)
      : true;
  const benchChannels = new Set<string>();
  const db = await scratchDatabase(serverUrl ? 'postgres' : 'pglite', serverUrl);
  let child: ReturnType<typeof spawn> | undefined;
  try {
    const seeding = await startApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...db.env }), createLogger('silent'));
    await importOrganisation(seeding.database.pool, await readOrganisation('config/demo-org.json'), {});
    const missionId = await seed(seeding.database.pool, connector.url);
    for (const r of (await seeding.database.pool.query('SELECT channel_id, display_name FROM cluster_channels')).rows) {
      graph.adoptChannel(TEAM.aadGroupId, {
        id: r.channel_id,
        displayName: r.display_name,
        membershipType: 'standard',
      });
      benchChannels.add(r.channel_id);
    }
    await seeding.stop();

    const port = await freePort();
    const env = {
      ...process.env,
      ...db.env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      CLUSTER_TEAM_ID: TEAM.aadGroupId,
    };
    child = spawn(process.execPath, [...NODE_FLAGS, 'dist/src/index.js'], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitForHealth(port, child);

    // Each recorded call is inspected once: re-serialising every card on every poll would stall the
    // stand-in's own event loop and distort the arrival times it enforces the limits on.
    const seen = new WeakMap<object, boolean>();
    const concluded = (c: { method: string; activity: any }) => {
      let v = seen.get(c);
      if (v === undefined)
        seen.set(c, (v = c.method === 'PUT' && JSON.stringify(c.activity).includes('Fanout-mission (Afsluttet)')));
      return v;
    };
    const started = performance.now();
    const turn = execute(USERS.mette, 'mission.conclude', { missionId, scope: 'all', page: 0 }, connector.url, 'da-DK');
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(turn),
    });
    if (res.status !== 200) throw new Error(`the status change answered ${res.status}`);
    const turnMs = performance.now() - started;
    const deadline = Date.now() + 120_000;
    const done = () => new Set(connector.calls.filter(concluded).map((c) => c.conversationId)).size;
    while (done() < CHANNELS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const last = Math.max(...connector.calls.filter(concluded).map((c) => c.at));
    const seconds = (last - (Date.now() - (performance.now() - started))) / 1000;
    if (process.env.BENCH_DEBUG) {
      const a = [...connector.arrivals].sort((x, y) => x - y);
      let best = 0;
      for (let i = 0, j = 0; i < a.length; i++) {
        while (a[i] - a[j] >= 1000) j++;
        best = Math.max(best, i - j + 1);
      }
      process.stderr.write(`most arrivals (accepted or not) in one second: ${best}\n`);
      const t0 = Date.now() - (performance.now() - started);
      const hist = new Map<number, number>();
      for (const c of connector.calls.filter(concluded))
        hist.set(Math.floor((c.at - t0) / 250), (hist.get(Math.floor((c.at - t0) / 250)) ?? 0) + 1);
      const firstCall = Math.min(
        ...connector.calls.filter((c) => c.conversationId.startsWith('19:bench-')).map((c) => c.at),
      );
      process.stderr.write(
        `first send at ${((firstCall - t0) / 1000).toFixed(2)} s; turn answered in ${turnMs.toFixed(0)} ms\n`,
      );
      process.stderr.write(
        `run: ${seconds.toFixed(2)} s, random 429s ${connector.throttled.random}, over the limit ${connector.throttled.overLimit}\n`,
      );
      process.stderr.write(
        `accepted per 250 ms: ${[...hist.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([k, v]) => `${k * 0.25}s:${v}`)
          .join(' ')}\n`,
      );
    }
    await new Promise((r) => setTimeout(r, 3000)); // room for late duplicates to show
    const perChannel = new Map<string, number>();
    for (const c of connector.calls.filter(concluded))
      perChannel.set(c.conversationId, (perChannel.get(c.conversationId) ?? 0) + 1);
    const channelCalls = connector.calls.filter((c) => c.conversationId.startsWith('19:bench-'));
    const duplicates =
      [...perChannel.values()].reduce((n, k) => n + (k - 1), 0) +
      channelCalls.filter((c) => c.method === 'POST').length;
    const lost = CHANNELS - perChannel.size;
    return {
      seconds,
      lost,
      duplicates,
      throttledRandom: connector.throttled.random,
      throttledOverLimit: connector.throttled.overLimit,
    };
  } finally {
    if (child && child.exitCode === null) await new Promise((r) => (child!.kill('SIGTERM'), child!.once('exit', r)));
    await connector.stop();
    await db.dispose();
  }
}
