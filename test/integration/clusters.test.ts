import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { GraphStandIn } from '../support/graph-standin.js';
import { TEAM, USERS, channelExecute, install, teamInstall } from '../support/activities.js';
import { activeMission, formCluster, press, until } from '../support/clusters.js';
import { DB_TARGETS, cardText, findAction, startTestApp, type TestApp } from '../support/test-app.js';

const { henrik, anne, lars, sofie, mette, peter } = USERS;
/** Someone in no other cluster: the app added her to the team, so it takes her out again when she leaves. */
const ida = {
  id: '29:1ida-holm',
  aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000016',
  name: 'Ida Holm',
  conversationId: 'a:1dus-personal-ida-holm',
};
const ole = {
  id: '29:1ole-berg',
  aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000017',
  name: 'Ole Berg',
  conversationId: 'a:1dus-personal-ole-berg',
};

describe.each(DB_TARGETS)('mission clusters with their own Teams channels, on %s', (target) => {
  let connector: ConnectorStandIn;
  let graph: GraphStandIn;
  let t: TestApp;
  let missionId: string;

  const channelOf = (clusterId: string) => graph.channels.find((c) => c.description.includes(`klynge:${clusterId}`));
  const state = async (clusterId: string) =>
    (
      await t.app.database.pool.query('SELECT state, card_activity_id FROM cluster_channels WHERE cluster_id = $1', [
        clusterId,
      ])
    ).rows[0];
  const posts = (channelId: string) =>
    connector.calls.filter((c) => c.conversationId === channelId && c.method === 'POST');
  const updates = (channelId: string) =>
    connector.calls.filter((c) => c.conversationId === channelId && c.method === 'PUT');
  const lastCard = (channelId: string) => {
    const all = connector.calls.filter((c) => c.conversationId === channelId && c.activity?.attachments);
    return all.at(-1)?.activity.attachments[0].content;
  };
  const team = () => graph.teamMemberIds(TEAM.aadGroupId);
  const ready = (clusterId: string) =>
    until(`cluster ${clusterId} channel ready`, async () => (await state(clusterId))?.state === 'ready');

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    graph = await new GraphStandIn().start();
    // The clusters team as an administrator prepares it: Mette owns it, Peter was in it before the app.
    graph.prepareTeam(TEAM.aadGroupId, { owners: [mette.aadObjectId], members: [peter.aadObjectId] });
    connector.roster = (conversationId) => graph.botMayPost(conversationId);
    t = await startTestApp(target, {
      CLUSTER_TEAM_ID: TEAM.aadGroupId,
      GRAPH_BASE_URL: graph.url,
      GRAPH_TIMEOUT_SECONDS: '1',
      JOB_LEASE_SECONDS: '3',
      JOB_SWEEP_SECONDS: '1',
    });
    expect((await t.post(teamInstall(connector.url))).status).toBe(200);
    for (const u of [anne, lars, sofie, henrik, ida, ole]) await t.post(install(u, connector.url, 'da-DK'));
    missionId = await activeMission(t, connector);
  });
  afterAll(async () => {
    await t?.stop();
    await graph?.stop();
    await connector?.stop();
  });

  describe('forming and joining', () => {
    let clusterId: string;
    let channelId: string;

    it('forms a cluster: one standard channel, the coordinator added to the team so she sees it, and a status card in it', async () => {
      const formed = await formCluster(t, connector, henrik, missionId, {
        name: 'Unge i job',
        coordinator: anne.aadObjectId,
      });
      clusterId = formed.clusterId;
      expect(cardText(formed.card)).toContain('Klyngen "Unge i job" er dannet');
      await ready(clusterId);
      const channel = channelOf(clusterId)!;
      channelId = channel.id;
      expect(graph.channelsIn(TEAM.aadGroupId).filter((c) => c.displayName === 'Unge i job')).toHaveLength(1);
      expect(channel.membershipType).toBe('standard');
      expect(team()).toEqual([mette.aadObjectId, peter.aadObjectId, anne.aadObjectId].sort());
      expect(graph.canSee(channel.id, anne.aadObjectId)).toBe(true);
      // Members only: the app may not make anyone a team owner (TeamMember.ReadWriteNonOwnerRole.All).
      expect(graph.teams.get(TEAM.aadGroupId)!.members.find((m) => m.userId === anne.aadObjectId)!.roles).toEqual([]);
      expect(posts(channelId)).toHaveLength(1);
      const card = lastCard(channelId);
      const text = cardText(card);
      expect(text).toContain('Missionsklynge: Unge i job');
      expect(text).toContain('Flere unge i fritidsjob');
      expect(text).toContain('Skole Syd (1)');
      expect(text).toContain('Kanalen er klar');
      expect(card.refresh.userIds).toContain(anne.id);
    });

    it("keeps the team's members and the same status card in step as people join and leave", async () => {
      const joined = await press(t, connector, lars, 'cluster.join', { clusterId });
      expect(cardText(joined)).toContain('Velkommen i "Unge i job"');
      const fromChannel = await t.post(channelExecute(sofie, 'cluster.join', { clusterId }, channelId, connector.url));
      expect(cardText(fromChannel.body.value)).toContain('Forlad klyngen');
      expect(cardText(await press(t, connector, lars, 'cluster.leave', { clusterId }))).toContain(
        'Du har forladt "Unge i job"',
      );
      // Lars was added by the app and is in no other cluster: he leaves the team. Mette and Peter were there before.
      await until('members to settle', async () => {
        const want = [mette.aadObjectId, peter.aadObjectId, anne.aadObjectId, sofie.aadObjectId].sort();
        return JSON.stringify(team()) === JSON.stringify(want) && (await state(clusterId)).state === 'ready';
      });
      expect(graph.canSee(channelId, sofie.aadObjectId)).toBe(true);
      expect(graph.canSee(channelId, lars.aadObjectId)).toBe(false);
      expect(posts(channelId)).toHaveLength(1);
      const activityId = (await state(clusterId)).card_activity_id;
      expect(updates(channelId).length).toBeGreaterThanOrEqual(1);
      expect(updates(channelId).every((u) => u.replyToId === activityId)).toBe(true);
      const text = cardText(lastCard(channelId));
      expect(text).toContain('Sofie Larsen');
      expect(text).toContain('Ungdomsskolen (1)');
      expect(text).not.toContain('Lars Nielsen');
    });

    it('shows each person their own buttons: manage for the coordinator, leave for members, join for others', async () => {
      const view = async (u: typeof anne) =>
        (await t.post(channelExecute(u, 'cluster.view', { clusterId }, channelId, connector.url))).body.value;
      expect(findAction(await view(anne), 'Administrér').verb).toBe('cluster.manage');
      expect(findAction(await view(sofie), 'Forlad klyngen').verb).toBe('cluster.leave');
      expect(findAction(await view(henrik), 'Deltag').verb).toBe('cluster.join');
    });

    it('lets only the coordinator manage members, and refuses everyone else without changing anything', async () => {
      const refused = await press(t, connector, sofie, 'cluster.member.remove', {
        clusterId,
        personId: anne.aadObjectId,
      });
      expect(cardText(refused)).toContain('Kun klyngens tovholder');
      const added = await press(t, connector, anne, 'cluster.member.add', {
        clusterId,
        who: 'Lars.Nielsen@kommune.example',
      });
      expect(cardText(added)).toContain('Medlemmet er tilføjet.');
      const unknown = await press(t, connector, anne, 'cluster.member.add', { clusterId, who: 'nobody@example.org' });
      expect(cardText(unknown)).toContain('findes ikke i organisationens data');
      const self = await press(t, connector, anne, 'cluster.member.remove', { clusterId, personId: anne.aadObjectId });
      expect(cardText(self)).toContain('Tovholderen kan ikke fjernes');
      const badEmail = await press(t, connector, anne, 'cluster.external.add', {
        clusterId,
        externalName: 'Jens Jobs',
        organisation: 'Erhvervsforeningen',
        email: 'ikke-en-mail',
      });
      expect(cardText(badEmail)).toContain('Skriv en gyldig e-mailadresse.');
      const external = await press(t, connector, anne, 'cluster.external.add', {
        clusterId,
        externalName: 'Jens Jobs',
        organisation: 'Erhvervsforeningen',
        role: 'Virksomhedskontakt',
      });
      expect(cardText(external)).toContain('Jens Jobs (Erhvervsforeningen)');
      const { rows } = await t.app.database.pool.query(
        'SELECT person_id FROM cluster_members WHERE cluster_id = $1 ORDER BY person_id',
        [clusterId],
      );
      expect(rows.map((r) => r.person_id)).toEqual([lars.aadObjectId, anne.aadObjectId, sofie.aadObjectId].sort());
      await until('the status card to show the external actor', () =>
        cardText(lastCard(channelId)).includes('Jens Jobs (Erhvervsforeningen, Virksomhedskontakt)'),
      );
      await until('Lars to be back in the team', () => team().includes(lars.aadObjectId));
    });

    it('hands the coordinator role over; both stay in the team', async () => {
      const card = await press(t, connector, anne, 'cluster.coordinator.set', {
        clusterId,
        personId: sofie.aadObjectId,
      });
      expect(cardText(card)).toContain('Sofie Larsen er nu tovholder.');
      await ready(clusterId);
      expect(team()).toEqual(expect.arrayContaining([anne.aadObjectId, sofie.aadObjectId]));
      expect(cardText(await press(t, connector, anne, 'cluster.manage', { clusterId }))).not.toContain('Tilføj medlem');
    });

    it('lists my clusters and finds clusters by track', async () => {
      expect(cardText(await press(t, connector, sofie, 'clusters.list', { scope: 'mine' }))).toContain('Unge i job');
      expect(cardText(await press(t, connector, henrik, 'clusters.list', { scope: 'mine' }))).toContain(
        'Du er ikke med i nogen klynger endnu',
      );
      expect(
        cardText(await press(t, connector, henrik, 'clusters.list', { scope: 'all', filterTrack: 'welfare' })),
      ).toContain('Unge i job');
      expect(
        cardText(await press(t, connector, henrik, 'clusters.list', { scope: 'all', filterTrack: 'organisation' })),
      ).toContain('Ingen klynger matcher');
    });
  });

  describe('who may form a cluster', () => {
    const clusters = async () => (await t.app.database.pool.query('SELECT count(*)::int AS n FROM clusters')).rows[0].n;

    it('refuses someone without the role who did not propose the mission, and changes nothing', async () => {
      const before = await clusters();
      const { card } = await formCluster(t, connector, sofie, missionId, { name: 'Sofies klynge' });
      expect(cardText(card)).toContain('Kun koncernledelsen, administratorer og missionens forslagsstiller');
      expect(await clusters()).toBe(before);
    });

    it('lets the proposer form one, but not around a mission that is not active yet', async () => {
      const { card } = await formCluster(t, connector, anne, missionId, { name: 'Annes klynge' });
      expect(cardText(card)).toContain('Klyngen "Annes klynge" er dannet');
      await press(t, connector, anne, 'propose.submit', {
        formId: crypto.randomUUID(),
        title: 'Endnu ikke besluttet',
        ambition: 'En mission der endnu venter på en beslutning fra ledelsen.',
        obstacles: 'Ingen beslutning endnu.',
        focus: 'society',
        track: 'welfare',
        problems: 'labour',
      });
      const proposed = (await t.app.database.pool.query(`SELECT id FROM missions WHERE title = 'Endnu ikke besluttet'`))
        .rows[0].id;
      const before = await clusters();
      expect(cardText((await formCluster(t, connector, henrik, proposed, { name: 'For tidligt' })).card)).toContain(
        'kun om en aktiv mission',
      );
      expect(await clusters()).toBe(before);
    });

    it('forms one cluster when "Dan klyngen" is pressed twice', async () => {
      const formId = crypto.randomUUID();
      const data = { formId, missionId, name: 'Dobbeltklik', purpose: 'Vi prøver at trykke to gange på knappen.' };
      await Promise.all([
        press(t, connector, mette, 'cluster.form.submit', data),
        press(t, connector, mette, 'cluster.form.submit', data),
      ]);
      const { rows } = await t.app.database.pool.query(`SELECT id FROM clusters WHERE name = 'Dobbeltklik'`);
      expect(rows).toHaveLength(1);
      await ready(rows[0].id);
      expect(graph.channelsIn(TEAM.aadGroupId).filter((c) => c.displayName === 'Dobbeltklik')).toHaveLength(1);
    });
  });

  describe('when Graph fails', () => {
    it('finds the channel again instead of creating a second one when the answer to the creation was lost', async () => {
      graph.fail({ method: 'POST', match: /\/channels$/, lost: true });
      const { clusterId } = await formCluster(t, connector, henrik, missionId, {
        name: 'Svar tabt',
        coordinator: lars.aadObjectId,
      });
      await ready(clusterId);
      expect(graph.channelsIn(TEAM.aadGroupId).filter((c) => c.displayName === 'Svar tabt')).toHaveLength(1);
      expect(team()).toContain(lars.aadObjectId);
      expect(posts(channelOf(clusterId)!.id)).toHaveLength(1);
    });

    it('says the channel could not be created and retries through 429, 503 and timeouts until it succeeds', async () => {
      graph.fail(
        { method: 'POST', match: /\/channels$/, status: 429, headers: { 'retry-after': '1' } },
        { method: 'POST', match: /\/channels$/, status: 503 },
        { method: 'POST', match: /\/channels$/, status: 503 },
        { method: 'POST', match: /\/channels$/, status: 503 },
        { method: 'POST', match: /\/channels$/, timeout: true },
        { method: 'POST', match: /\/channels$/, status: 503 },
      );
      const { clusterId } = await formCluster(t, connector, henrik, missionId, { name: 'Mange fejl' });
      const waiting = await until('the card to say we retry', async () => {
        const text = cardText(await press(t, connector, henrik, 'cluster.view', { clusterId }));
        return text.includes('Vi prøver igen kl.') && text;
      });
      expect(waiting).toContain('Kanalen kunne ikke oprettes eller opdateres');
      await ready(clusterId);
      expect(cardText(await press(t, connector, henrik, 'cluster.view', { clusterId }))).toContain('Kanalen er klar');
      // The status card in the channel says so too: the try that succeeds posts it, not as the last failure left it.
      const inChannel = cardText(lastCard(channelOf(clusterId)!.id));
      expect(inChannel).toContain('Kanalen er klar');
      expect(inChannel).not.toContain('Vi prøver igen');
      expect(graph.pendingFaults()).toBe(0);
      expect(graph.channelsIn(TEAM.aadGroupId).filter((c) => c.displayName === 'Mange fejl')).toHaveLength(1);
    });

    it('takes the next free name when a channel made by hand already has the cluster name', async () => {
      const foreign = graph.addForeignChannel(TEAM.aadGroupId, 'Trivsel');
      const { clusterId } = await formCluster(t, connector, henrik, missionId, { name: 'Trivsel' });
      await ready(clusterId);
      expect(channelOf(clusterId)!.displayName).toBe('Trivsel (2)');
      expect(foreign.members).toHaveLength(0);
      expect(graph.channelsIn(TEAM.aadGroupId).filter((c) => c.displayName.startsWith('Trivsel'))).toHaveLength(2);
    });

    it('moves on to the next name when Teams still holds the name for a deleted channel, or holds it in another case', async () => {
      graph.reservedNames.add('slettet kanal');
      const deleted = await formCluster(t, connector, henrik, missionId, { name: 'Slettet kanal' });
      const upper = await formCluster(t, connector, henrik, missionId, { name: 'Unge I Job' });
      await ready(deleted.clusterId);
      await ready(upper.clusterId);
      expect(channelOf(deleted.clusterId)!.displayName).toBe('Slettet kanal (2)');
      expect(channelOf(upper.clusterId)!.displayName).toBe('Unge I Job (2)');
      expect(graph.channels.filter((c) => c.displayName.toLowerCase() === 'unge i job')).toHaveLength(1);
    });

    it("ends with the cluster's members in the team after faults on member calls, and keeps those another cluster needs", async () => {
      const henriks = await formCluster(t, connector, henrik, missionId, { name: 'Henriks egen' });
      const { clusterId } = await formCluster(t, connector, henrik, missionId, {
        name: 'Medlemsfejl',
        coordinator: anne.aadObjectId,
      });
      await ready(henriks.clusterId);
      await ready(clusterId);
      graph.fail(
        { method: 'POST', match: /\/members$/, status: 429, headers: { 'retry-after': '1' } },
        { method: 'POST', match: /\/members$/, lost: true },
        { method: 'GET', match: /\/members$/, status: 503 },
        { method: 'POST', match: /\/members$/, timeout: true },
      );
      await press(t, connector, lars, 'cluster.join', { clusterId });
      await press(t, connector, sofie, 'cluster.join', { clusterId });
      await press(t, connector, henrik, 'cluster.join', { clusterId });
      // Ida and Ole are in no other cluster, so their adds (and later removals) meet the faults whatever ran before.
      await press(t, connector, ida, 'cluster.join', { clusterId });
      await press(t, connector, ole, 'cluster.join', { clusterId });
      await until(
        'Henrik, Ida and Ole to be in the team',
        () => [henrik, ida, ole].every((u) => team().includes(u.aadObjectId)),
        60_000,
      );
      graph.fail(
        { method: 'DELETE', match: /\/members\//, status: 504 },
        { method: 'DELETE', match: /\/members\//, lost: true },
      );
      await press(t, connector, henrik, 'cluster.leave', { clusterId });
      await press(t, connector, ida, 'cluster.leave', { clusterId });
      await press(t, connector, ole, 'cluster.leave', { clusterId });
      // Generous: other suites share the machine's two cores, and the retries back off.
      await until(
        'faults to be used up and the channel ready',
        async () => graph.pendingFaults() === 0 && (await state(clusterId)).state === 'ready',
        60_000,
      );
      expect(team()).toEqual(expect.arrayContaining([anne.aadObjectId, lars.aadObjectId, sofie.aadObjectId]));
      // Henrik left this cluster but coordinates others in the team: he stays. Ida is in no cluster: she goes.
      expect(team()).toContain(henrik.aadObjectId);
      expect(team()).not.toContain(ida.aadObjectId);
      expect(team()).not.toContain(ole.aadObjectId);
      expect(new Set(team()).size).toBe(team().length);
    }, 120_000);

    it('never sends the team more than 4 requests a second, and adds its members 2 seconds apart', () => {
      expect(graph.calls.length).toBeGreaterThan(20);
      expect(graph.maxPerSecond(TEAM.aadGroupId)).toBeLessThanOrEqual(4);
      const adds = graph.calls.filter((c) => c.method === 'POST' && c.path.endsWith(`${TEAM.aadGroupId}/members`));
      expect(adds.length).toBeGreaterThan(3);
      expect(graph.minMemberAddGapMs(TEAM.aadGroupId)).toBeGreaterThanOrEqual(2000);
    });
  });

  describe('when the mission changes', () => {
    it('updates the status card in every cluster channel of the mission, once each', async () => {
      const second = await activeMission(t, connector, 'Mission der afsluttes');
      const ids: string[] = [];
      for (const name of ['Afslutning A', 'Afslutning B', 'Afslutning C'])
        ids.push((await formCluster(t, connector, henrik, second, { name })).clusterId);
      for (const id of ids) await ready(id);
      const list = await press(t, connector, mette, 'missions.list', { scope: 'all' });
      expect(findAction(list, 'Afslut missionen').verb).toBe('mission.conclude');
      const after = await press(t, connector, mette, 'mission.conclude', {
        missionId: second,
        scope: 'all',
        page: 0,
        [`conclude-${second}`]: 'Målet er nået.',
      });
      expect(cardText(after)).toContain('"Mission der afsluttes" er afsluttet');
      for (const id of ids) {
        const channelId = channelOf(id)!.id;
        await until(`the card in ${channelId} to show the concluded mission`, () =>
          cardText(lastCard(channelId)).includes('Mission der afsluttes (Afsluttet)'),
        );
        expect(posts(channelId)).toHaveLength(1);
        expect(updates(channelId)).toHaveLength(1);
      }
      const refused = await press(t, connector, sofie, 'mission.conclude', {
        missionId: missionId,
        scope: 'all',
        page: 0,
      });
      expect(cardText(refused)).toContain('Kun koncernledelsen');
    });
  });
});
