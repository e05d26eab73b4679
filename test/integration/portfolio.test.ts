import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, localDate } from '../../src/domain/portfolio.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { GraphStandIn } from '../support/graph-standin.js';
import { TEAM, USERS, channelExecute, install, message, teamInstall } from '../support/activities.js';
import { activeMission, formCluster, press, until } from '../support/clusters.js';
import { DB_TARGETS, cardText, findAction, startTestApp, type TestApp } from '../support/test-app.js';

const { henrik, anne, lars, sofie } = USERS;
const TODAY = localDate(new Date(), 'Europe/Copenhagen');

const initiativeFields = (title: string) => ({
  kind: 'trialAction',
  title,
  hypothesis: 'Flere unge får et fritidsjob, når foreningerne formidler kontakten til virksomhederne.',
  problems: 'labour',
  owner: lars.aadObjectId,
  units: 'skole-syd,ungdomsskolen',
  startsOn: TODAY,
  nextReviewOn: addDays(TODAY, 30),
});

describe.each(DB_TARGETS)('a cluster portfolio reviewed in Teams, on %s', (target) => {
  let connector: ConnectorStandIn;
  let graph: GraphStandIn;
  let t: TestApp;
  let clusterId: string;
  let trialId: string;
  let effortId: string;
  let reviewId: string;

  const q = async (sql: string, params: unknown[] = []) => (await t.app.database.pool.query(sql, params)).rows;
  const stageOf = async (id: string) => (await q('SELECT stage FROM initiatives WHERE id = $1', [id]))[0].stage;
  const channelCard = async () => {
    const [row] = await q('SELECT channel_id FROM cluster_channels WHERE cluster_id = $1', [clusterId]);
    const sent = connector.calls.filter(
      (c) =>
        c.conversationId === row?.channel_id &&
        c.activity?.attachments &&
        cardText(c.activity.attachments[0].content).includes('Missionsklynge: Unge i job'),
    );
    return sent.at(-1)?.activity.attachments[0].content;
  };

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    graph = await new GraphStandIn().start();
    graph.prepareTeam(TEAM.aadGroupId);
    t = await startTestApp(target, {
      CLUSTER_REVIEW_DAYS: '60',
      CLUSTER_TEAM_ID: TEAM.aadGroupId,
      GRAPH_BASE_URL: graph.url,
      JOB_LEASE_SECONDS: '3',
      JOB_SWEEP_SECONDS: '1',
    });
    expect((await t.post(teamInstall(connector.url))).status).toBe(200);
    for (const u of [anne, lars, sofie, henrik]) await t.post(install(u, connector.url, 'da-DK'));
    const missionId = await activeMission(t, connector);
    clusterId = (
      await formCluster(t, connector, henrik, missionId, { name: 'Unge i job', coordinator: anne.aadObjectId })
    ).clusterId;
    await press(t, connector, lars, 'cluster.join', { clusterId });
  });
  afterAll(async () => {
    await t?.stop();
    await graph?.stop();
    await connector?.stop();
  });

  it('lets a member add an initiative; a double click or a retried activity adds it once', async () => {
    const form = await press(t, connector, lars, 'initiative.form.open', { clusterId });
    const save = findAction(form, 'Gem indsatsen');
    const formId = save.data.formId;
    const first = await press(t, connector, lars, 'initiative.form.submit', {
      ...save.data,
      ...initiativeFields('Fritidsjob via foreninger'),
    });
    const again = await press(t, connector, lars, 'initiative.form.submit', {
      ...save.data,
      ...initiativeFields('Fritidsjob via foreninger'),
    });
    for (const card of [first, again]) {
      expect(cardText(card)).toContain('"Fritidsjob via foreninger" er føjet til porteføljen.');
      expect(cardText(card)).toContain('Skole Syd, Ungdomsskolen');
    }
    const rows = await q('SELECT id, stage, owner_id FROM initiatives WHERE cluster_id = $1', [clusterId]);
    expect(rows).toEqual([{ id: expect.any(String), stage: 'idea', owner_id: lars.aadObjectId }]);
    trialId = rows[0].id;
    expect(formId).toEqual(expect.any(String));
    const second = await press(t, connector, anne, 'initiative.form.submit', {
      formId: crypto.randomUUID(),
      clusterId,
      ...initiativeFields('Jobbank for unge'),
      kind: 'effort',
    });
    expect(cardText(second)).toContain('"Jobbank for unge" er føjet til porteføljen.');
    effortId = (await q("SELECT id FROM initiatives WHERE title = 'Jobbank for unge'"))[0].id;
  });

  it('brings the form back with every problem named and saves nothing when the input is wrong', async () => {
    const card = await press(t, connector, anne, 'initiative.form.submit', {
      formId: crypto.randomUUID(),
      clusterId,
      ...initiativeFields('ab'),
      problems: '',
      nextReviewOn: addDays(TODAY, -1),
    });
    const text = cardText(card);
    expect(text).toContain('Skriv mindst 3 tegn.');
    expect(text).toContain('Vælg mindst ét.');
    expect(text).toContain('Datoen må ikke ligge før i dag.');
    expect(findAction(card, 'Gem indsatsen').verb).toBe('initiative.form.submit');
    expect(await q('SELECT count(*)::int AS n FROM initiatives')).toEqual([{ n: 2 }]);
  });

  it('lets only members change the portfolio', async () => {
    const refused = await press(t, connector, sofie, 'initiative.form.submit', {
      formId: crypto.randomUUID(),
      clusterId,
      ...initiativeFields('Udefra'),
    });
    expect(cardText(refused)).toContain('Kun klyngens medlemmer kan ændre porteføljen.');
    const learning = await press(t, connector, sofie, 'learning.submit', {
      formId: crypto.randomUUID(),
      initiativeId: trialId,
      tried: 'Noget udefra',
      happened: 'Ingenting skete',
    });
    expect(cardText(learning)).toContain('Kun klyngens medlemmer kan ændre porteføljen.');
    const moved = await press(t, connector, sofie, 'initiative.stage', {
      initiativeId: trialId,
      from: 'idea',
      to: 'running',
    });
    expect(cardText(moved)).toContain('Kun klyngens medlemmer kan ændre porteføljen.');
    const portfolio = await press(t, connector, sofie, 'portfolio.view', { clusterId });
    expect(JSON.stringify(portfolio)).not.toContain('initiative.form.open');
    expect(await q('SELECT count(*)::int AS n FROM initiatives')).toEqual([{ n: 2 }]);
    expect(await q('SELECT count(*)::int AS n FROM learnings')).toEqual([{ n: 0 }]);
    expect(await stageOf(trialId)).toBe('idea');
  });

  it('logs a learning from chat ("Registrér læring"), once per form', async () => {
    const res = await t.post(message(lars, 'Registrér læring', connector.url, 'da-DK'));
    expect(res.status).toBe(200);
    const chooser = await until('the learning form in chat', () =>
      connector.calls
        .filter((c) => c.conversationId === lars.conversationId)
        .map((c) => c.activity?.attachments?.[0]?.content)
        .filter((c) => c && cardText(c).includes('Hvad prøvede vi?'))
        .at(-1),
    );
    expect(JSON.stringify(chooser)).toContain('Fritidsjob via foreninger (Unge i job)');
    const save = findAction(chooser, 'Gem læringen');
    const missing = await press(t, connector, lars, 'learning.submit', {
      ...save.data,
      initiativeId: '',
      tried: 'Foreningerne formidlede',
      happened: '',
    });
    expect(cardText(missing)).toContain('Skal udfyldes.');
    const fields = {
      initiativeId: trialId,
      tried: 'Foreningerne formidlede kontakten',
      happened: 'Fjorten unge fik job på seks uger',
      advice: 'Start med én forening',
    };
    const saved = await press(t, connector, lars, 'learning.submit', { ...save.data, ...fields });
    await press(t, connector, lars, 'learning.submit', { ...save.data, ...fields });
    expect(cardText(saved)).toContain('Tak. Læringen er gemt.');
    expect(cardText(saved)).toContain('Fjorten unge fik job på seks uger');
    expect(await q('SELECT count(*)::int AS n FROM learnings WHERE initiative_id = $1', [trialId])).toEqual([{ n: 1 }]);
  });

  it('offers "Registrér læring" on the channel card to members, with the cluster\'s own initiatives', async () => {
    const [row] = await q('SELECT channel_id FROM cluster_channels WHERE cluster_id = $1', [clusterId]);
    await until('the channel', () => row?.channel_id);
    const memberView = (
      await t.post(channelExecute(lars, 'cluster.view', { clusterId }, row.channel_id, connector.url))
    ).body.value;
    expect(findAction(memberView, 'Registrér læring').data).toEqual({ verb: 'learning.form.open', clusterId });
    const form = (
      await t.post(channelExecute(lars, 'learning.form.open', { clusterId }, row.channel_id, connector.url))
    ).body.value;
    expect(JSON.stringify(form)).toContain('Jobbank for unge (Unge i job)');
    expect(JSON.stringify(form)).toContain('Fritidsjob via foreninger (Unge i job)');
    const outsider = (
      await t.post(channelExecute(sofie, 'learning.form.open', { clusterId }, row.channel_id, connector.url))
    ).body.value;
    expect(cardText(outsider)).toContain('Kun klyngens medlemmer kan ændre porteføljen.');
  });

  it('moves an initiative along, and says so when someone else moved it first', async () => {
    const moved = await press(t, connector, lars, 'initiative.stage', {
      initiativeId: trialId,
      from: 'idea',
      to: 'running',
    });
    expect(cardText(moved)).toContain('Flyttet til "I gang".');
    const stale = await press(t, connector, anne, 'initiative.stage', {
      initiativeId: trialId,
      from: 'idea',
      to: 'running',
    });
    expect(cardText(stale)).toContain('En anden har netop ændret indsatsen.');
    const settle = await press(t, connector, anne, 'initiative.stage', {
      initiativeId: trialId,
      from: 'running',
      to: 'stopped',
    });
    expect(cardText(settle)).toContain('Skalering, videreførelse og stop besluttes i et porteføljereview');
    expect(await stageOf(trialId)).toBe('running');
  });

  it('lets only the coordinator open a review, and opens one at a time', async () => {
    const refused = await press(t, connector, lars, 'review.start', { clusterId });
    expect(cardText(refused)).toContain('Kun klyngens tovholder kan starte og afslutte et porteføljereview.');
    const started = await press(t, connector, anne, 'review.start', { clusterId });
    expect(cardText(started)).toContain('Porteføljereviewet er startet.');
    expect(cardText(started)).toContain('Ikke vurderet endnu');
    const again = await press(t, connector, anne, 'review.start', { clusterId });
    expect(cardText(again)).toContain('Et porteføljereview er allerede i gang.');
    const reviews = await q('SELECT id, trigger FROM portfolio_reviews WHERE cluster_id = $1', [clusterId]);
    expect(reviews).toEqual([{ id: expect.any(String), trigger: 'requested' }]);
    reviewId = reviews[0].id;
    const [row] = await q('SELECT channel_id FROM cluster_channels WHERE cluster_id = $1', [clusterId]);
    const posted = () =>
      connector.calls.filter(
        (c) =>
          c.conversationId === row.channel_id &&
          c.method === 'POST' &&
          c.activity?.attachments &&
          cardText(c.activity.attachments[0].content).includes('Tid til porteføljereview: Unge i job'),
      );
    await until('the review card in the channel', () => posted().length > 0);
    expect(cardText(posted()[0].activity.attachments[0].content)).toContain('Tovholderen har startet reviewet.');
    expect(cardText(posted()[0].activity.attachments[0].content)).toContain('2 åbne indsatser skal vurderes');
  });

  it('will not close a review while open initiatives lack a decision', async () => {
    const card = await press(t, connector, anne, 'review.close', { reviewId, roomForNew: 'no' });
    expect(cardText(card)).toContain('2 åbne indsatser mangler en vurdering.');
    expect(await q('SELECT closed_at FROM portfolio_reviews WHERE id = $1', [reviewId])).toEqual([{ closed_at: null }]);
  });

  it('records decisions with who and why; stopping needs what was learned', async () => {
    const item = await press(t, connector, lars, 'review.item.open', { reviewId, initiativeId: effortId });
    const save = findAction(item, 'Gem vurderingen');
    const stop = {
      relevant: 'no',
      canCope: 'yes',
      decision: 'stop',
      rationale: 'Jobbanken dublerer jobcentrets tilbud.',
    };
    const refused = await press(t, connector, lars, 'review.item.submit', { ...save.data, ...stop });
    expect(cardText(refused)).toContain('Skriv, hvad I lærte, før indsatsen stoppes.');
    expect(await stageOf(effortId)).toBe('idea');
    const stopped = await press(t, connector, lars, 'review.item.submit', {
      ...save.data,
      ...stop,
      learning: 'De unge bruger jobcentrets app; en ny jobbank gav ingen nye job.',
    });
    expect(cardText(stopped)).toContain('Vurderingen af "Jobbank for unge" er gemt.');
    expect(cardText(stopped)).toContain('Besluttet: Stop (Lars Nielsen)');
    expect(await stageOf(effortId)).toBe('stopped');
    expect(await q('SELECT happened FROM learnings WHERE initiative_id = $1', [effortId])).toEqual([
      { happened: 'De unge bruger jobcentrets app; en ny jobbank gav ingen nye job.' },
    ]);
    // The learning written with the stop reads as one: what was tried, learned, and why it stopped.
    const shown = cardText(await press(t, connector, lars, 'initiative.view', { initiativeId: effortId }));
    expect(shown).toMatch(/Hvad lærte vi\?\nDe unge bruger jobcentrets app; en ny jobbank gav ingen nye job\./);
    expect(shown).toMatch(/Hvorfor stoppede vi\?\nJobbanken dublerer jobcentrets tilbud\./);
    expect(shown).not.toContain('Hvad skete der?\nDe unge bruger');
    const digest = await press(t, connector, lars, 'digest.view', {});
    const doc = await (await fetch(findAction(digest, 'Hent som Markdown').url as string)).text();
    expect(doc).toContain('- **Det lærte vi:** De unge bruger jobcentrets app; en ny jobbank gav ingen nye job.');
    expect(doc).toContain('- **Derfor stoppede vi:** Jobbanken dublerer jobcentrets tilbud.');
    expect(doc).not.toContain('- **Det skete:** De unge bruger');
    const scaled = await press(t, connector, anne, 'review.item.submit', {
      reviewId,
      initiativeId: trialId,
      relevant: 'yes',
      canCope: 'yes',
      decision: 'scale',
      rationale: 'Virker; alle skoler skal være med.',
    });
    expect(cardText(scaled)).toContain('Besluttet: Skalér (Anne Sørensen) · I gang → Skaleret');
    const decisions = await q(
      'SELECT initiative_id, decision, decided_by_id, stage_before, stage_after FROM review_decisions WHERE review_id = $1 ORDER BY decision',
      [reviewId],
    );
    expect(decisions).toEqual([
      {
        initiative_id: trialId,
        decision: 'scale',
        decided_by_id: anne.aadObjectId,
        stage_before: 'running',
        stage_after: 'scaled',
      },
      {
        initiative_id: effortId,
        decision: 'stop',
        decided_by_id: lars.aadObjectId,
        stage_before: 'idea',
        stage_after: 'stopped',
      },
    ]);
  });

  it('closes the review with the answer on room for new ones, and sets the next review', async () => {
    const missing = await press(t, connector, anne, 'review.close', { reviewId });
    expect(cardText(missing)).toContain('Skal udfyldes.');
    const closed = await press(t, connector, anne, 'review.close', {
      reviewId,
      roomForNew: 'no',
      note: 'Vi tager ikke nye ind før sommer.',
    });
    expect(cardText(closed)).toContain('Reviewet er afsluttet. Næste review:');
    const [cluster] = await q("SELECT to_char(next_review_on, 'YYYY-MM-DD') AS next FROM clusters WHERE id = $1", [
      clusterId,
    ]);
    expect(cluster.next).toBe(addDays(TODAY, 60));
    expect(await q('SELECT room_for_new, closed_by_id FROM portfolio_reviews WHERE id = $1', [reviewId])).toEqual([
      { room_for_new: false, closed_by_id: anne.aadObjectId },
    ]);
    const late = await press(t, connector, lars, 'review.item.submit', {
      reviewId,
      initiativeId: trialId,
      relevant: 'yes',
      canCope: 'no',
      decision: 'stop',
      rationale: 'For sent',
      learning: 'Kom for sent til mødet.',
    });
    expect(cardText(late)).toContain('Reviewet er allerede afsluttet.');
    expect(await stageOf(trialId)).toBe('scaled');
  });

  it('shows the result on the status card in the channel', async () => {
    const card = await until('the status card to show the review', async () => {
      const c = await channelCard();
      return c && cardText(c).includes('Seneste review') ? c : undefined;
    });
    expect(cardText(card)).toContain('Skaleret 1 · Stoppet 1');
    expect(cardText(card)).toContain('Plads til nye: Nej.');
  });
});
