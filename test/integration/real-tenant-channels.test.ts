import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { NODE_FLAGS } from '../../src/runtime.js';
import { buildOnce } from '../support/child-app.js';
import { ConnectorStandIn, MESSAGE_LIMIT_BYTES } from '../support/connector-standin.js';
import { GraphStandIn } from '../support/graph-standin.js';
import {
  TEAM,
  USERS,
  botAddedToChannel,
  channelExecute,
  install,
  rosterEvent,
  teamInstall,
  type TestUser,
} from '../support/activities.js';
import { activeMission, formCluster, press, until } from '../support/clusters.js';
import { DB_TARGETS, cardText, findAction, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Cluster channels as Microsoft Teams allows them, against stand-ins that keep the platform's rules
 * (test/support/graph-standin.ts, connector-standin.ts): standard channels with the team's membership
 * mirrored, shared channels with direct members and the app added to each, and what happens when Teams
 * refuses (a full team, the app not in the channel) or people change membership in Teams directly.
 */
const { henrik, anne, lars, sofie, mette, peter } = USERS;
const CATALOG_ID = 'b1c5353a-7aca-41b3-830f-27d5218fe0e5';
const person = (n: number, name: string): TestUser => ({
  id: `29:1person-${n}`,
  aadObjectId: `a1b2c3d4-0000-4000-8000-${String(100000 + n).padStart(12, '0')}`,
  name,
  conversationId: `a:1dus-personal-person-${n}`,
});

describe('CLUSTER_CHANNEL_TYPE=private', () => {
  it('stops the app at start with the reason and what to choose instead', async () => {
    await buildOnce();
    const run = spawnSync(process.execPath, [...NODE_FLAGS, 'dist/src/index.js'], {
      env: { ...process.env, CLUSTER_CHANNEL_TYPE: 'private', PORT: '0', DATA_DIR: '/nonexistent/never-opened' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('CLUSTER_CHANNEL_TYPE: private kan ikke bruges');
    expect(run.stderr).toContain('Vælg "standard"');
    expect(run.stderr).toContain('The app did not start');
  }, 120_000);
});

describe.each(DB_TARGETS)('cluster channels in a real tenant, on %s', (target) => {
  let connector: ConnectorStandIn;
  let graph: GraphStandIn;

  const start = async (extra: Record<string, string>) => {
    const t = await startTestApp(target, {
      CLUSTER_TEAM_ID: TEAM.aadGroupId,
      GRAPH_BASE_URL: graph.url,
      GRAPH_TIMEOUT_SECONDS: '1',
      JOB_LEASE_SECONDS: '3',
      JOB_SWEEP_SECONDS: '1',
      ...extra,
    });
    expect((await t.post(teamInstall(connector.url))).status).toBe(200);
    for (const u of [anne, lars, sofie, henrik, peter]) await t.post(install(u, connector.url, 'da-DK'));
    return { t, missionId: await activeMission(t, connector) };
  };
  const channelOf = (clusterId: string) => graph.channels.find((c) => c.description.includes(`klynge:${clusterId}`));
  const state = async (t: TestApp, clusterId: string) =>
    (
      await t.app.database.pool.query(
        'SELECT state, last_error, app_enabled FROM cluster_channels WHERE cluster_id = $1',
        [clusterId],
      )
    ).rows[0];
  const ready = (t: TestApp, clusterId: string) =>
    until(`cluster ${clusterId} ready`, async () => (await state(t, clusterId))?.state === 'ready', 60_000);
  const posts = (channelId: string) =>
    connector.calls.filter((c) => c.conversationId === channelId && c.method === 'POST');
  const lastCard = (channelId: string) =>
    connector.calls.filter((c) => c.conversationId === channelId && c.activity?.attachments).at(-1)?.activity
      .attachments[0].content;
  const members = async (t: TestApp, clusterId: string) =>
    (
      await t.app.database.pool.query(
        'SELECT person_id FROM cluster_members WHERE cluster_id = $1 ORDER BY person_id',
        [clusterId],
      )
    ).rows.map((r) => r.person_id);

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    graph = await new GraphStandIn().start();
    graph.catalogApps.add(CATALOG_ID);
    connector.roster = (conversationId) => graph.botMayPost(conversationId, CATALOG_ID);
  });
  afterAll(async () => {
    await graph?.stop();
    await connector?.stop();
  });

  describe('the stand-ins refuse what Teams and Graph refuse', () => {
    beforeAll(() => void graph.prepareTeam(TEAM.aadGroupId, { owners: [mette.aadObjectId] }));
    const graphCall = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${graph.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
    };
    const bind = (id: string) => ({
      '@odata.type': '#microsoft.graph.aadUserConversationMember',
      'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${id}')`,
      roles: [],
    });

    it('Graph: no channel members on a standard channel, private members must be in the team, invalid and duplicate names, past the limit', async () => {
      const team = `/teams/${TEAM.aadGroupId}`;
      const standard = await graphCall('POST', `${team}/channels`, {
        displayName: 'Regel standard',
        membershipType: 'standard',
      });
      expect(standard.status).toBe(201);
      const onStandard = await graphCall(
        'POST',
        `${team}/channels/${encodeURIComponent(standard.body.id)}/members`,
        bind(anne.aadObjectId),
      );
      expect(onStandard).toEqual({
        status: 400,
        body: { error: { code: 'BadRequest', message: expect.stringContaining('only for private or shared') } },
      });
      const privateOutsider = await graphCall('POST', `${team}/channels`, {
        displayName: 'Regel privat',
        membershipType: 'private',
        members: [{ ...bind(anne.aadObjectId), roles: ['owner'] }],
      });
      expect(privateOutsider.status).toBe(400);
      expect(privateOutsider.body.error.message).toContain('must be members of the team');
      const noOwner = await graphCall('POST', `${team}/channels`, {
        displayName: 'Regel delt',
        membershipType: 'shared',
      });
      expect(noOwner.status).toBe(400);
      for (const name of ['a#b', 'a,b', 'a..b', '_a', '.a', 'a.', 'CON', 'x'.repeat(51), 'a\u0007b']) {
        expect(
          (await graphCall('POST', `${team}/channels`, { displayName: name, membershipType: 'standard' })).status,
        ).toBe(400);
      }
      const duplicate = await graphCall('POST', `${team}/channels`, {
        displayName: 'REGEL STANDARD',
        membershipType: 'standard',
      });
      expect(duplicate.body.error.code).toBe('NameAlreadyExists');
      graph.limits.channelsPerTeam = graph.channels.filter((c) => c.teamId === TEAM.aadGroupId).length;
      const full = await graphCall('POST', `${team}/channels`, {
        displayName: 'En for meget',
        membershipType: 'standard',
      });
      expect(full.status).toBe(400);
      expect(full.body.error.message).toContain('maximum number of channels');
      graph.limits.channelsPerTeam = 1000;
      const owner = graph.teams.get(TEAM.aadGroupId)!.members[0];
      expect((await graphCall('DELETE', `${team}/members/${owner.id}`)).status).toBe(403); // the app may not remove owners
      expect((await graphCall('POST', `${team}/members`, { ...bind(anne.aadObjectId), roles: ['owner'] })).status).toBe(
        403,
      );
      expect((await graphCall('GET', `/teams/unknown-team/channels`)).status).toBe(404);
      graph.channels.splice(0); // what these rules made is not the app's
    });

    it('Teams: no post into a private channel, a shared channel without the app, or a message over the size limit', async () => {
      const post = async (conversationId: string, text: string) =>
        fetch(`${connector.url}/v3/conversations/${encodeURIComponent(conversationId)}/activities`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'message', text }),
        });
      const privateChannel = graph.adoptChannel(TEAM.aadGroupId, {
        id: '19:regel-privat@thread.tacv2',
        displayName: 'Privat',
        membershipType: 'private',
      });
      const shared = graph.adoptChannel(TEAM.aadGroupId, {
        id: '19:regel-delt@thread.tacv2',
        displayName: 'Delt',
        membershipType: 'shared',
      });
      const refused = await post(privateChannel.id, 'hej');
      expect(refused.status).toBe(403);
      expect((await refused.json()).error.code).toBe('BotNotInConversationRoster');
      expect((await post(shared.id, 'hej')).status).toBe(403);
      shared.enabledApps.add(CATALOG_ID);
      expect((await post(shared.id, 'hej')).status).toBe(201);
      const big = await post(shared.id, 'x'.repeat(MESSAGE_LIMIT_BYTES / 2));
      expect(big.status).toBe(413);
      expect((await big.json()).error.code).toBe('MessageSizeTooBig');
      graph.channels.splice(0);
      connector.clear();
    });
  });

  describe('standard channels (the default)', () => {
    let t: TestApp;
    let missionId: string;
    let firstCall = 0;
    beforeAll(async () => {
      firstCall = graph.calls.length;
      graph.prepareTeam(TEAM.aadGroupId, { owners: [mette.aadObjectId], members: [peter.aadObjectId] });
      ({ t, missionId } = await start({}));
    });
    afterAll(async () => t?.stop());

    it('gives a name with every forbidden character a valid, unique channel name that keeps the Danish letters', async () => {
      const name = '_Ærø: "unge" & <job>? #1, 2.. {ny} ~ 50% | a/b\\c + \'x\' *.';
      const { clusterId } = await formCluster(t, connector, henrik, missionId, { name: name.slice(0, 80) });
      await ready(t, clusterId);
      const channel = channelOf(clusterId)!;
      expect(channel.displayName).toBe('Ærø unge job 1 2. ny 50 a b c x');
      const again = await formCluster(t, connector, henrik, missionId, { name: 'Ærø: unge; job 1 2. ny 50 a b c x' });
      await ready(t, again.clusterId);
      expect(channelOf(again.clusterId)!.displayName).toBe('Ærø unge; job 1 2. ny 50 a b c x');
    });

    it('puts the members outside the team into the team, so everyone sees the channel, and updates one card in place', async () => {
      const { clusterId } = await formCluster(t, connector, henrik, missionId, {
        name: 'Synlig for alle',
        coordinator: anne.aadObjectId,
      });
      await press(t, connector, lars, 'cluster.join', { clusterId });
      await press(t, connector, sofie, 'cluster.join', { clusterId });
      await ready(t, clusterId);
      const channel = channelOf(clusterId)!;
      for (const u of [anne, lars, sofie]) expect(graph.canSee(channel.id, u.aadObjectId)).toBe(true);
      expect(posts(channel.id)).toHaveLength(1);
      await until('the card to name Sofie', () => cardText(lastCard(channel.id)).includes('Sofie Larsen'));
    });

    it('lets a person removed from the team in Teams leave the cluster (Teams wins), but adds the coordinator back', async () => {
      const { clusterId } = await formCluster(t, connector, henrik, missionId, {
        name: 'Fjernet i Teams',
        coordinator: sofie.aadObjectId,
      });
      await press(t, connector, lars, 'cluster.join', { clusterId });
      await ready(t, clusterId);
      await until(
        'Lars seen in the team',
        async () =>
          (
            await t.app.database.pool.query(
              'SELECT in_teams_at FROM cluster_members WHERE cluster_id = $1 AND person_id = $2',
              [clusterId, lars.aadObjectId],
            )
          ).rows[0]?.in_teams_at,
      );
      graph.removeInTeams(TEAM.aadGroupId, lars.aadObjectId);
      graph.removeInTeams(TEAM.aadGroupId, sofie.aadObjectId);
      expect((await t.post(rosterEvent('removed', [lars, sofie], connector.url))).status).toBe(200);
      await until(
        'Lars to have left the cluster',
        async () => !(await members(t, clusterId)).includes(lars.aadObjectId),
      );
      await until('Sofie (the coordinator) back in the team', () =>
        graph.teamMemberIds(TEAM.aadGroupId).includes(sofie.aadObjectId),
      );
      const { rows } = await t.app.database.pool.query(
        `SELECT details FROM audit_log WHERE action = 'cluster.left_in_teams' AND entity_id = $1`,
        [clusterId],
      );
      expect(rows).toEqual([{ details: { where: 'team' } }]);
      await ready(t, clusterId);
      expect(cardText(lastCard(channelOf(clusterId)!.id))).not.toContain('Lars Nielsen');
    });

    it('notices a removal in Teams without any event, at the periodic comparison', async () => {
      const { clusterId } = await formCluster(t, connector, henrik, missionId, {
        name: 'Uden besked',
        coordinator: anne.aadObjectId,
      });
      await press(t, connector, peter, 'cluster.join', { clusterId });
      await ready(t, clusterId);
      await until(
        'Peter seen in the team',
        async () =>
          (
            await t.app.database.pool.query(
              'SELECT in_teams_at FROM cluster_members WHERE cluster_id = $1 AND person_id = $2',
              [clusterId, peter.aadObjectId],
            )
          ).rows[0]?.in_teams_at,
      );
      graph.removeInTeams(TEAM.aadGroupId, peter.aadObjectId);
      // An hour goes by (CHANNEL_RECONCILE_MINUTES, 60): the sweep compares the channel's members with Teams.
      await t.app.database.pool.query(
        `UPDATE cluster_channels SET reconciled_at = now() - interval '61 minutes' WHERE cluster_id = $1`,
        [clusterId],
      );
      await until(
        'Peter to have left the cluster',
        async () => !(await members(t, clusterId)).includes(peter.aadObjectId),
      );
      graph.teams.get(TEAM.aadGroupId)!.members.push({ id: 'peter-again', userId: peter.aadObjectId, roles: [] }); // he was there before the app
    });

    it('never asks Graph for direct members of a standard channel (Graph refuses that)', () => {
      const calls = graph.calls.slice(firstCall);
      expect(calls.filter((c) => /\/channels\/[^/]+\/members/.test(c.path))).toEqual([]);
      expect(calls.filter((c) => c.status === 400 || c.status === 403)).toEqual([]);
    });

    it('says the app must be installed when Teams refuses the post (bot not in the team), and posts once it is', async () => {
      graph.teams.get(TEAM.aadGroupId)!.appInstalled = false;
      const { clusterId } = await formCluster(t, connector, henrik, missionId, {
        name: 'Appen mangler',
        coordinator: anne.aadObjectId,
      });
      await until('the card to say the app must be installed', async () =>
        cardText(await press(t, connector, henrik, 'cluster.view', { clusterId })).includes(
          'appen skal installeres i klyngeteamet',
        ),
      );
      expect(connector.received).toBeGreaterThan(0);
      graph.teams.get(TEAM.aadGroupId)!.appInstalled = true;
      expect((await t.post(teamInstall(connector.url))).status).toBe(200);
      await ready(t, clusterId);
      expect(posts(channelOf(clusterId)!.id)).toHaveLength(1);
    });

    it('still works for member 61: a button fetches their own buttons where Teams refreshes only 60', async () => {
      const crowd = Array.from({ length: 61 }, (_, i) => person(i + 1, `Deltager ${i + 1}`));
      graph.teams
        .get(TEAM.aadGroupId)!
        .members.push(...crowd.map((u) => ({ id: `m-${u.aadObjectId}`, userId: u.aadObjectId, roles: [] })));
      const { clusterId } = await formCluster(t, connector, henrik, missionId, { name: 'Stor klynge' });
      for (const u of crowd) await t.post(install(u, connector.url, 'da-DK'));
      for (const u of crowd) await press(t, connector, u, 'cluster.join', { clusterId });
      await ready(t, clusterId);
      const channelId = channelOf(clusterId)!.id;
      const card = await until('the card for 62 members', () => {
        const c = lastCard(channelId);
        return cardText(c).includes('62 medlemmer') && c;
      });
      expect(card.refresh.userIds).toHaveLength(60);
      const sixtyFirst = crowd[60];
      expect(card.refresh.userIds).not.toContain(sixtyFirst.id);
      const button = findAction(card, 'Vis mine muligheder');
      const own = (await t.post(channelExecute(sixtyFirst, button.verb, button.data, channelId, connector.url))).body
        .value;
      expect(findAction(own, 'Forlad klyngen').verb).toBe('cluster.leave');
    }, 120_000);

    it("keeps the status card under Teams' size limit with hundreds of external actors", async () => {
      const { clusterId } = await formCluster(t, connector, henrik, missionId, {
        name: 'Mange eksterne',
        coordinator: anne.aadObjectId,
      });
      await ready(t, clusterId);
      await t.app.database.pool.query(
        `INSERT INTO cluster_externals (cluster_id, name, organisation, role) SELECT $1, 'Ekstern ' || g, repeat('Organisation ', 9), repeat('Rolle ', 20) FROM generate_series(1, 400) g`,
        [clusterId],
      );
      await press(t, connector, anne, 'cluster.external.add', {
        clusterId,
        externalName: 'Sidste ekstern',
        organisation: 'Erhvervsforeningen',
      });
      await ready(t, clusterId);
      expect(cardText(lastCard(channelOf(clusterId)!.id))).toContain('og 381 flere');
    });

    it('says on the card when the team is full, tells the coordinator what an admin can do, and creates the channel once there is room', async () => {
      graph.limits.channelsPerTeam = graph.channels.filter((c) => c.teamId === TEAM.aadGroupId).length;
      const { clusterId } = await formCluster(t, connector, henrik, missionId, {
        name: 'Ingen plads',
        coordinator: anne.aadObjectId,
      });
      await until('the card to say the team is full', async () =>
        cardText(await press(t, connector, henrik, 'cluster.view', { clusterId })).includes('grænse for kanaler'),
      );
      const told = await until('the coordinator told', () =>
        connector.cards(anne.conversationId).find((c) => cardText(c).includes('kræver en administrator')),
      );
      expect(cardText(told)).toContain('slette gamle kanaler permanent');
      expect(channelOf(clusterId)).toBeUndefined();
      graph.limits.channelsPerTeam = 1000;
    });
  });

  describe('shared channels (CLUSTER_CHANNEL_TYPE=shared)', () => {
    let t: TestApp;
    let missionId: string;
    beforeAll(async () => {
      graph.channels.splice(0);
      graph.prepareTeam(TEAM.aadGroupId, { owners: [mette.aadObjectId] });
      ({ t, missionId } = await start({ CLUSTER_CHANNEL_TYPE: 'shared', TEAMS_APP_CATALOG_ID: CATALOG_ID }));
    });
    afterAll(async () => t?.stop());

    it('makes members outside the team direct members, adds the app, posts the card, and changes the roster once through faults', async () => {
      const { clusterId } = await formCluster(t, connector, henrik, missionId, {
        name: 'Delt klynge',
        coordinator: anne.aadObjectId,
      });
      await ready(t, clusterId);
      const channel = channelOf(clusterId)!;
      expect(channel.membershipType).toBe('shared');
      expect(channel.enabledApps.has(CATALOG_ID)).toBe(true);
      expect(channel.members).toEqual([expect.objectContaining({ userId: anne.aadObjectId, roles: ['owner'] })]);
      expect(graph.teamMemberIds(TEAM.aadGroupId)).toEqual([mette.aadObjectId]); // nobody was put in the team
      expect(posts(channel.id)).toHaveLength(1);
      graph.fail(
        { method: 'POST', match: /\/members$/, status: 429, headers: { 'retry-after': '1' } },
        { method: 'POST', match: /\/members$/, lost: true },
        { method: 'GET', match: /\/allMembers$/, status: 503 },
      );
      await press(t, connector, lars, 'cluster.join', { clusterId });
      await press(t, connector, sofie, 'cluster.join', { clusterId });
      await until(
        'faults used and ready',
        async () => graph.pendingFaults() === 0 && (await state(t, clusterId)).state === 'ready',
        60_000,
      );
      expect(channel.members.map((m) => m.userId).sort()).toEqual(
        [anne.aadObjectId, lars.aadObjectId, sofie.aadObjectId].sort(),
      );
      graph.fail({ method: 'DELETE', match: /\/members\//, lost: true });
      await press(t, connector, lars, 'cluster.leave', { clusterId });
      await until(
        'Lars out of the channel',
        async () =>
          !channel.members.some((m) => m.userId === lars.aadObjectId) && (await state(t, clusterId)).state === 'ready',
        60_000,
      );
      expect(channel.members.map((m) => m.userId).sort()).toEqual([anne.aadObjectId, sofie.aadObjectId].sort());
      expect(posts(channel.id)).toHaveLength(1);
      await until('the card to show Sofie and not Lars', () => {
        const text = cardText(lastCard(channel.id));
        return text.includes('Sofie Larsen') && !text.includes('Lars Nielsen');
      });
    }, 120_000);

    it('leaves people added to the channel in Teams alone, and lets those removed there leave the cluster', async () => {
      const { clusterId } = await formCluster(t, connector, henrik, missionId, {
        name: 'Delt drift',
        coordinator: anne.aadObjectId,
      });
      await press(t, connector, sofie, 'cluster.join', { clusterId });
      await ready(t, clusterId);
      const channel = channelOf(clusterId)!;
      channel.members.push({ id: 'added-in-teams', userId: peter.aadObjectId, roles: [] });
      await until(
        'Sofie seen in the channel',
        async () =>
          (
            await t.app.database.pool.query(
              'SELECT in_teams_at FROM cluster_members WHERE cluster_id = $1 AND person_id = $2',
              [clusterId, sofie.aadObjectId],
            )
          ).rows[0]?.in_teams_at,
      );
      graph.removeInTeams(TEAM.aadGroupId, sofie.aadObjectId, channel.id);
      expect((await t.post(rosterEvent('removed', [sofie], connector.url, channel.id))).status).toBe(200);
      await until('Sofie to have left', async () => !(await members(t, clusterId)).includes(sofie.aadObjectId));
      await ready(t, clusterId);
      expect(channel.members.map((m) => m.userId)).toContain(peter.aadObjectId);
    });

    it("says so honestly when the app cannot be added, tells the coordinator the owner's steps, and posts once it is added", async () => {
      graph.appManagementGranted = false;
      const { clusterId } = await formCluster(t, connector, henrik, missionId, {
        name: 'Uden appen',
        coordinator: anne.aadObjectId,
      });
      await until('the card to say the app is missing', async () =>
        cardText(await press(t, connector, anne, 'cluster.view', { clusterId })).includes(
          'appen er ikke føjet til den delte kanal',
        ),
      );
      const told = await until('the coordinator told', () =>
        connector.cards(anne.conversationId).find((c) => cardText(c).includes('"Uden appen" kræver en administrator')),
      );
      expect(cardText(told)).toContain('Administrer kanal > Apps');
      const channel = channelOf(clusterId)!;
      expect(posts(channel.id)).toHaveLength(0);
      // A team owner adds the app by hand; Teams tells the bot it arrived in the channel.
      channel.enabledApps.add(CATALOG_ID);
      expect((await t.post(botAddedToChannel(channel.id, connector.url))).status).toBe(200);
      await ready(t, clusterId);
      expect(posts(channel.id)).toHaveLength(1);
      graph.appManagementGranted = true;
    });
  });
});
