import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, localDate } from '../../src/domain/portfolio.js';
import { runPortfolioReminders } from '../../src/services/portfolio-reminders.service.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { GraphStandIn } from '../support/graph-standin.js';
import { TEAM, USERS, channelExecute, install, teamInstall } from '../support/activities.js';
import { activeMission, formCluster, press, until } from '../support/clusters.js';
import { DB_TARGETS, cardText, startTestApp, type TestApp } from '../support/test-app.js';

const { henrik, anne, lars, sofie } = USERS;
const TZ = 'Europe/Copenhagen';
const TODAY = localDate(new Date(), TZ);

describe.each(DB_TARGETS)('portfolio reminders in Copenhagen time, on %s', (target) => {
  let connector: ConnectorStandIn;
  let graph: GraphStandIn;
  let t: TestApp;
  let winter: string;
  let summer: string;
  let initiativeId: string;

  const q = async (sql: string, params: unknown[] = []) => (await t.app.database.pool.query(sql, params)).rows;
  const run = (iso: string) => runPortfolioReminders(t.app.database.pool, t.app.queue, TZ, new Date(iso));
  const cardsTo = (conversationId: string, text: string) =>
    connector.calls.filter(
      (c) =>
        c.conversationId === conversationId &&
        c.method === 'POST' &&
        c.activity?.attachments &&
        cardText(c.activity.attachments[0].content).includes(text),
    );
  const channelOf = async (clusterId: string) =>
    (await q('SELECT channel_id FROM cluster_channels WHERE cluster_id = $1', [clusterId]))[0]?.channel_id as
      string | undefined;

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    graph = await new GraphStandIn().start();
    graph.prepareTeam(TEAM.aadGroupId);
    t = await startTestApp(target, {
      CLUSTER_TEAM_ID: TEAM.aadGroupId,
      GRAPH_BASE_URL: graph.url,
      JOB_LEASE_SECONDS: '3',
      JOB_SWEEP_SECONDS: '1',
    });
    expect((await t.post(teamInstall(connector.url))).status).toBe(200);
    for (const u of [anne, lars, sofie, henrik]) await t.post(install(u, connector.url, 'da-DK'));
    const missionId = await activeMission(t, connector);
    winter = (
      await formCluster(t, connector, henrik, missionId, { name: 'Vinterklyngen', coordinator: anne.aadObjectId })
    ).clusterId;
    summer = (
      await formCluster(t, connector, henrik, missionId, { name: 'Sommerklyngen', coordinator: sofie.aadObjectId })
    ).clusterId;
    await press(t, connector, lars, 'cluster.join', { clusterId: winter });
    await press(t, connector, lars, 'initiative.form.submit', {
      formId: crypto.randomUUID(),
      clusterId: winter,
      kind: 'trialAction',
      title: 'Fritidsjob via foreninger',
      hypothesis: 'Flere unge får et fritidsjob, når foreningerne formidler kontakten.',
      problems: 'labour',
      nextReviewOn: addDays(TODAY, 1),
    });
    initiativeId = (await q("SELECT id FROM initiatives WHERE title = 'Fritidsjob via foreninger'"))[0].id;
    // The review dates a cluster would reach after months of work, set here instead of waiting for them.
    await q("UPDATE clusters SET next_review_on = '2026-12-01' WHERE id = $1", [winter]);
    // The form only takes a future review date; the runs below are at fixed times, so the initiative's date is fixed
    // too
    // (it was TODAY + 1, which stopped being before the 1 December run when the real date reached it).
    await q("UPDATE initiatives SET next_review_on = '2026-11-20' WHERE id = $1", [initiativeId]);
    await q("UPDATE clusters SET next_review_on = '2027-06-15' WHERE id = $1", [summer]);
    await until('both channels', async () => (await channelOf(winter)) && (await channelOf(summer)));
  });
  afterAll(async () => {
    await t?.stop();
    await graph?.stop();
    await connector?.stop();
  });

  it('opens nothing before 08:00 on the review day (Copenhagen winter time, UTC+1)', async () => {
    expect(await run('2026-11-30T23:30:00Z')).toMatchObject({ reviewsOpened: 0 }); // 00:30 on 1 December in Copenhagen
    expect(await run('2026-12-01T06:59:00Z')).toMatchObject({ reviewsOpened: 0 }); // 07:59
    expect(await q('SELECT count(*)::int AS n FROM portfolio_reviews')).toEqual([{ n: 0 }]);
  });

  it('opens the review at 08:00, posts its card in the channel and tells the coordinator, once', async () => {
    expect(await run('2026-12-01T07:00:00Z')).toEqual({ reviewsOpened: 1, overdueNotices: 1, learningNotices: 0 });
    expect(await run('2026-12-01T07:00:00Z')).toEqual({ reviewsOpened: 0, overdueNotices: 0, learningNotices: 0 });
    expect(await run('2026-12-02T11:00:00Z')).toEqual({ reviewsOpened: 0, overdueNotices: 0, learningNotices: 0 });
    expect(await q("SELECT cluster_id, trigger, to_char(due_on, 'YYYY-MM-DD') AS due FROM portfolio_reviews")).toEqual([
      { cluster_id: winter, trigger: 'cadence', due: '2026-12-01' },
    ]);
    const channel = (await channelOf(winter))!;
    const posted = await until(
      'the review card in the channel',
      () =>
        cardsTo(channel, 'Tid til porteføljereview: Vinterklyngen').length > 0 &&
        cardsTo(channel, 'Tid til porteføljereview: Vinterklyngen'),
    );
    expect(cardText(posted[0].activity.attachments[0].content)).toContain('Én åben indsats skal vurderes');
    const open = posted[0].activity.attachments[0].content.actions[0];
    expect(open).toMatchObject({ verb: 'review.view' });
    // Pressed in the channel, the review opens for the one who pressed (the invoke's card), never as a new
    // post everyone in the channel would see.
    // (The channel's status card may be posted or updated meanwhile, as the review shows on it: not counted.)
    const posts = () =>
      connector
        .messagesTo(channel)
        .filter((m: any) => !cardText(m.activity.attachments?.[0]?.content).includes('Missionsklynge: Vinterklyngen'));
    const postsBefore = posts().length;
    const pressed = await t.post(channelExecute(anne, open.verb, open.data, channel, connector.url));
    expect(pressed.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(posts()).toHaveLength(postsBefore);
    await until(
      'the coordinator to hear',
      () => cardsTo(anne.conversationId, 'Tid til porteføljereview: Vinterklyngen').length === 1,
    );
    await until('the status card to show the review', async () => {
      // The status card is the channel's card about the cluster (the review post is a card of its own).
      const status = connector.calls.filter(
        (c) =>
          c.conversationId === channel &&
          c.activity?.attachments &&
          cardText(c.activity.attachments[0].content).includes('Missionsklynge: Vinterklyngen'),
      );
      return (
        status.length > 0 &&
        cardText(status.at(-1)!.activity.attachments[0].content).includes('Porteføljereview i gang: 0 af 1 vurderet.')
      );
    });
    await new Promise((r) => setTimeout(r, 1500)); // a second send would have reached the stand-in by now
    expect(cardsTo(channel, 'Tid til porteføljereview')).toHaveLength(1);
    expect(cardsTo(anne.conversationId, 'Tid til porteføljereview')).toHaveLength(1);
  });

  it('tells the owner once that an initiative is past its review date', async () => {
    const sent = await until(
      'the owner to hear',
      () =>
        cardsTo(lars.conversationId, 'Indsatser har passeret deres vurderingsdato').length > 0 &&
        cardsTo(lars.conversationId, 'Indsatser har passeret deres vurderingsdato'),
    );
    expect(cardText(sent[0].activity.attachments[0].content)).toContain('Fritidsjob via foreninger (Vinterklyngen)');
    expect(sent).toHaveLength(1);
  });

  it('honours summer time (UTC+2): 07:59 is too early, 08:00 opens the review', async () => {
    expect(await run('2027-06-15T05:59:00Z')).toMatchObject({ reviewsOpened: 0 });
    expect(await run('2027-06-15T06:00:00Z')).toMatchObject({ reviewsOpened: 1 });
    expect(await q('SELECT trigger FROM portfolio_reviews WHERE cluster_id = $1', [summer])).toEqual([
      { trigger: 'cadence' },
    ]);
    await until(
      'Sofie (coordinator) to hear',
      () => cardsTo(sofie.conversationId, 'Tid til porteføljereview: Sommerklyngen').length === 1,
    );
  });

  it('asks once for the learning of a stopped initiative that has none', async () => {
    // A learning can be gone (erased on request, or from before learning was required), leaving a stop unexplained.
    await q("UPDATE initiatives SET stage = 'stopped' WHERE id = $1", [initiativeId]);
    expect(await run('2027-06-16T10:00:00Z')).toMatchObject({ learningNotices: 1 });
    expect(await run('2027-06-17T10:00:00Z')).toMatchObject({ learningNotices: 0 });
    const sent = await until(
      'the owner to be asked',
      () =>
        cardsTo(lars.conversationId, 'Stoppede indsatser mangler læring').length > 0 &&
        cardsTo(lars.conversationId, 'Stoppede indsatser mangler læring'),
    );
    expect(sent[0].activity.attachments[0].content.actions[0]).toMatchObject({
      verb: 'learning.form.open',
      data: { initiativeId },
    });
  });
});
