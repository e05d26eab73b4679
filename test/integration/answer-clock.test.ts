import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { USERS, install } from '../support/activities.js';
import { MISSION, press } from '../support/clusters.js';
import { DB_TARGETS, cardText, startTestApp, type TestApp } from '../support/test-app.js';

const { anne, mette, henrik } = USERS;
const DAY = 86_400_000;
const day = (d: Date) =>
  new Intl.DateTimeFormat('da-DK', { dateStyle: 'medium', timeZone: 'Europe/Copenhagen' }).format(d);

/** The answer clock: how long a proposal has waited, its deadline, the queue in that order, the overview's figures. */
describe.each(DB_TARGETS)('the answer clock, on %s', (target) => {
  let connector: ConnectorStandIn;
  let t: TestApp;
  const sql = (text: string, params: unknown[] = []) => t.app.database.pool.query(text, params);
  const created = new Map<string, Date>();

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp(target, { DECISION_REMINDER_DAYS: '14' });
    for (const u of [anne, mette, henrik]) await t.post(install(u, connector.url, 'da-DK'));
    for (const [title, age] of [
      ['Forslag der har ventet længe', 20],
      ['Forslag fra i sidste uge', 5],
    ] as const) {
      await press(t, connector, anne, 'propose.submit', { formId: crypto.randomUUID(), ...MISSION, title });
      const at = new Date(Date.now() - age * DAY);
      await sql(`UPDATE missions SET created_at = $2 WHERE title = $1`, [title, at]);
      created.set(title, at);
    }
    // Decided proposals: 2, 4 and 10 days to the first decision in the last 90 days; one long ago does not count.
    for (const [i, waited, ago] of [
      [1, 2, 10],
      [2, 4, 30],
      [3, 10, 60],
      [4, 1, 200],
    ]) {
      await sql(
        `INSERT INTO missions (submission_key, title, ambition, obstacles, focus, track, problems, proposer_id, status,
                               created_at, decided_at, first_decided_at)
         VALUES ($1, $2, 'Ambition der er lang nok', 'Forhindringer', 'citizens', 'welfare', '{labour}', $3, 'active',
                 now() - make_interval(days => $4::int + $5::int), now() - make_interval(days => $4::int),
                 now() - make_interval(days => $4::int))`,
        [`decided-${i}`, `Besluttet ${i}`, anne.aadObjectId, ago, waited],
      );
    }
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it('shows each waiting proposal how long it has waited and its deadline, past deadlines in red', async () => {
    const card = await press(t, connector, anne, 'missions.list', { scope: 'mine', page: 0 });
    const text = cardText(card);
    const late = created.get('Forslag der har ventet længe')!;
    const recent = created.get('Forslag fra i sidste uge')!;
    expect(text).toContain(`Har ventet 20 dage · svarfristen var ${day(new Date(late.getTime() + 14 * DAY))}`);
    expect(text).toContain(`Har ventet 5 dage · svarfrist ${day(new Date(recent.getTime() + 14 * DAY))}`);
    const overdue = JSON.stringify(card).match(/"text":"Har ventet 20 dage[^"]*","wrap":true,[^}]*"color":"Attention"/);
    expect(overdue).not.toBeNull();
    // Of the five newest shown, three are decided: they have no clock.
    expect(text).toContain('Besluttet 3');
    expect(text.match(/Har ventet/g)).toHaveLength(2);
  });

  it('"Til beslutning" puts the nearest deadline first and says so', async () => {
    const text = cardText(await press(t, connector, mette, 'decisions.list', { page: 0 }));
    expect(text).toContain('Sorteret efter svarfrist: det forslag, der har ventet længst, står først.');
    expect(text.indexOf('Forslag der har ventet længe')).toBeLessThan(text.indexOf('Forslag fra i sidste uge'));
    expect(text).toContain('Har ventet 20 dage · svarfristen var');
  });

  it('keeps the first decision as the clock’s end when a concretised proposal is activated later', async () => {
    const id = (await sql(`SELECT id FROM missions WHERE title = 'Forslag fra i sidste uge'`)).rows[0].id;
    await press(t, connector, mette, 'mission.decide', { missionId: id, decision: 'concretising', page: 0 });
    const first = (await sql(`SELECT first_decided_at FROM missions WHERE id = $1`, [id])).rows[0].first_decided_at;
    await new Promise((r) => setTimeout(r, 20));
    await press(t, connector, mette, 'mission.decide', { missionId: id, decision: 'active', page: 0 });
    const after = (await sql(`SELECT first_decided_at, decided_at FROM missions WHERE id = $1`, [id])).rows[0];
    expect(after.first_decided_at).toEqual(first);
    expect(after.decided_at.getTime()).toBeGreaterThan(first.getTime());
  });

  it('the overview shows the median time to a decision over 90 days and the oldest open proposal', async () => {
    const text = cardText(await press(t, connector, henrik, 'overview.view', {}));
    // 2, 4, 5 (the one just decided) and 10 days: the median is 4.5, said rounded down as everywhere: 4 days.
    expect(text).toContain('Svartid på forslag');
    expect(text).toContain('Mediantid til beslutning, seneste 90 dage: 4 dage (4 beslutninger)');
    expect(text).toContain('Ældste ubesvarede forslag: "Forslag der har ventet længe" (20 dage)');
  });

  it('says "under 1 time" for a proposal made minutes ago, never "0 dage"', async () => {
    await press(t, connector, anne, 'propose.submit', {
      formId: crypto.randomUUID(),
      ...MISSION,
      title: 'Helt nyt forslag',
    });
    const text = cardText(await press(t, connector, henrik, 'decisions.list', {}));
    expect(text).toContain('Har ventet under 1 time · svarfrist');
    expect(text).not.toMatch(/(^|\s)0 dage/);
  });

  it('says once that every proposal is answered', async () => {
    const waiting = (await sql(`SELECT id FROM missions WHERE status = 'proposed'`)).rows;
    for (const { id } of waiting)
      await press(t, connector, mette, 'mission.decide', {
        missionId: id,
        decision: 'active',
        page: 0,
        [`reason-${id}`]: 'Den passer til sporet, og enhederne vil være med.',
      });
    const text = cardText(await press(t, connector, henrik, 'overview.view', {}));
    expect(text.match(/Alle forslag er besvaret\./g)).toHaveLength(1);
    expect(text).not.toContain('Ingen forslag venter på svar');
    expect(text).not.toContain('Ældste ubesvarede forslag');
  });
});
