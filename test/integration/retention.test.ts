import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ANONYMOUS_EXTERNAL, type RetentionRules } from '../../src/domain/retention.js';
import { runRetention } from '../../src/services/retention.service.js';
import { P, seedPortfolio } from '../support/seed-portfolio.js';
import { DB_TARGETS, startTestApp, type TestApp } from '../support/test-app.js';

/** The defaults, but external actors go five days after their mission concluded (M3 concluded eight days ago). */
const RULES: RetentionRules = {
  dialogueNotesYears: 5,
  declinedProposalsMonths: 12,
  externalsDays: 5,
  messagesDays: 90,
  auditYears: 5,
};

describe.each(DB_TARGETS)('retention of personal data, on %s', (target) => {
  let t: TestApp;
  let ids: Record<string, string>;
  const q = async (sql: string, params: unknown[] = []) => (await t.app.database.pool.query(sql, params)).rows;
  const one = async (sql: string, params: unknown[] = []) => (await q(sql, params))[0]?.id as string;
  const young: Record<string, string> = {};
  /** Everything that must survive the run, as text, to compare before and after. */
  const survivors = async () =>
    JSON.stringify([
      await q(`SELECT id, notes FROM dialogues WHERE request_key LIKE 'young%' ORDER BY id`),
      await q(`SELECT id, text FROM dialogue_agreements WHERE dialogue_id = $1`, [young.dialogue]),
      await q(`SELECT id, title FROM missions WHERE status = 'declined' AND id <> $1 ORDER BY id`, [ids.oldDeclined]),
      await q(`SELECT id, name, email FROM cluster_externals WHERE cluster_id <> $1 ORDER BY id`, [ids.C4]),
      await q(`SELECT id, payload FROM outbox WHERE id <> $1 ORDER BY id`, [ids.oldMessage]),
      await q(`SELECT id, action FROM audit_log WHERE id <> $1 AND action <> 'retention.run' ORDER BY id`, [
        ids.oldAudit,
      ]),
    ]);

  beforeAll(async () => {
    t = await startTestApp(target);
    ids = await seedPortfolio(t.app.database.pool, '2026-11-01');
    const dialogue = (key: string, yearsAgo: number) =>
      one(
        `INSERT INTO dialogues (request_key, unit_id, contract_holder_id, department_head_id, director_id, status, starts_at, ends_at, agenda, notes, created_by_id)
         VALUES ($1, 'skole-syd', $2, $3, $4, 'outcomeRecorded', now() - make_interval(years => $5), now() - make_interval(years => $5) + interval '1 hour', '{"openAgreements": [], "clusters": []}',
                 '{"operations": "Noter om driften"}', $3) RETURNING id`,
        [key, P.lars, P.henrik, P.mette, yearsAgo],
      );
    ids.oldDialogue = await dialogue('old', 6);
    young.dialogue = await dialogue('young', 4);
    for (const d of [ids.oldDialogue, young.dialogue])
      await q(
        `INSERT INTO dialogue_agreements (dialogue_id, text, owner_id, due_on) VALUES ($1, 'En aftale', $2, current_date)`,
        [d, P.lars],
      );

    const declined = (key: string, monthsAgo: number) =>
      one(
        `INSERT INTO missions (submission_key, title, ambition, obstacles, focus, track, problems, status, proposer_id, decided_at, decision_reason)
         VALUES ($1, $1, 'A', 'O', 'citizens', 'welfare', '{labour}', 'declined', $2, now() - make_interval(months => $3), 'Nej tak') RETURNING id`,
        [key, P.anne, monthsAgo],
      );
    ids.oldDeclined = await declined('Afvist for 13 måneder siden', 13);
    await q('INSERT INTO mission_supporters (mission_id, person_id) VALUES ($1, $2)', [ids.oldDeclined, P.sofie]);
    await q(`INSERT INTO follows (person_id, entity, entity_id, reason) VALUES ($1, 'mission', $2, 'supported')`, [
      P.sofie,
      ids.oldDeclined,
    ]);
    await declined('Afvist for 11 måneder siden', 11);

    for (const cluster of [ids.C1, ids.C4]) {
      await q(
        `INSERT INTO cluster_externals (cluster_id, name, organisation, email, role, added_by_id) VALUES ($1, 'Karen Ekstern', 'Idrætsforeningen', 'karen@forening.example', 'Formand', $2)`,
        [cluster, P.henrik],
      );
    }

    const message = (daysAgo: number | null) =>
      one(
        `INSERT INTO outbox (dedupe_key, person_id, payload, delivered_at) VALUES ($1, $2, '{"kind": "missionDecided", "title": "Noget om Anne"}', now() - make_interval(days => $3)) RETURNING id`,
        [`retention-test:${daysAgo}`, P.anne, daysAgo ?? 0],
      );
    ids.oldMessage = await message(100);
    await message(10);
    await q(
      `INSERT INTO outbox (dedupe_key, person_id, payload, created_at) VALUES ('retention-test:pending', $1, '{"kind": "x"}', now() - interval '200 days')`,
      [P.anne],
    );

    const audit = async (action: string, yearsAgo: number) =>
      (
        await q(
          `INSERT INTO audit_log (at, actor_id, action, entity, entity_id) VALUES (now() - make_interval(years => $3), $1, $2, 'mission', 'x') RETURNING id`,
          [P.mette, action, yearsAgo],
        )
      )[0].id as string;
    ids.oldAudit = await audit('mission.decided', 6);
    await audit('person.erased', 6);
    await audit('mission.decided', 4);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('removes or anonymises exactly what is past its time, touches nothing younger, and is safe to run twice', async () => {
    const before = await survivors();
    expect(await runRetention(t.app.database.pool, RULES)).toEqual({
      dialogueNotes: 1,
      dialogueAgreements: 1,
      declinedProposals: 1,
      externals: 1,
      messages: 1,
      auditEntries: 1,
    });

    expect(await q('SELECT notes FROM dialogues WHERE id = $1', [ids.oldDialogue])).toEqual([{ notes: null }]);
    expect(
      await q('SELECT count(*)::int AS n FROM dialogue_agreements WHERE dialogue_id = $1', [ids.oldDialogue]),
    ).toEqual([{ n: 0 }]);
    expect(await q('SELECT count(*)::int AS n FROM missions WHERE id = $1', [ids.oldDeclined])).toEqual([{ n: 0 }]);
    expect(await q('SELECT count(*)::int AS n FROM follows WHERE entity_id = $1', [ids.oldDeclined])).toEqual([
      { n: 0 },
    ]);
    expect(
      await q('SELECT count(*)::int AS n FROM mission_supporters WHERE mission_id = $1', [ids.oldDeclined]),
    ).toEqual([{ n: 0 }]);
    expect(
      await q('SELECT name, organisation, email, role FROM cluster_externals WHERE cluster_id = $1', [ids.C4]),
    ).toEqual([{ name: ANONYMOUS_EXTERNAL, organisation: 'Idrætsforeningen', email: null, role: null }]);
    expect(await q('SELECT payload FROM outbox WHERE id = $1', [ids.oldMessage])).toEqual([
      { payload: { expired: true } },
    ]);
    expect(await q('SELECT count(*)::int AS n FROM audit_log WHERE id = $1', [ids.oldAudit])).toEqual([{ n: 0 }]);
    expect(await survivors()).toBe(before);
    const [run] = await q(`SELECT actor_id, details FROM audit_log WHERE action = 'retention.run'`);
    expect(run).toEqual({
      actor_id: null,
      details: {
        dialogueNotes: 1,
        dialogueAgreements: 1,
        declinedProposals: 1,
        externals: 1,
        messages: 1,
        auditEntries: 1,
      },
    });

    expect(await runRetention(t.app.database.pool, RULES)).toEqual({
      dialogueNotes: 0,
      dialogueAgreements: 0,
      declinedProposals: 0,
      externals: 0,
      messages: 0,
      auditEntries: 0,
    });
    expect(await q(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'retention.run'`)).toEqual([{ n: 1 }]);
    expect(await survivors()).toBe(before);
  });

  it('runs every night at 03:15 Copenhagen time', async () => {
    expect(await q(`SELECT name, cron, timezone FROM pgboss.schedule WHERE name = 'privacy-retention'`)).toEqual([
      { name: 'privacy-retention', cron: '15 3 * * *', timezone: 'Europe/Copenhagen' },
    ]);
  });
});
