import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  USERS,
  channelExecute,
  channelSubmit,
  execute,
  fixture,
  groupExecute,
  groupMessage,
  install,
} from '../support/activities.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { P } from '../support/seed-portfolio.js';
import { DB_TARGETS, cardText, findAction, startTestApp, type TestApp } from '../support/test-app.js';

const { lars, henrik } = USERS;
const NOTE = 'Lars fortalte fortroligt om sygefraværet i indskolingen';
const AGREEMENT = 'Henrik sender budgetnotatet';
const GROUP_CHAT = '19:dus-koordinering-gruppechat@thread.v2';
const CHANNEL = '19:klynge-trivsel-for-unge@thread.tacv2';
const PERSONAL_ONLY =
  'Kontraktholderdialoger vises kun i din personlige chat med Missionsklynger, hvor ingen andre kan læse med.';

describe.each(DB_TARGETS)('dialogue content is shown only in a personal chat with a participant, on %s', (target) => {
  let connector: ConnectorStandIn;
  let t: TestApp;
  let dialogueId: string;

  const lastCardIn = async (conversationId: string, before: number) => {
    await connector.waitFor(
      () => connector.cards(conversationId).length > before,
      10_000,
      `an answer in ${conversationId}`,
    );
    return connector.cards(conversationId)[before];
  };
  const expectPersonalOnly = (card: any) => {
    const text = cardText(card);
    expect(text).toContain(PERSONAL_ONLY);
    expect(text).not.toContain('Skole Syd');
    expect(text).not.toContain(NOTE);
    expect(text).not.toContain(AGREEMENT);
    expect(findAction(card, 'Åbn din personlige chat').url).toBe(
      'https://teams.microsoft.com/l/chat/0/0?users=28:local-bot',
    );
  };

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp(target);
    for (const u of [lars, henrik]) await t.post(install(u, connector.url, 'da-DK'));
    const { rows } = await t.app.database.pool.query(
      `INSERT INTO dialogues (request_key, unit_id, contract_holder_id, department_head_id, director_id, status, starts_at, ends_at, agenda, notes, created_by_id, outcome_recorded_at)
       VALUES ('privacy-scope', 'skole-syd', $1, $2, $3, 'outcomeRecorded', now() - interval '2 days', now() - interval '2 days' + interval '1 hour',
               '{"openAgreements": [], "clusters": []}', $4, $2, now()) RETURNING id`,
      [P.lars, P.henrik, P.mette, JSON.stringify({ operations: NOTE })],
    );
    dialogueId = rows[0].id;
    await t.app.database.pool.query(
      `INSERT INTO dialogue_agreements (dialogue_id, text, owner_id, due_on) VALUES ($1, $2, $3, current_date + 14)`,
      [dialogueId, AGREEMENT, P.henrik],
    );
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it('shows the participant the dialogue in the personal chat', async () => {
    const res = await t.post(execute(lars, 'dialogue.view', { dialogueId }, connector.url, 'da-DK'));
    const text = cardText(res.body.value);
    expect(text).toContain('Skole Syd');
    expect(text).toContain(NOTE);
    expect(text).toContain(AGREEMENT);
  });

  it('answers "mine dialoger" in a group chat with a line and the way to the personal chat, not the list', async () => {
    const before = connector.cards(GROUP_CHAT).length;
    expect((await t.post(groupMessage(lars, 'mine dialoger', connector.url))).status).toBe(200);
    expectPersonalOnly(await lastCardIn(GROUP_CHAT, before));
  });

  it('does the same for planning and for a director’s area in a group chat', async () => {
    for (const text of ['planlæg kontraktholderdialog', 'dialoger i mit område']) {
      const before = connector.cards(GROUP_CHAT).length;
      await t.post(groupMessage(henrik, text, connector.url));
      expectPersonalOnly(await lastCardIn(GROUP_CHAT, before));
    }
  });

  it('refuses a dialogue card action pressed in a group chat or a channel', async () => {
    const group = await t.post(groupExecute(lars, 'dialogue.view', { dialogueId }, connector.url));
    expect(group.status).toBe(200);
    expectPersonalOnly(group.body.value);
    const channel = await t.post(
      channelExecute(henrik, 'dialogue.outcome.open', { dialogueId }, CHANNEL, connector.url),
    );
    expectPersonalOnly(channel.body.value);
    const list = await t.post(channelExecute(henrik, 'dialogues.list', {}, CHANNEL, connector.url));
    expectPersonalOnly(list.body.value);
  });

  it('refuses an older card’s Action.Submit for a dialogue in a channel', async () => {
    const before = connector.cards(`${CHANNEL};messageid=1795323256807`).length;
    expect((await t.post(channelSubmit(lars, { verb: 'dialogue.view', dialogueId }, connector.url))).status).toBe(200);
    expectPersonalOnly(await lastCardIn(`${CHANNEL};messageid=1795323256807`, before));
  });

  it('never finds dialogue content through the message extension, in any conversation', async () => {
    const query = fixture('invoke-compose-extension-query-channel.json');
    query.id = randomUUID();
    query.serviceUrl = connector.url;
    query.value.parameters = [{ name: 'query', value: 'sygefraværet indskolingen' }];
    const res = await t.post(query);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('sygefravær');
  });
});
