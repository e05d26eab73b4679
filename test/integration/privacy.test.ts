import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { erasePerson, exportPerson, FORMER_EMPLOYEE, OTHER_PERSON } from '../../src/services/privacy.service.js';
import { USERS, install, message } from '../support/activities.js';
import { activeMission, press } from '../support/clusters.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { P, seedPortfolio } from '../support/seed-portfolio.js';
import { DB_TARGETS, cardText, startTestApp, type TestApp } from '../support/test-app.js';

const LARS = { id: P.lars, name: 'Lars Nielsen', email: 'lars.nielsen@kommune.example' };

describe.each(DB_TARGETS)('personal data: access and erasure, on %s', (target) => {
  let connector: ConnectorStandIn;
  let t: TestApp;
  const q = async (sql: string, params: unknown[] = []) => (await t.app.database.pool.query(sql, params)).rows;

  /** Every table of the database (the app's and the job queue's) whose rows, as text, contain `needle`. */
  const tablesMentioning = async (needle: string) => {
    const tables = await q(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    const hits: string[] = [];
    for (const { s, t: table } of tables) {
      const [{ n }] = await q(
        `SELECT count(*)::int AS n FROM "${s}"."${table}" x WHERE x::text ILIKE '%' || $1 || '%'`,
        [needle],
      );
      if (n > 0) hits.push(`${s}.${table}`);
    }
    return hits;
  };

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp(target);
    for (const u of [USERS.lars, USERS.anne, USERS.mette, USERS.henrik])
      await t.post(install(u, connector.url, 'da-DK'));
    // Lars proposes through the bot and hears the decision: his chat address and a message to him exist.
    await activeMission(t, connector, 'Lars Nielsens forslag om lektiecaféer', USERS.lars);
    await connector.waitFor(
      () => connector.messagesTo(USERS.lars.conversationId).length >= 2,
      15_000,
      'the decision to reach Lars',
    );
    await seedPortfolio(t.app.database.pool, '2026-11-01');
    // A held dialogue with Lars as contract holder, notes that name him, and an agreement he owns.
    const [{ id: dialogueId }] = await q(
      `INSERT INTO dialogues (request_key, unit_id, contract_holder_id, department_head_id, director_id, status, starts_at, ends_at, agenda, notes, created_by_id)
       VALUES ('privacy-test', 'skole-syd', $1, $2, $3, 'outcomeRecorded', now() - interval '2 days', now() - interval '2 days' + interval '1 hour', '{"openAgreements": [], "clusters": []}',
               '{"operations": "Lars Nielsen fortalte om driften; skriv til lars.nielsen@kommune.example"}', $2) RETURNING id`,
      [P.lars, P.henrik, P.mette],
    );
    await q(
      `INSERT INTO dialogue_agreements (dialogue_id, text, owner_id, due_on) VALUES ($1, 'Sender planen for lektiecaféer', $2, current_date + 14)`,
      [dialogueId, P.lars],
    );
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it('exports every record about Lars and nothing about anyone else, and logs the export', async () => {
    const exported = (await exportPerson(t.app.database.pool, 'LARS.NIELSEN@kommune.example', P.peter))!;
    expect(exported.person).toEqual(LARS);
    const counts = Object.fromEntries(Object.entries(exported.records).map(([table, rows]) => [table, rows.length]));
    // The known answers, counted straight from the tables.
    const [{ n: missions }] = await q(
      'SELECT count(*)::int AS n FROM missions WHERE proposer_id = $1 OR decided_by_id = $1',
      [P.lars],
    );
    const [{ n: initiatives }] = await q(
      'SELECT count(*)::int AS n FROM initiatives WHERE owner_id = $1 OR created_by_id = $1',
      [P.lars],
    );
    const [{ n: memberships }] = await q('SELECT count(*)::int AS n FROM cluster_members WHERE person_id = $1', [
      P.lars,
    ]);
    expect(missions).toBe(7);
    expect(counts).toMatchObject({
      persons: 1,
      org_units: 1, // leader of Skole Syd
      conversation_refs: 1,
      missions,
      initiatives,
      cluster_members: memberships,
      dialogues: 1,
      dialogue_agreements: 1,
    });
    expect(counts.outbox).toBeGreaterThanOrEqual(1);
    expect(counts.learnings).toBeGreaterThanOrEqual(1);
    // Nothing about others: every row is about Lars, and nobody else's id is in the file.
    for (const [table, rows] of Object.entries(exported.records))
      for (const row of rows) expect([table, JSON.stringify(row).includes(P.lars)]).toEqual([table, true]);
    const file = JSON.stringify(exported.records);
    for (const [who, id] of Object.entries(P))
      if (who !== 'lars') expect([who, file.includes(id)]).toEqual([who, false]);
    expect(file).toContain(OTHER_PERSON);
    expect(exported.summary).toContain('# Persondata: Lars Nielsen');
    expect(exported.summary).toContain('Kontraktholderdialoger, personen deltager i (med noter)');
    expect(await q(`SELECT actor_id, entity_id FROM audit_log WHERE action = 'person.exported'`)).toEqual([
      { actor_id: P.peter, entity_id: P.lars },
    ]);
    expect(await exportPerson(t.app.database.pool, 'nobody@kommune.example', P.peter)).toBeUndefined();
  });

  it('logs when an admin who is not a participant reads a dialogue, and only then', async () => {
    const [{ id: dialogueId }] = await q(`SELECT id FROM dialogues WHERE request_key = 'privacy-test'`);
    const reads = () => q(`SELECT actor_id, entity_id, details FROM audit_log WHERE action = 'dialogue.read'`);
    expect(cardText(await press(t, connector, USERS.henrik, 'dialogue.view', { dialogueId }))).toContain(
      'Kontraktholderdialog',
    );
    expect(await reads()).toEqual([]); // Henrik is the fagchef: his own dialogue
    expect(cardText(await press(t, connector, USERS.anne, 'dialogue.view', { dialogueId }))).not.toContain(
      'Lars Nielsen fortalte',
    );
    expect(await reads()).toEqual([]); // Anne is refused: nothing was read
    expect(cardText(await press(t, connector, USERS.peter, 'dialogue.view', { dialogueId }))).toContain(
      'Kontraktholderdialog',
    );
    expect(await reads()).toEqual([{ actor_id: P.peter, entity_id: dialogueId, details: { as: 'admin' } }]);
  });

  it('erases Lars so that no table holds his name, email or id, and the app keeps working for everyone else', async () => {
    for (const needle of [LARS.id, LARS.name, LARS.email])
      expect((await tablesMentioning(needle)).length).toBeGreaterThan(0);
    const anneBefore = await q('SELECT count(*)::int AS n FROM cluster_members WHERE person_id = $1', [P.anne]);

    const erased = (await erasePerson(t.app.database.pool, LARS.id, { by: P.peter, caseRef: 'DPO-2026-17' }))!;
    expect(erased.pseudonymId).toMatch(/^former-/);
    for (const needle of [LARS.id, LARS.name, LARS.email, 'lars-nielsen'])
      expect([needle, await tablesMentioning(needle)]).toEqual([needle, []]);

    // The history reads on: his missions, initiatives and the dialogue now belong to "Tidligere medarbejder".
    expect(await q('SELECT count(*)::int AS n FROM missions WHERE proposer_id = $1', [erased.pseudonymId])).toEqual([
      { n: 7 },
    ]);
    expect(await q('SELECT name, email, source FROM persons WHERE id = $1', [erased.pseudonymId])).toEqual([
      { name: FORMER_EMPLOYEE, email: null, source: 'erased' },
    ]);
    const [dialogue] = await q(`SELECT contract_holder_id, notes FROM dialogues WHERE request_key = 'privacy-test'`);
    expect(dialogue.contract_holder_id).toBe(erased.pseudonymId);
    expect(dialogue.notes.operations).toBe(
      `${FORMER_EMPLOYEE} fortalte om driften; skriv til ${FORMER_EMPLOYEE.toLowerCase()}`,
    );
    expect((await q(`SELECT title FROM missions WHERE title LIKE '%lektiecaféer%'`))[0].title).toBe(
      `${FORMER_EMPLOYEE}s forslag om lektiecaféer`,
    );
    expect(await q('SELECT count(*)::int AS n FROM cluster_members WHERE person_id = $1', [P.anne])).toEqual(
      anneBefore,
    );
    // The erasure is on record, without him.
    const [audit] = await q(`SELECT actor_id, entity_id, details FROM audit_log WHERE action = 'person.erased'`);
    expect(audit).toMatchObject({ actor_id: P.peter, entity_id: erased.pseudonymId, details: { case: 'DPO-2026-17' } });

    // Henrik still uses the app; the missions list shows the former employee's mission.
    const res = await t.post(message(USERS.henrik, 'Alle missioner', connector.url, 'da-DK'));
    expect(res.status).toBe(200);
    await connector.waitFor(
      () => connector.cards(USERS.henrik.conversationId).some((c) => cardText(c).includes('lektiecaféer')),
      15_000,
      'the missions list',
    );
    const list = connector.cards(USERS.henrik.conversationId).find((c) => cardText(c).includes('lektiecaféer'));
    expect(cardText(list)).not.toContain('Lars Nielsen');

    // A second erasure finds nobody and changes nothing.
    const before = await q('SELECT count(*)::int AS n FROM audit_log');
    expect(await erasePerson(t.app.database.pool, LARS.id, { by: P.peter })).toBeUndefined();
    expect(await q('SELECT count(*)::int AS n FROM audit_log')).toEqual(before);
  });
});
