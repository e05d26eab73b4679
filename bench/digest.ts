// BENCH digest: the followers' weekly digest to 5,000 people, each in their own chat, through a stand-in
// connector that enforces Teams' limits (7/1 s, 8/2 s, 60/30 s, 1,800/h per conversation; 30/s per app) and answers
// 429 to 5 % of sends besides. floor_seconds = followers / 30: the least time the limits allow.
// seconds: from the Monday run starting until the last digest is accepted. lost: followers without their
// digest; duplicates: digests beyond one per follower.
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { digestPeriod } from '../src/domain/digest.js';
import { createLogger } from '../src/logger.js';
import { runFollowerDigests } from '../src/services/follower-digest.service.js';
import { importOrganisation, readOrganisation } from '../src/services/org-import.service.js';
import { USERS } from '../test/support/activities.js';
import { scratchDatabase } from '../test/support/test-app.js';
import { APP_LIMIT, limitedConnector } from './limited-connector.js';

/** The full run's followers; --quick (CI) sends to a fifth of them, with the same limits and faults. */
export const FOLLOWERS = 5000;
const MISSIONS = 50;
const ZONE = 'Europe/Copenhagen';

async function seed(pool: import('pg').Pool, connectorUrl: string, followers: number): Promise<void> {
  // Fifty active missions, each with a decision and a cluster this week.
  await pool.query(
    `WITH m AS (
       INSERT INTO missions (submission_key, title, ambition, obstacles, focus, track, problems, proposer_id, status,
                             decided_at, decided_by_id, decision_reason)
       SELECT 'bench-digest-' || g, 'Mission ' || g, 'Ambition', 'Forhindringer', 'society', 'welfare', '{labour}', $1,
              'active', now(), $2, 'Den er vigtig for borgerne.'
       FROM generate_series(1, $3) g RETURNING id),
     a AS (
       INSERT INTO audit_log (actor_id, action, entity, entity_id, details)
       SELECT $2, 'mission.decided', 'mission', id::text, '{"from":"proposed","to":"active","reason":"Den er vigtig."}' FROM m)
     INSERT INTO clusters (submission_key, mission_id, name, purpose, coordinator_id, created_by_id, next_review_on)
     SELECT 'bench-digest-' || id, id, 'Klynge for ' || id, 'Formål', $1, $1, current_date + 90 FROM m`,
    [USERS.anne.aadObjectId, USERS.mette.aadObjectId, MISSIONS],
  );
  await pool.query(
    `INSERT INTO persons (id, name, source, roles) SELECT 'bench-follower-' || g, 'Følger ' || g, 'import', '{employee}'
     FROM generate_series(1, $1) g`,
    [followers],
  );
  await pool.query(
    `INSERT INTO conversation_refs (person_id, conversation_id, reference)
     SELECT 'bench-follower-' || g, 'a:bench-digest-' || g,
            jsonb_build_object('channelId', 'msteams', 'serviceUrl', $2::text,
              'bot', jsonb_build_object('id', '28:7c9e6679-7425-40de-944b-e07fc1f90ae7', 'name', 'DUS Missionsassistent'),
              'user', jsonb_build_object('id', '29:bench-' || g, 'aadObjectId', 'bench-follower-' || g),
              'conversation', jsonb_build_object('id', 'a:bench-digest-' || g, 'conversationType', 'personal',
                                                 'tenantId', '4f8e2d1a-6b3c-4a5e-9d7f-0c1b2a3d4e5f'))
     FROM generate_series(1, $1) g`,
    [followers, connectorUrl],
  );
  // Each follows one mission (a tenth support it too, so the history names supporters), before the period began.
  await pool.query(
    `WITH m AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM missions WHERE submission_key LIKE 'bench-digest-%')
     INSERT INTO follows (person_id, entity, entity_id, reason, created_at)
     SELECT 'bench-follower-' || g, 'mission', m.id, 'chosen', now() - interval '1 minute'
     FROM generate_series(1, $1) g JOIN m ON m.n = g % $2`,
    [followers, MISSIONS],
  );
  await pool.query(
    `INSERT INTO mission_supporters (mission_id, person_id)
     SELECT f.entity_id, f.person_id FROM follows f WHERE f.person_id LIKE 'bench-follower-%' AND random() < 0.1`,
  );
}

export async function benchDigest(serverUrl?: string, followers = FOLLOWERS): Promise<string> {
  const connector = await limitedConnector();
  const db = await scratchDatabase(serverUrl ? 'postgres' : 'pglite', serverUrl);
  const app = await startApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...db.env }), createLogger('silent'));
  try {
    await importOrganisation(app.database.pool, await readOrganisation('config/demo-org.json'), {});
    await seed(app.database.pool, connector.url, followers);
    // The coming Monday 08:00, one minute in: what the hourly job does then.
    const monday = new Date(digestPeriod(new Date(), ZONE).start.getTime() + 7 * 86_400_000 + 60_000);
    const t0 = Date.now();
    const run = await runFollowerDigests(app.database.pool, app.queue, ZONE, monday);
    const madeSeconds = (Date.now() - t0) / 1000;
    if (process.env.BENCH_DEBUG) process.stderr.write(`digest: ${run.sent} enqueued in ${madeSeconds.toFixed(1)} s\n`);
    const isDigest = (c: { conversationId: string; activity: any }) =>
      c.conversationId.startsWith('a:bench-digest-') && c.activity?.type === 'message';
    const deadline = Date.now() + 600_000;
    const received = () => new Set(connector.calls.filter(isDigest).map((c) => c.conversationId)).size;
    let report = Date.now() + 10_000;
    while (received() < followers && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      if (process.env.BENCH_DEBUG && Date.now() > report) {
        report += 10_000;
        process.stderr.write(
          `digest: ${received()} of ${followers} after ${((Date.now() - t0) / 1000).toFixed(0)} s\n`,
        );
      }
    }
    const last = Math.max(...connector.calls.filter(isDigest).map((c) => c.at));
    const seconds = (last - t0) / 1000;
    // A second run for the same period (another instance, or the next hour) must send nothing.
    const again = await runFollowerDigests(app.database.pool, app.queue, ZONE, new Date(monday.getTime() + 3_600_000));
    await new Promise((r) => setTimeout(r, 3000)); // room for late duplicates to show
    const perConversation = new Map<string, number>();
    for (const c of connector.calls.filter(isDigest))
      perConversation.set(c.conversationId, (perConversation.get(c.conversationId) ?? 0) + 1);
    const duplicates = [...perConversation.values()].reduce((n, k) => n + (k - 1), 0) + again.sent;
    const lost = followers - perConversation.size;
    const floor = followers / APP_LIMIT;
    return (
      `BENCH digest database=${serverUrl ? 'postgres' : 'pglite'} followers=${followers} enqueued=${run.sent} ` +
      `make_seconds=${madeSeconds.toFixed(2)} seconds=${seconds.toFixed(2)} floor_seconds=${floor.toFixed(2)} ` +
      `ratio_to_floor=${(seconds / floor).toFixed(2)} lost=${lost} duplicates=${duplicates} ` +
      `throttled_random=${connector.throttled.random} throttled_over_limit=${connector.throttled.overLimit}`
    );
  } finally {
    await app.stop();
    await connector.stop();
    await db.dispose();
  }
}
