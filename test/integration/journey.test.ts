import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { USERS, execute, install, membersAdded, message } from '../support/activities.js';
import { MISSION } from '../support/clusters.js';
import { DB_TARGETS, cardText, findAction, startTestApp, type TestApp } from '../support/test-app.js';

const VALID = MISSION;

describe.each(DB_TARGETS)('the first journey on %s', (target) => {
  let connector: ConnectorStandIn;
  let t: TestApp;
  const { henrik, anne, mette } = USERS;
  let missionId: string;

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  const say = async (u = henrik, text: string, locale = 'da-DK') => {
    const before = connector.messagesTo(u.conversationId).length;
    const res = await t.post(message(u, text, connector.url, locale));
    expect(res.status).toBe(200);
    await connector.waitFor(() => connector.messagesTo(u.conversationId).length > before, 5000, `a reply to "${text}"`);
    return connector.cards(u.conversationId).at(-1);
  };
  const press = async (u: typeof henrik, verb: string, data: Record<string, unknown>, locale = 'da-DK') => {
    const res = await t.post(execute(u, verb, data, connector.url, locale));
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    return res.body.value;
  };
  const count = async (sql: string, values: unknown[] = []) =>
    (await t.app.database.pool.query(sql, values)).rows[0].n as number;

  it('greets a new user once with a welcome card, however often Teams repeats the install', async () => {
    await t.post(install(henrik, connector.url, 'da-DK'));
    await t.post(membersAdded(henrik, connector.url));
    await t.post(install(henrik, connector.url, 'da-DK'));
    await connector.waitFor(() => connector.messagesTo(henrik.conversationId).length >= 1, 5000, 'the welcome card');
    await new Promise((r) => setTimeout(r, 300));
    const cards = connector.cards(henrik.conversationId);
    expect(cards).toHaveLength(1);
    expect(cardText(cards[0])).toContain('Velkommen til Missionsklynger');
    expect(cardText(cards[0])).toContain('Foreslå en mission');
    expect(
      await count('SELECT count(*)::int AS n FROM conversation_refs WHERE person_id = $1', [henrik.aadObjectId]),
    ).toBe(1);
  });

  it('welcomes in English when the Teams client is English', async () => {
    await t.post(install(anne, connector.url, 'en-US'));
    await connector.waitFor(() => connector.messagesTo(anne.conversationId).length >= 1, 5000, 'the welcome card');
    expect(cardText(connector.cards(anne.conversationId)[0])).toContain('Welcome to Mission clusters');
  });

  it('answers "hjælp" and anything it does not understand with a help card, never silence', async () => {
    expect(cardText(await say(henrik, 'hjælp'))).toContain('Det kan jeg hjælpe med');
    const unknown = cardText(await say(henrik, 'hvad med kaffe i kantinen'));
    expect(unknown).toContain('Jeg forstod ikke "hvad med kaffe i kantinen"');
    expect(unknown).toContain('Mine missioner');
  });

  it('keeps the inputs and shows the problem next to the field when a proposal is invalid', async () => {
    const form = await say(henrik, 'Foreslå en mission');
    const submit = findAction(form, 'Send forslag');
    const card = await press(henrik, 'propose.submit', { ...submit.data, ...VALID, title: 'Job', problems: '' });
    const text = cardText(card);
    expect(text).toContain('Ret venligst felterne markeret nedenfor.');
    expect(text).toContain('Skriv mindst 5 tegn.');
    expect(text).toContain('Vælg mindst ét.');
    const title = card.body.find((e: any) => e.id === 'title');
    expect(title.value).toBe('Job');
    expect(card.body.find((e: any) => e.id === 'ambition').value).toBe(VALID.ambition);
    expect(await count('SELECT count(*)::int AS n FROM missions')).toBe(0);
  });

  it('creates one mission however often the same form is submitted, and confirms it', async () => {
    const form = await say(henrik, 'foreslå en mission');
    const { data } = findAction(form, 'Send forslag');
    const [a, b] = await Promise.all([
      press(henrik, 'propose.submit', { ...data, ...VALID }),
      press(henrik, 'propose.submit', { ...data, ...VALID }),
    ]);
    const again = await press(henrik, 'propose.submit', { ...data, ...VALID });
    for (const card of [a, b, again]) {
      expect(cardText(card)).toContain('Tak for dit forslag');
      expect(cardText(card)).toContain('Missionen "Flere unge i fritidsjob" er foreslået');
    }
    expect(await count('SELECT count(*)::int AS n FROM missions')).toBe(1);
    missionId = (await t.app.database.pool.query('SELECT id FROM missions')).rows[0].id;
  });

  it('lists the proposal under "Mine missioner"', async () => {
    const text = cardText(await say(henrik, 'mine missioner'));
    expect(text).toContain('Flere unge i fritidsjob');
    expect(text).toContain('Foreslået');
    expect(text).toContain('Dit forslag');
  });

  it('lets a colleague support a mission once, and filters by track and problem', async () => {
    const list = await say(anne, 'alle missioner');
    expect(cardText(list)).toContain('Flere unge i fritidsjob');
    const support = findAction(list, 'Jeg vil bidrage');
    const after = await press(anne, 'mission.support', support.data);
    expect(cardText(after)).toContain('Tak! Du er nu bidragyder til "Flere unge i fritidsjob".');
    expect(cardText(after)).toContain('✓ Du bidrager');
    expect(cardText(after)).toContain('1 bidragyder');
    const twice = await press(anne, 'mission.support', support.data);
    expect(cardText(twice)).toContain('Du bidrager allerede');
    expect(await count('SELECT supporter_count AS n FROM missions WHERE id = $1', [missionId])).toBe(1);
    const otherTrack = await press(anne, 'missions.list', {
      scope: 'all',
      page: 0,
      filterTrack: 'workplace',
      filterProblem: '',
    });
    expect(cardText(otherTrack)).toContain('Ingen missioner matcher');
    const sameProblem = await press(anne, 'missions.list', {
      scope: 'all',
      page: 0,
      filterTrack: '',
      filterProblem: 'labour',
    });
    expect(cardText(sameProblem)).toContain('Flere unge i fritidsjob');
    expect(cardText(await say(anne, 'mine missioner'))).toContain('Flere unge i fritidsjob');
  });

  it('refuses a decision from someone without the role and changes nothing', async () => {
    const card = await press(anne, 'mission.decide', {
      missionId,
      decision: 'active',
      page: 0,
      [`reason-${missionId}`]: 'Jeg synes godt om den',
    });
    expect(cardText(card)).toContain('Kun koncernledelsen og administratorer kan træffe beslutninger');
    expect(cardText(await say(anne, 'til beslutning'))).toContain('Kun koncernledelsen');
    expect(
      (await t.app.database.pool.query('SELECT status FROM missions WHERE id = $1', [missionId])).rows[0].status,
    ).toBe('proposed');
  });

  it('requires a reason to decline, and tells the proposer the decision and the reason', async () => {
    const queue = await say(mette, 'til beslutning');
    expect(cardText(queue)).toContain('Flere unge i fritidsjob');
    const decline = findAction(queue, 'Afvis');
    const noReason = await press(mette, 'mission.decide', { ...decline.data, [`reason-${missionId}`]: '  ' });
    expect(cardText(noReason)).toContain('Skal udfyldes.');
    expect(
      (await t.app.database.pool.query('SELECT status FROM missions WHERE id = $1', [missionId])).rows[0].status,
    ).toBe('proposed');

    const before = connector.messagesTo(henrik.conversationId).length;
    const reason = 'Den overlapper med indsatsen i Klynge Trivsel; tag kontakt til tovholderen dér.';
    const done = await press(mette, 'mission.decide', { ...decline.data, [`reason-${missionId}`]: reason });
    expect(cardText(done)).toContain('"Flere unge i fritidsjob" er nu: Afvist');
    expect(cardText(done)).toContain('Der er ingen forslag, der venter');

    await connector.waitFor(
      () => connector.messagesTo(henrik.conversationId).length > before,
      15_000,
      'the proactive decision message',
    );
    const notice = cardText(connector.cards(henrik.conversationId).at(-1));
    expect(notice).toContain('Din mission er ikke godkendt');
    expect(notice).toContain(reason);
    expect(notice).toContain('Mette Jensen');

    const again = await press(mette, 'mission.decide', {
      ...decline.data,
      decision: 'active',
      [`reason-${missionId}`]: 'Alligevel ja tak',
    });
    expect(cardText(again)).toContain('er allerede besluttet (Afvist)');
    const audit = await t.app.database.pool.query(
      `SELECT actor_id, details FROM audit_log WHERE action = 'mission.decided' AND entity_id = $1`,
      [missionId],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].actor_id).toBe(mette.aadObjectId);
    expect(audit.rows[0].details).toMatchObject({ from: 'proposed', to: 'declined', reason });
    await new Promise((r) => setTimeout(r, 1200));
    expect(connector.messagesTo(henrik.conversationId).length).toBe(before + 1);
  });

  it('shows the decline reason to the proposer under "Mine missioner"', async () => {
    const text = cardText(await say(henrik, 'mine missioner'));
    expect(text).toContain('Afvist');
    expect(text).toContain('Begrundelse: Den overlapper med indsatsen i Klynge Trivsel');
  });
});
