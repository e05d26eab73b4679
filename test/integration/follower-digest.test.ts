import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { USERS, install, type TestUser } from '../support/activities.js';
import { MISSION, formCluster, press } from '../support/clusters.js';
import { DB_TARGETS, cardText, startTestApp, type TestApp } from '../support/test-app.js';
import { cardProblems } from '../support/card-check.js';
import { KNOWN_VERBS } from '../../src/conversation/actions.js';
import { digestPeriod } from '../../src/domain/digest.js';
import { runFollowerDigests } from '../../src/services/follower-digest.service.js';

const { anne, lars, mette, peter, sofie, henrik } = USERS;
const ZONE = 'Europe/Copenhagen';
const DAY = 86_400_000;
const TITLE = 'Nyt fra det, du følger';

/** The followers' digest: Monday 08:00, once per person and period, only with news, only to people still here. */
describe.each(DB_TARGETS)('the followers’ weekly digest, on %s', (target) => {
  let connector: ConnectorStandIn;
  let t: TestApp;
  let missionId: string;
  let clusterId: string;
  /** The coming Monday 08:00: the first digest period that holds what the test does now. */
  const monday = new Date(digestPeriod(new Date(), ZONE).start.getTime() + 7 * DAY);
  const sql = (text: string, params: unknown[] = []) => t.app.database.pool.query(text, params);
  const digests = (u: TestUser) => connector.cards(u.conversationId).filter((c) => cardText(c).includes(TITLE));
  const outboxDigests = async () =>
    (await sql(`SELECT count(*)::int AS n FROM outbox WHERE dedupe_key LIKE 'digest:%'`)).rows[0].n as number;
  const run = (at: Date, app = t) => runFollowerDigests(app.app.database.pool, app.app.queue, ZONE, at);

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp(target);
    for (const u of [anne, lars, mette, peter, sofie, henrik]) await t.post(install(u, connector.url, 'da-DK'));
    await press(t, connector, anne, 'propose.submit', { formId: crypto.randomUUID(), ...MISSION });
    missionId = (await sql(`SELECT id FROM missions WHERE title = $1`, [MISSION.title])).rows[0].id;
    // Lars and Sofie support it (and so follow it); Henrik follows it himself.
    for (const u of [lars, sofie]) await press(t, connector, u, 'mission.support', { missionId, page: 0 });
    await press(t, connector, henrik, 'follow.set', { entity: 'mission', id: missionId, follow: true });
    await press(t, connector, mette, 'mission.decide', { missionId, decision: 'active', page: 0 });
    ({ clusterId } = await formCluster(t, connector, anne, missionId, { name: 'Fritidsjob Syd' }));
    // Peter follows the cluster only; Mette follows an old mission where nothing has happened for months.
    await press(t, connector, peter, 'follow.set', { entity: 'cluster', id: clusterId, follow: true, back: 'cluster' });
    const quiet = (
      await sql(
        `INSERT INTO missions (submission_key, title, ambition, obstacles, focus, track, problems, proposer_id, created_at)
         VALUES ('quiet', 'Stille mission', 'Ambition der er lang nok', 'Forhindringer', 'citizens', 'welfare', '{labour}', $1, now() - interval '200 days')
         RETURNING id`,
        [peter.aadObjectId],
      )
    ).rows[0].id;
    await press(t, connector, mette, 'follow.set', { entity: 'mission', id: quiet, follow: true });
    // Sofie has left the organisation (the import no longer has her): she gets nothing.
    await sql(`UPDATE persons SET removed_from_import_at = now() WHERE id = $1`, [sofie.aadObjectId]);
    // Everything so far happened before the coming Monday's period begins.
    await sql(`UPDATE follows SET created_at = now() - interval '1 minute'`);
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it('sends nothing before Monday 08:00', async () => {
    const r = await run(new Date(monday.getTime() - 60_000));
    expect(r.sent).toBe(0);
    expect(await outboxDigests()).toBe(0);
  });

  it('on Monday at 08:00 sends each follower one card with what others did since, linking to the cards', async () => {
    const r = await run(new Date(monday.getTime() + 5 * 60_000));
    expect(r.sent).toBe(4); // Anne, Lars, Henrik, Peter
    await connector.waitFor(() => [anne, lars, henrik, peter].every((u) => digests(u).length === 1), 20_000, 'digests');
    const lars1 = digests(lars)[0];
    expect(cardProblems(lars1, KNOWN_VERBS)).toEqual([]);
    const text = cardText(lars1);
    expect(text).toContain(MISSION.title);
    expect(text).toContain('Besluttet: Aktiv (Mette Jensen)');
    expect(text).toContain('Klyngen "Fritidsjob Syd" er dannet af Anne Sørensen');
    expect(text).not.toContain('Lars Nielsen'); // his own support is not news to him
    expect(text).toContain('Ny bidragyder'); // Sofie's is (counted: she did not choose to be named)
    expect(text).toContain('Med i "Fritidsjob Syd": Anne Sørensen');
    expect(JSON.stringify(lars1)).toContain(`"verb":"history.view","missionId":"${missionId}"`);
    // The proposer heard the decision at once: the digest does not repeat it.
    const anneText = cardText(digests(anne)[0]);
    expect(anneText).not.toContain('Besluttet');
    expect(anneText).toContain('2 nye bidragydere');
    expect(anneText).not.toContain('Med i "Fritidsjob Syd"'); // she formed it: its only member is herself
    // Peter follows the cluster: he hears of the cluster, not of the mission's other news.
    const peterText = cardText(digests(peter)[0]);
    expect(peterText).toContain('Klynge: Fritidsjob Syd');
    expect(peterText).not.toContain('Besluttet');
    // Nothing new where Mette follows; Sofie left.
    expect(digests(mette)).toHaveLength(0);
    expect(digests(sofie)).toHaveLength(0);
    const empty = await sql(`SELECT items FROM digests_sent WHERE person_id = $1`, [mette.aadObjectId]);
    expect(empty.rows).toEqual([{ items: 0 }]);
  });

  it('does not send the period again: not an hour later, not after a restart', async () => {
    expect((await run(new Date(monday.getTime() + 3_600_000))).sent).toBe(0);
    await t.stopKeepingData();
    t = await startTestApp(target, {}, t.db);
    // (Starting the test app imports the demo organisation again, Sofie with it: she left again.)
    await sql(`UPDATE persons SET removed_from_import_at = now() WHERE id = $1`, [sofie.aadObjectId]);
    expect((await run(new Date(monday.getTime() + 2 * 3_600_000))).sent).toBe(0);
    expect(await outboxDigests()).toBe(4);
    await new Promise((r) => setTimeout(r, 1500));
    for (const u of [anne, lars, henrik, peter]) expect(digests(u)).toHaveLength(1);
  });

  it('the next week covers only what happened since, once even when two instances run at the same time', async () => {
    const next = new Date(monday.getTime() + 7 * DAY);
    // Peter becomes a contributor during the week.
    await sql(`INSERT INTO mission_supporters (mission_id, person_id, created_at) VALUES ($1, $2, $3)`, [
      missionId,
      peter.aadObjectId,
      new Date(monday.getTime() + 2 * DAY),
    ]);
    const other = new pg.Pool({ connectionString: t.db.env.DATABASE_URL, max: 2 });
    const pools = target === 'postgres' ? [t.app.database.pool, other] : [t.app.database.pool, t.app.database.pool];
    try {
      const runs = await Promise.all(
        pools.map((pool) => runFollowerDigests(pool, t.app.queue, ZONE, new Date(next.getTime() + 60_000))),
      );
      // Anne, Lars and Henrik follow the mission; Peter's own support is not news to him.
      expect(runs[0].sent + runs[1].sent).toBe(3);
    } finally {
      await other.end();
    }
    await connector.waitFor(() => [anne, lars, henrik].every((u) => digests(u).length === 2), 20_000, 'week two');
    const second = cardText(digests(lars)[1]);
    expect(second).toContain('Ny bidragyder');
    expect(second).not.toContain('Besluttet'); // last week's news is not repeated
    expect(digests(peter)).toHaveLength(1);
  });

  it('fortnightly comes every other Monday, and "off" means none', async () => {
    await press(t, connector, lars, 'settings.save', { digest: 'fortnightly' });
    await press(t, connector, henrik, 'settings.save', { digest: 'off' });
    const byWeek = [14, 21].map((days) => new Date(monday.getTime() + days * DAY));
    // A new supporter each week, so there is news in both weeks.
    for (const [i, at] of byWeek.entries())
      await sql(`INSERT INTO mission_supporters (mission_id, person_id, created_at) VALUES ($1, $2, $3)`, [
        missionId,
        [mette, USERS.henrik][i].aadObjectId,
        new Date(at.getTime() - DAY),
      ]);
    const sentTo = async (at: Date) => {
      await run(new Date(at.getTime() + 60_000));
      return (
        await sql(`SELECT person_id FROM digests_sent WHERE period_start = $1 AND items > 0 ORDER BY person_id`, [at])
      ).rows.map((r) => r.person_id as string);
    };
    const weeks = [await sentTo(byWeek[0]), await sentTo(byWeek[1])];
    const week = digestPeriod(byWeek[0], ZONE).week;
    const larsWeek = week % 2 === 0 ? 0 : 1;
    expect(weeks[larsWeek]).toContain(lars.aadObjectId);
    expect(weeks[1 - larsWeek]).not.toContain(lars.aadObjectId);
    for (const w of weeks) expect(w).not.toContain(henrik.aadObjectId);
    for (const w of weeks) expect(w).toContain(anne.aadObjectId);
  });
});
