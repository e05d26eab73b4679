import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { USERS, install } from '../support/activities.js';
import { MISSION, press } from '../support/clusters.js';
import { DB_TARGETS, cardText, findAction, startTestApp, type TestApp } from '../support/test-app.js';

const { anne, mette } = USERS;

/** "Til beslutning" with many waiting: how many, a filter, newest first, ten a page. */
describe.each(DB_TARGETS)('the decision queue with many proposals, on %s', (target) => {
  let connector: ConnectorStandIn;
  let t: TestApp;
  const titles = (card: unknown) => [...JSON.stringify(card).matchAll(/"text":"(Forslag nr\. \d+)"/g)].map((m) => m[1]);

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp(target);
    for (const u of [anne, mette]) await t.post(install(u, connector.url, 'da-DK'));
    // Twelve proposals, one a minute apart in creation order: 1 is the oldest, 12 the newest; every third on the
    // workplace track.
    for (let i = 1; i <= 12; i++) {
      await press(t, connector, anne, 'propose.submit', {
        formId: crypto.randomUUID(),
        ...MISSION,
        title: `Forslag nr. ${i}`,
        track: i % 3 === 0 ? 'workplace' : 'welfare',
      });
      await t.app.database.pool.query(
        `UPDATE missions SET created_at = now() - make_interval(mins => $2) WHERE title = $1`,
        [`Forslag nr. ${i}`, 100 - i],
      );
    }
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it('says how many wait, shows ten a page, longest waiting first, and where you are', async () => {
    const first = await press(t, connector, mette, 'decisions.list', { page: 0 });
    const text = cardText(first);
    expect(text).toContain('Til beslutning (12)');
    expect(text).toContain('12 forslag venter på en beslutning.');
    expect(titles(first)).toEqual(Array.from({ length: 10 }, (_, i) => `Forslag nr. ${i + 1}`));
    expect(text).toContain('Side 1 af 2');
    const second = await press(t, connector, mette, 'decisions.list', findAction(first, 'Næste side').data);
    expect(titles(second)).toEqual(['Forslag nr. 11', 'Forslag nr. 12']);
  });

  it('puts the newest first, and filters by track, keeping the filter while paging and deciding', async () => {
    const newest = await press(t, connector, mette, 'decisions.list', {
      page: 0,
      filterTrack: 'any',
      filterProblem: 'any',
      filterOrder: 'newest',
    });
    expect(titles(newest).slice(0, 2)).toEqual(['Forslag nr. 12', 'Forslag nr. 11']);
    const workplace = await press(t, connector, mette, 'decisions.list', {
      page: 0,
      filterTrack: 'workplace',
      filterProblem: 'any',
      filterOrder: 'oldest',
    });
    expect(cardText(workplace)).toContain('4 af de 12 ventende forslag passer til filteret.');
    expect(titles(workplace)).toEqual(['Forslag nr. 3', 'Forslag nr. 6', 'Forslag nr. 9', 'Forslag nr. 12']);
    const missionId = (await t.app.database.pool.query(`SELECT id FROM missions WHERE title = 'Forslag nr. 6'`)).rows[0]
      .id;
    const decide = findAction(workplace, 'Aktivér');
    expect(decide.data).toMatchObject({ track: 'workplace', order: 'oldest' });
    const after = await press(t, connector, mette, 'mission.decide', { ...decide.data, missionId, decision: 'active' });
    expect(cardText(after)).toContain('3 af de 11 ventende forslag passer til filteret.');
    expect(titles(after)).toEqual(['Forslag nr. 3', 'Forslag nr. 9', 'Forslag nr. 12']);
  });

  it('after deciding the last one on a page, shows the page before', async () => {
    const second = await press(t, connector, mette, 'decisions.list', { page: 1 });
    expect(titles(second)).toEqual(['Forslag nr. 12']);
    const missionId = (await t.app.database.pool.query(`SELECT id FROM missions WHERE title = 'Forslag nr. 12'`))
      .rows[0].id;
    const after = await press(t, connector, mette, 'mission.decide', {
      ...findAction(second, 'Aktivér').data,
      missionId,
      decision: 'active',
    });
    expect(cardText(after)).toContain('10 forslag venter på en beslutning.');
    expect(titles(after)).toHaveLength(10);
    expect(cardText(after)).not.toContain('Ingen af de ventende forslag');
  });
});
