import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { localToInstant } from '../../src/domain/local-time.js';
import { addDays, localDate } from '../../src/domain/portfolio.js';
import { importOrganisation, readOrganisation } from '../../src/services/org-import.service.js';
import { USERS, install } from '../support/activities.js';
import { press, until } from '../support/clusters.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { GraphStandIn } from '../support/graph-standin.js';
import { P } from '../support/seed-portfolio.js';
import { DB_TARGETS, cardText, startTestApp, type TestApp } from '../support/test-app.js';

const { henrik, anne, lars } = USERS;
const TZ = 'Europe/Copenhagen';
const NOTE = 'Lars fortalte om en personalesag i indskolingen';
const AGREEMENT = 'Skolen laver en plan for lektiecaféer';

/**
 * docs/databeskyttelse.md: a unit's open agreements are the unit's commitments and carry into its next
 * dialogue, also when the unit has a new contract holder: their text, owner and date, never the notes of
 * the dialogue they came from. The invitation sent through Graph holds no more than the agenda.
 */
describe.each(DB_TARGETS)(
  'a new contract holder inherits the unit’s open agreements, never the notes, on %s',
  (target) => {
    let connector: ConnectorStandIn;
    let graph: GraphStandIn;
    let t: TestApp;
    let oldDialogueId: string;
    let newDialogueId: string;
    const q = async (sql: string, params: unknown[] = []) => (await t.app.database.pool.query(sql, params)).rows;

    beforeAll(async () => {
      connector = await new ConnectorStandIn().start();
      graph = await new GraphStandIn().start();
      t = await startTestApp(target, {
        GRAPH_BASE_URL: graph.url,
        GRAPH_TIMEOUT_SECONDS: '2',
        JOB_LEASE_SECONDS: '3',
        JOB_SWEEP_SECONDS: '1',
      });
      for (const u of [henrik, anne, lars]) await t.post(install(u, connector.url, 'da-DK'));
      // Lars's last dialogue as Skole Syd's leader: notes about a colleague, and an agreement still open.
      const [{ id }] = await q(
        `INSERT INTO dialogues (request_key, unit_id, contract_holder_id, department_head_id, director_id, status, starts_at, ends_at, agenda, notes, created_by_id, outcome_recorded_at)
       VALUES ('carry-over', 'skole-syd', $1, $2, $3, 'outcomeRecorded', now() - interval '40 days', now() - interval '40 days' + interval '1 hour',
               '{"openAgreements": [], "clusters": []}', $4, $2, now() - interval '39 days') RETURNING id`,
        [P.lars, P.henrik, P.mette, JSON.stringify({ operations: NOTE })],
      );
      oldDialogueId = id;
      await q(
        `INSERT INTO dialogue_agreements (dialogue_id, text, owner_id, due_on) VALUES ($1, $2, $3, current_date + 20)`,
        [oldDialogueId, AGREEMENT, P.lars],
      );
      // Anne takes over as the unit's leader.
      const org = await readOrganisation(path.resolve('config/demo-org.json'));
      const skole = org.units.find((u) => u.id === 'skole-syd')!;
      skole.leader = 'anne.soerensen@kommune.example';
      await importOrganisation(t.app.database.pool, org, { 'demo-dus-admins': ['admin'] });
    }, 120_000);
    afterAll(async () => {
      await t?.stop();
      await graph?.stop();
      await connector?.stop();
    });

    it('puts the open agreement, and not the notes, on the new dialogue’s agenda and in its invitation', async () => {
      let day = addDays(localDate(new Date(), TZ), 7);
      while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 3) day = addDays(day, 1);
      const plan = await press(t, connector, henrik, 'dialogue.plan.submit', {
        formId: crypto.randomUUID(),
        unitId: 'skole-syd',
        from: day,
        to: day,
        duration: '60',
      });
      expect(cardText(plan)).toContain('Anne Sørensen');
      const slot = plan.body.flatMap((b: any) => b.actions ?? []).find((a: any) => a.verb === 'dialogue.book');
      expect(slot.data.start).toBe(localToInstant(day, '08:00', TZ).toISOString());
      expect(cardText(await press(t, connector, henrik, 'dialogue.book', slot.data))).toContain(
        'Dialogen er planlagt.',
      );
      newDialogueId = (await q('SELECT id FROM dialogues WHERE id <> $1', [oldDialogueId]))[0].id;
      const event = await until('the invitation', () => graph.events.find((e) => e.transactionId === newDialogueId));
      expect(event.body).toContain(AGREEMENT);
      expect(event.body).not.toContain(NOTE);
      expect(event.body).not.toContain('personalesag');
      const agenda = cardText(await press(t, connector, anne, 'dialogue.view', { dialogueId: newDialogueId }));
      expect(agenda).toContain(AGREEMENT);
      expect(agenda).not.toContain(NOTE);
    }, 90_000);

    it('does not show the new contract holder the earlier dialogue itself', async () => {
      const earlier = cardText(await press(t, connector, anne, 'dialogue.view', { dialogueId: oldDialogueId }));
      expect(earlier).not.toContain(NOTE);
      expect(earlier).not.toContain(AGREEMENT);
    });
  },
);
