import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { describePlan, importOrganisation, readOrganisation } from '../../src/services/org-import.service.js';
import type { Organisation } from '../../src/domain/organisation.js';
import { USERS, install, message } from '../support/activities.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { DB_TARGETS, cardText, startTestApp, type TestApp } from '../support/test-app.js';

const ROLE_GROUPS = { 'demo-dus-admins': ['admin' as const] };
const { peter } = USERS;

describe.each(DB_TARGETS)('the organisation import is the whole truth for its people, on %s', (target) => {
  let t: TestApp;
  let connector: ConnectorStandIn;
  let demo: Organisation;
  const withoutPeter = () => ({ ...demo, people: demo.people.filter((p) => p.name !== 'Peter Hansen') });
  const q = async (sql: string, params: unknown[] = []) => (await t.app.database.pool.query(sql, params)).rows;
  /** What Peter sees when he asks for the proposals waiting for a decision (admins decide). */
  const peterAsksForDecisions = async () => {
    await new Promise((r) => setTimeout(r, 5_100)); // the app keeps a person for five seconds between turns
    const before = connector.cards(peter.conversationId).length;
    expect((await t.post(message(peter, 'Til beslutning', connector.url, 'da-DK'))).status).toBe(200);
    await connector.waitFor(() => connector.cards(peter.conversationId).length > before, 10_000, 'an answer to Peter');
    return cardText(connector.cards(peter.conversationId)[before]);
  };
  const tabMe = (id: string) => fetch(`${t.url}/api/tab/me`, { headers: { authorization: `Developer ${id}` } });

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp(target);
    demo = await readOrganisation(path.resolve('config/demo-org.json'));
    await t.post(install(peter, connector.url, 'da-DK'));
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it('a dry run says who would lose which roles and changes nothing', async () => {
    const { plan } = await importOrganisation(t.app.database.pool, withoutPeter(), ROLE_GROUPS, { dryRun: true });
    expect(plan.people.removed.map((p) => p.name)).toEqual(['Peter Hansen']);
    expect(describePlan(plan)).toContain(
      '- Peter Hansen (a1b2c3d4-0000-4000-8000-000000000014): loses admin; stays an employee, the record is kept',
    );
    expect((await q('SELECT roles FROM persons WHERE id = $1', [peter.aadObjectId]))[0].roles).toEqual([
      'admin',
      'employee',
    ]);
    expect(await q(`SELECT 1 FROM audit_log WHERE action = 'person.removed_from_import'`)).toHaveLength(0);
  });

  it('someone missing from the next import loses the roles it gave them, admin included; the record stays', async () => {
    expect(await peterAsksForDecisions()).not.toContain('Kun koncernledelsen og administratorer');
    await importOrganisation(t.app.database.pool, withoutPeter(), ROLE_GROUPS);
    const [row] = await q('SELECT name, roles, removed_from_import_at FROM persons WHERE id = $1', [peter.aadObjectId]);
    expect(row).toMatchObject({ name: 'Peter Hansen', roles: ['employee'] });
    expect(row.removed_from_import_at).toBeInstanceOf(Date);
    const text = await peterAsksForDecisions();
    expect(text).toContain('Kun koncernledelsen og administratorer kan træffe beslutninger om missioner.');
    // The developer sign-in of the tabs no longer knows him either.
    expect((await tabMe(peter.aadObjectId)).status).toBe(401);
    const audit = await q(`SELECT entity_id, details FROM audit_log WHERE action = 'person.removed_from_import'`);
    expect(audit).toEqual([{ entity_id: peter.aadObjectId, details: { rolesRemoved: ['admin'] } }]);
    const [summary] = await q(
      `SELECT details FROM audit_log WHERE action = 'organisation.imported' ORDER BY at DESC LIMIT 1`,
    );
    expect(summary.details).toMatchObject({ peopleRemoved: 1 });
  }, 90_000);

  it('an import that lists them again gives the roles back', async () => {
    await importOrganisation(t.app.database.pool, demo, ROLE_GROUPS);
    const [row] = await q('SELECT roles, removed_from_import_at FROM persons WHERE id = $1', [peter.aadObjectId]);
    expect(row).toEqual({ roles: ['admin', 'employee'], removed_from_import_at: null });
    expect((await tabMe(peter.aadObjectId)).status).toBe(200);
  });

  it('a unit no longer in the file loses its leader, fagchef and director', async () => {
    const org = {
      ...demo,
      units: demo.units.filter((u) => u.id !== 'ungdomsskolen'),
      people: demo.people.map((p) => (p.unit === 'ungdomsskolen' ? { ...p, unit: undefined } : p)),
    };
    const { plan } = await importOrganisation(t.app.database.pool, org, ROLE_GROUPS);
    expect(plan.units.notInFile).toEqual(['ungdomsskolen']);
    expect(
      await q(`SELECT leader_id, department_head_id, director_id FROM org_units WHERE id = 'ungdomsskolen'`),
    ).toEqual([{ leader_id: null, department_head_id: null, director_id: null }]);
    const [sofie] = await q(`SELECT roles FROM persons WHERE name = 'Sofie Larsen'`);
    expect(sofie.roles).toEqual(['employee']); // she led that unit: no longer a contract holder
  });
});
