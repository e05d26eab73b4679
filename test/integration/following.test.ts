import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConnectorStandIn } from '../support/connector-standin.js';
import {
  USERS,
  channelExecute,
  channelMessage,
  channelSubmit,
  execute,
  groupExecute,
  groupMessage,
  install,
  personalSubmit,
} from '../support/activities.js';
import { MISSION, formCluster, press, until } from '../support/clusters.js';
import { DB_TARGETS, cardText, findAction, startTestApp, type TestApp } from '../support/test-app.js';
import { cardProblems } from '../support/card-check.js';
import { KNOWN_VERBS } from '../../src/conversation/actions.js';

const { anne, lars, mette, peter, sofie, henrik } = USERS;
const GROUP_CHAT = '19:dus-koordinering-gruppechat@thread.v2';
const CHANNEL = '19:klynge-trivsel-for-unge@thread.tacv2';
/** Where a message or card action in the recorded channel post lands. */
const CHANNEL_POST = `${CHANNEL};messageid=1795323256807`;
const SETTINGS_ONLY_HERE =
  'Dine indstillinger og det, du følger, vises kun i din personlige chat med Missionsklynger, hvor ingen andre kan læse med.';

/** A mission's "Historik" and following it: built from what the app records, paged, and private where it must be. */
describe.each(DB_TARGETS)('history and following, on %s', (target) => {
  let connector: ConnectorStandIn;
  let t: TestApp;
  let missionId: string;
  let clusterId: string;
  let initiativeId: string;
  let declinedId: string;
  const sql = (text: string, params: unknown[] = []) => t.app.database.pool.query(text, params);
  const follows = async (personId: string, id: string) =>
    (await sql(`SELECT count(*)::int AS n FROM follows WHERE person_id = $1 AND entity_id = $2`, [personId, id]))
      .rows[0].n as number;

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp(target);
    for (const u of [anne, lars, mette, peter, sofie, henrik]) await t.post(install(u, connector.url, 'da-DK'));
    // Sofie agrees to be shown as a contributor; Lars and Peter do not (the default).
    await press(t, connector, sofie, 'settings.save', { digest: 'weekly', showSupport: 'true' });
    await press(t, connector, anne, 'propose.submit', { formId: crypto.randomUUID(), ...MISSION });
    missionId = (await sql(`SELECT id FROM missions WHERE title = $1`, [MISSION.title])).rows[0].id;
    for (const u of [lars, sofie, peter]) await press(t, connector, u, 'mission.support', { missionId, page: 0 });
    await press(t, connector, mette, 'mission.decide', {
      missionId,
      decision: 'active',
      page: 0,
      [`reason-${missionId}`]: 'Den passer til velfærdssporet, og skolerne vil være med.',
    });
    ({ clusterId } = await formCluster(t, connector, anne, missionId, { name: 'Fritidsjob Syd' }));
    await press(t, connector, lars, 'cluster.join', { clusterId });
    // A portfolio's work, as the portfolio's own flows write it (initiative, a stage move, a review, a learning).
    initiativeId = (
      await sql(
        `INSERT INTO initiatives (submission_key, cluster_id, kind, title, hypothesis, owner_id, created_by_id, problems, next_review_on)
         VALUES ('h1', $1, 'trialAction', 'Jobdag på skolen', 'Hvis virksomhederne kommer, får flere unge job.', $2, $2, '{labour}', current_date + 30)
         RETURNING id`,
        [clusterId, lars.aadObjectId],
      )
    ).rows[0].id;
    await sql(
      `INSERT INTO audit_log (actor_id, action, entity, entity_id, details)
       VALUES ($1, 'initiative.stageMoved', 'initiative', $2, '{"from":"idea","to":"running"}')`,
      [lars.aadObjectId, initiativeId],
    );
    const review = (
      await sql(
        `INSERT INTO portfolio_reviews (cluster_id, trigger, due_on, opened_by_id) VALUES ($1, 'requested', current_date, $2) RETURNING id`,
        [clusterId, anne.aadObjectId],
      )
    ).rows[0].id;
    await sql(
      `INSERT INTO review_decisions (review_id, initiative_id, relevant, can_cope, decision, rationale, stage_before, stage_after, decided_by_id)
       VALUES ($1, $2, true, true, 'scale', 'Tre skoler vil have den samme jobdag.', 'running', 'scaled', $3)`,
      [review, initiativeId, anne.aadObjectId],
    );
    await sql(
      `INSERT INTO learnings (submission_key, initiative_id, author_id, tried, happened, advice)
       VALUES ('l1', $1, $2, 'En jobdag med ti virksomheder.', 'Tolv unge fik job.', 'Start med de små virksomheder.')`,
      [initiativeId, lars.aadObjectId],
    );
    // The Ledertræf digest for the last 90 days holds that learning.
    await press(t, connector, mette, 'digest.view', {});
    // A declined proposal: its history is for its proposer, its supporters and those who decide.
    await press(t, connector, peter, 'propose.submit', {
      formId: crypto.randomUUID(),
      ...MISSION,
      title: 'Et forslag der blev afvist',
    });
    declinedId = (await sql(`SELECT id FROM missions WHERE title = 'Et forslag der blev afvist'`)).rows[0].id;
    await press(t, connector, mette, 'mission.decide', {
      missionId: declinedId,
      decision: 'declined',
      page: 0,
      [`reason-${declinedId}`]: 'Det ligger uden for kommunens opgaver.',
    });
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it('tells the whole way in order, with names only of contributors who agreed to be shown', async () => {
    const card = await press(t, connector, henrik, 'history.view', { missionId, page: -1 });
    expect(cardProblems(card, KNOWN_VERBS)).toEqual([]);
    const text = cardText(card);
    const steps = [
      'Historik: Flere unge i fritidsjob',
      'Foreslået af Anne Sørensen',
      '3 nye bidragydere: Sofie Larsen og 2 andre',
      'Besluttet: Aktiv (Mette Jensen)',
      'Begrundelse: Den passer til velfærdssporet, og skolerne vil være med.',
      'Klyngen "Fritidsjob Syd" er dannet af Anne Sørensen',
      'Med i "Fritidsjob Syd": Anne Sørensen, Lars Nielsen',
      'Prøvehandling "Jobdag på skolen" startet i Fritidsjob Syd',
      '"Jobdag på skolen": Idé → I gang',
      'Review af "Jobdag på skolen": skalér',
      'Rationale: Tre skoler vil have den samme jobdag.',
      'Læring om "Jobdag på skolen" fra Lars Nielsen',
      'En jobdag med ti virksomheder.',
      'Med i Ledertræf-opsamlingen',
    ];
    let at = -1;
    for (const step of steps) {
      const found = text.indexOf(step, at + 1);
      expect({ step, found: found > at }).toEqual({ step, found: true });
      at = found;
    }
    expect(text).not.toContain('Lars Nielsen og');
    expect(text).not.toContain('Peter Hansen');
    // Each event opens its own card: the initiative's, the cluster's.
    const json = JSON.stringify(card);
    expect(json).toContain(`"verb":"initiative.view","initiativeId":"${initiativeId}"`);
    expect(json).toContain(`"verb":"cluster.view","clusterId":"${clusterId}"`);
  });

  it('shows a declined proposal only to its proposer, its supporters and the deciders', async () => {
    expect(cardText(await press(t, connector, lars, 'history.view', { missionId: declinedId, page: 0 }))).toContain(
      'Missionen findes ikke, eller du kan ikke se den.',
    );
    for (const u of [peter, mette]) {
      const text = cardText(await press(t, connector, u, 'history.view', { missionId: declinedId, page: 0 }));
      expect(text).toContain('Besluttet: Afvist (Mette Jensen)');
      expect(text).toContain('Begrundelse: Det ligger uden for kommunens opgaver.');
    }
  });

  it('opens from the mission list, where the proposer and the supporters already follow', async () => {
    const list = await press(t, connector, lars, 'missions.list', { scope: 'mine', page: 0 });
    expect(findAction(list, 'Historik').data).toMatchObject({ verb: 'history.view', missionId });
    expect(findAction(list, 'Følg ikke længere').data).toMatchObject({
      entity: 'mission',
      id: missionId,
      follow: false,
    });
    expect(await follows(anne.aadObjectId, missionId)).toBe(1);
    expect(await follows(lars.aadObjectId, missionId)).toBe(1);
    expect(await follows(henrik.aadObjectId, missionId)).toBe(0);
  });

  it('follows once however often it is pressed, and stops once', async () => {
    const data = { entity: 'mission', id: missionId, follow: true, back: 'history', page: 0 };
    const [a, b] = await Promise.all([
      press(t, connector, henrik, 'follow.set', data),
      press(t, connector, henrik, 'follow.set', data),
    ]);
    // The second press of the same button answers as the first did.
    for (const answer of [a, b])
      expect(cardText(answer)).toContain(
        'Du følger nu "Flere unge i fritidsjob". Nyt kommer i din ugentlige oversigt mandag kl. 8.',
      );
    expect(await follows(henrik.aadObjectId, missionId)).toBe(1);
    expect(cardText(b)).toContain('Følg ikke længere');
    const stop = { ...data, follow: false };
    const stopped = await press(t, connector, henrik, 'follow.set', stop);
    expect(cardText(stopped)).toContain('Du følger ikke længere "Flere unge i fritidsjob".');
    expect(findAction(stopped, 'Følg').data).toMatchObject({ follow: true });
    expect(cardText(await press(t, connector, henrik, 'follow.set', stop))).toContain(
      'Du følger ikke længere "Flere unge i fritidsjob".',
    );
    expect(await follows(henrik.aadObjectId, missionId)).toBe(0);
  });

  it('follows a cluster from its card, and lists what one follows in the settings', async () => {
    const card = await press(t, connector, sofie, 'cluster.view', { clusterId });
    const follow = findAction(card, 'Følg');
    const after = await press(t, connector, sofie, follow.verb, follow.data);
    expect(cardText(after)).toContain('Du følger nu "Fritidsjob Syd".');
    expect(cardText(after)).toContain('✓ Du følger');
    const settings = await press(t, connector, sofie, 'settings.open', {});
    expect(cardProblems(settings, KNOWN_VERBS)).toEqual([]);
    const text = cardText(settings);
    expect(text).toContain('Klynge: Fritidsjob Syd');
    expect(text).toContain('Mission: Flere unge i fritidsjob');
    const stop = await press(t, connector, sofie, 'follow.set', findAction(settings, 'Følg ikke længere').data);
    expect(cardText(stop)).toContain('Du følger ikke længere');
  });

  it("says what holds for the follower's own digest: every other Monday, or that it is off and where to turn it on", async () => {
    const follow = { entity: 'cluster', id: clusterId, follow: true, back: 'cluster' };
    await press(t, connector, peter, 'settings.save', { digest: 'fortnightly', showSupport: 'false' });
    expect(cardText(await press(t, connector, peter, 'follow.set', follow))).toContain(
      'Du følger nu "Fritidsjob Syd". Nyt kommer i din oversigt hver anden mandag kl. 8.',
    );
    await press(t, connector, peter, 'follow.set', { ...follow, follow: false });
    await press(t, connector, peter, 'settings.save', { digest: 'off', showSupport: 'false' });
    const off = cardText(await press(t, connector, peter, 'follow.set', follow));
    expect(off).toContain('Din oversigt er slået fra, så du får ikke nyt om det. Slå den til under Indstillinger.');
    expect(off).not.toContain('ugentlige');
  });

  it("keeps a decision notice as it was: its buttons open their card below it, and it has a 'Historik' button", async () => {
    const notice = connector
      .cards(anne.conversationId)
      .find(
        (c) => cardText(c).includes('Flere unge i fritidsjob') && cardText(c).includes('Den passer til velfærdssporet'),
      );
    expect(notice).toBeDefined();
    const before = connector.messagesTo(anne.conversationId).length;
    const historyButton = findAction(notice, 'Historik');
    const res = await t.post(execute(anne, historyButton.verb, historyButton.data, connector.url, 'da-DK'));
    expect(res.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Se svaret i en ny besked nedenfor.',
    });
    await connector.waitFor(
      () => connector.messagesTo(anne.conversationId).length > before,
      10_000,
      'the history below',
    );
    expect(cardText(connector.cards(anne.conversationId).at(-1))).toContain('Historik: Flere unge i fritidsjob');
    const list = findAction(notice, 'Mine missioner');
    const again = await t.post(execute(anne, list.verb, list.data, connector.url, 'da-DK'));
    expect(again.body.type).toBe('application/vnd.microsoft.activity.message');
    await connector.waitFor(
      () => connector.messagesTo(anne.conversationId).length > before + 1,
      10_000,
      'the list below',
    );
    expect(connector.calls.filter((c) => c.method === 'PUT' && c.conversationId === anne.conversationId)).toHaveLength(
      0,
    );
  });

  it('refuses an unknown digest choice and keeps the saved one', async () => {
    await press(t, connector, lars, 'settings.save', { digest: 'fortnightly', showSupport: 'false' });
    const refused = await press(t, connector, lars, 'settings.save', { digest: 'daily' });
    expect(cardText(refused)).toContain('Vælg hvor ofte, du vil have oversigten.');
    expect(
      (await sql(`SELECT digest FROM person_settings WHERE person_id = $1`, [lars.aadObjectId])).rows[0].digest,
    ).toBe('fortnightly');
  });

  it('pages a history of 500 events, every page under Teams’ card size limit', async () => {
    await sql(
      `INSERT INTO audit_log (actor_id, action, entity, entity_id, details, at)
       SELECT $1, 'initiative.stageMoved', 'initiative', $2,
              jsonb_build_object('from', CASE WHEN g % 2 = 0 THEN 'running' ELSE 'evaluating' END,
                                 'to', CASE WHEN g % 2 = 0 THEN 'evaluating' ELSE 'running' END),
              now() + make_interval(secs => g)
       FROM generate_series(1, 490) g`,
      [lars.aadObjectId, initiativeId],
    );
    const last = await press(t, connector, henrik, 'history.view', { missionId, page: -1 });
    const text = cardText(last);
    const m = /Side (\d+) af (\d+) · (\d+) begivenheder/.exec(text);
    expect(m).not.toBeNull();
    const [, page, pages, total] = m!.map(Number);
    expect(total).toBeGreaterThanOrEqual(500);
    expect(pages).toBe(Math.ceil(total / 15));
    expect(page).toBe(pages);
    let card = await press(t, connector, henrik, 'history.view', { missionId, page: 0 });
    expect(cardText(card)).toContain('Foreslået af Anne Sørensen');
    let seen = 1;
    while (cardText(card).includes('Senere')) {
      expect(cardProblems(card, KNOWN_VERBS)).toEqual([]);
      card = await press(t, connector, henrik, 'history.view', findAction(card, 'Senere').data);
      seen++;
    }
    expect(seen).toBe(pages);
  });

  describe('privacy: settings and following are for one person', () => {
    /** The cards the bot posted to a shared conversation after `before` of them. */
    const postedTo = async (conversationId: string, before: number) => {
      await connector.waitFor(
        () => connector.cards(conversationId).length > before,
        10_000,
        `a post in ${conversationId}`,
      );
      return connector.cards(conversationId).slice(before);
    };
    const expectOnlyTheWay = (cards: any[], line: string) => {
      expect(cards).toHaveLength(1);
      const text = cardText(cards[0]);
      expect(text).toContain(line);
      for (const secret of [
        'Fritidsjob',
        'Et forslag der blev afvist',
        'Hver uge',
        'Det, du følger',
        'uden for kommunens',
      ])
        expect(text).not.toContain(secret);
      expect(findAction(cards[0], 'Åbn din personlige chat').url).toMatch(
        /^https:\/\/teams\.microsoft\.com\/l\/chat\//,
      );
    };

    it('answers "indstillinger" in a group chat and a channel with a line and the way to the personal chat', async () => {
      for (const [activity, where] of [
        [groupMessage(sofie, 'indstillinger', connector.url), GROUP_CHAT],
        [channelMessage(sofie, 'indstillinger', connector.url), CHANNEL_POST],
      ] as const) {
        const before = connector.cards(where).length;
        expect((await t.post(activity)).status).toBe(200);
        expectOnlyTheWay(await postedTo(where, before), SETTINGS_ONLY_HERE);
      }
      // In the personal chat the settings are shown as before.
      expect(cardText(await press(t, connector, sofie, 'settings.open', {}))).toContain('Det, du følger');
    });

    it('answers every settings and follow button pressed in a group chat or a channel the same way, changing nothing', async () => {
      const followsBefore = await follows(peter.aadObjectId, clusterId);
      const settingsOf = async () =>
        (await sql(`SELECT digest, show_support FROM person_settings WHERE person_id = $1`, [peter.aadObjectId])).rows;
      const settingsBefore = await settingsOf();
      const pressed = [
        groupExecute(peter, 'settings.open', {}, connector.url),
        groupExecute(peter, 'settings.save', { digest: 'off', showSupport: 'true' }, connector.url),
        channelExecute(
          peter,
          'follow.set',
          { entity: 'cluster', id: clusterId, follow: true, back: 'cluster' },
          CHANNEL,
          connector.url,
        ),
        channelExecute(peter, 'settings.locale', { locale: 'en' }, CHANNEL, connector.url),
      ];
      for (const activity of pressed) {
        const res = await t.post(activity);
        expect(res.status).toBe(200);
        expectOnlyTheWay([res.body.value], SETTINGS_ONLY_HERE);
      }
      expect(await follows(peter.aadObjectId, clusterId)).toBe(followsBefore);
      expect(await settingsOf()).toEqual(settingsBefore);
    });

    it("never replaces a shared post with one person's answer to an older card's button", async () => {
      // A decider presses an Action.Submit "Historik" on a declined proposal in a channel.
      const before = connector.cards(CHANNEL_POST).length;
      const res = await t.post(
        channelSubmit(mette, { verb: 'history.view', missionId: declinedId, page: 0 }, connector.url, '1795323260334'),
      );
      expect(res.status).toBe(200);
      const posted = await postedTo(CHANNEL_POST, before);
      expectOnlyTheWay(posted, 'Svaret på den knap er kun til dig');
      expect(connector.calls.filter((c) => c.method === 'PUT' && c.path.includes('1795323260334'))).toHaveLength(0);
      // In the personal chat the same button replaces its own card, as before.
      const mine = await t.post(
        personalSubmit(mette, { verb: 'history.view', missionId: declinedId, page: 0 }, connector.url, '1795323186082'),
      );
      expect(mine.status).toBe(200);
      await connector.waitFor(
        () => connector.calls.some((c) => c.method === 'PUT' && c.path.includes('1795323186082')),
        10_000,
        'the personal card replaced',
      );
      const replaced = connector.calls.find((c) => c.method === 'PUT' && c.path.includes('1795323186082'))!;
      expect(cardText(replaced.activity.attachments[0].content)).toContain(
        'Begrundelse: Det ligger uden for kommunens opgaver.',
      );
    });

    it('lists a followed proposal only while the follower may see it, and lets them stop following it without a word about it', async () => {
      await press(t, connector, peter, 'propose.submit', {
        formId: crypto.randomUUID(),
        ...MISSION,
        title: 'Et skjult forslag',
      });
      const hiddenId = (await sql(`SELECT id FROM missions WHERE title = 'Et skjult forslag'`)).rows[0].id;
      // Sofie follows it while it is open; Henrik, a decider, too.
      for (const u of [sofie, henrik])
        await press(t, connector, u, 'follow.set', {
          entity: 'mission',
          id: hiddenId,
          follow: true,
          back: 'history',
          page: 0,
        });
      expect(cardText(await press(t, connector, sofie, 'settings.open', {}))).toContain('Mission: Et skjult forslag');
      await press(t, connector, mette, 'mission.decide', {
        missionId: hiddenId,
        decision: 'declined',
        page: 0,
        [`reason-${hiddenId}`]: 'Et hemmeligt afslag.',
      });
      const settings = await press(t, connector, sofie, 'settings.open', {});
      expect(cardText(settings)).not.toContain('Et skjult forslag');
      // The button she still has from before stops the follow and names nothing.
      const stop = { entity: 'mission', id: hiddenId, follow: false, back: 'settings' };
      const stopped = await press(t, connector, sofie, 'follow.set', stop);
      expect(cardText(stopped)).toContain('Du følger det ikke længere.');
      expect(cardText(stopped)).not.toContain('Et skjult forslag');
      expect(await follows(sofie.aadObjectId, hiddenId)).toBe(0);
      // A decider sees it; removed from the organisation import, no longer.
      expect(cardText(await press(t, connector, henrik, 'settings.open', {}))).toContain('Mission: Et skjult forslag');
      await sql(`UPDATE persons SET roles = '{employee}', removed_from_import_at = now() WHERE id = $1`, [
        henrik.aadObjectId,
      ]);
      // Roles are read again within seconds (the people cache).
      await until(
        'the removal to count',
        async () => !cardText(await press(t, connector, henrik, 'settings.open', {})).includes('Et skjult forslag'),
        15_000,
      );
      expect(cardText(await press(t, connector, henrik, 'follow.set', stop))).toContain('Du følger det ikke længere.');
      expect(await follows(henrik.aadObjectId, hiddenId)).toBe(0);
    });

    it('saves the name choice only as on or off, refusing anything else and storing nothing', async () => {
      await press(t, connector, anne, 'settings.save', { digest: 'weekly', showSupport: 'false' });
      const refused = await press(t, connector, anne, 'settings.save', { digest: 'off', showSupport: 'yes please' });
      expect(cardText(refused)).toContain('Vælg, om dit navn skal vises (til eller fra). Intet er gemt.');
      const row = (
        await sql(`SELECT digest, show_support FROM person_settings WHERE person_id = $1`, [anne.aadObjectId])
      ).rows[0];
      expect(row).toEqual({ digest: 'weekly', show_support: false });
      expect(
        cardText(await press(t, connector, anne, 'settings.save', { digest: 'weekly', showSupport: true })),
      ).toContain('Dine indstillinger er gemt.');
      const card = await press(t, connector, anne, 'settings.open', {});
      expect(cardText(card)).toContain('Er du med i en klynge, nævnes du i historikken og i oversigterne');
    });
  });
});
