import type pg from 'pg';

/** People of the demo organisation (config/demo-org.json), by their Entra object ids. */
export const P = {
  henrik: 'a1b2c3d4-0000-4000-8000-000000000010',
  mette: 'a1b2c3d4-0000-4000-8000-000000000011',
  lars: 'a1b2c3d4-0000-4000-8000-000000000012',
  anne: 'a1b2c3d4-0000-4000-8000-000000000013',
  peter: 'a1b2c3d4-0000-4000-8000-000000000014',
  sofie: 'a1b2c3d4-0000-4000-8000-000000000015',
};

/**
 * A portfolio with known answers, written straight into the tables (months of work in one go):
 *
 * missions  M1 welfare active · M2 workplace active · M3 welfare concluded
 *           P1, P2 proposed (40 and 10 days) · P3 declined
 * clusters  C1 (M1): Lars, Anne (Skole Syd), Sofie (Ungdomsskolen) · C2 (M1): Sofie, Peter (HR)
 *           C3 (M2): Anne, Peter · C4 (M3): Henrik
 * initiatives
 *   I1 C1 running    labour, wellbeing   Skole Syd
 *   I2 C1 idea       labour              Skole Syd, Ungdomsskolen
 *   I3 C1 stopped    inequality          Skole Syd
 *   I4 C2 evaluating wellbeing           Ungdomsskolen
 *   I5 C3 running    climate             HR og Udvikling
 *   I6 C3 scaled     climate             HR og Udvikling
 *   I7 C4 running    demography          Fagsekretariat (mission concluded: not active)
 * review decisions  I1 adjust 2 days ago · I3 stop 5 days · I6 scale 10 days · I4 continue 45 days
 * mission decisions M1 active 20 days ago · M2 active 60 days · P3 declined 3 days · M3 concluded 8 days
 * learnings L1 on I1 by Lars 3 days ago · L2 on I5 by Peter 20 days ago (with markup in it)
 *           L3 on I4 by Sofie 100 days ago
 *           L4 on I2 by Anne at 00:30 Copenhagen time on the day after `boundaryDay` (still boundaryDay in UTC)
 */
export async function seedPortfolio(pool: pg.Pool, boundaryDay: string): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const one = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows[0]?.id as string;
  const mission = async (key: string, title: string, track: string, status: string, ageDays: number) => {
    ids[key] = await one(
      `INSERT INTO missions (submission_key, title, ambition, obstacles, focus, track, problems, status, proposer_id, created_at)
       VALUES ($1, $2, 'Ambition', 'Forhindringer', 'citizens', $3, '{labour}', $4, $5, now() - make_interval(days => $6)) RETURNING id`,
      [`seed:${key}`, title, track, status, P.lars, ageDays],
    );
  };
  await mission('M1', 'Flere unge i fritidsjob', 'welfare', 'active', 120);
  await mission('M2', 'Grøn arbejdsplads', 'workplace', 'active', 120);
  await mission('M3', 'Ældre og teknologi', 'welfare', 'concluded', 300);
  await mission('P1', 'Bedre overgange fra skole til uddannelse', 'welfare', 'proposed', 40);
  await mission('P2', 'Færre sygedage i dagtilbud', 'workplace', 'proposed', 10);
  await mission('P3', 'Ny kantine', 'workplace', 'declined', 50);

  const cluster = async (key: string, name: string, missionKey: string, members: [string, string][]) => {
    ids[key] = await one(
      `INSERT INTO clusters (submission_key, mission_id, name, purpose, coordinator_id, created_by_id, next_review_on)
       VALUES ($1, $2, $3, 'Formål', $4, $5, current_date + 60) RETURNING id`,
      [`seed:${key}`, ids[missionKey], name, members[0][0], P.henrik],
    );
    for (const [person, unit] of members) {
      await pool.query('INSERT INTO cluster_members (cluster_id, person_id, unit_id) VALUES ($1, $2, $3)', [
        ids[key],
        person,
        unit,
      ]);
    }
  };
  await cluster('C1', 'Unge i job', 'M1', [
    [P.lars, 'skole-syd'],
    [P.anne, 'skole-syd'],
    [P.sofie, 'ungdomsskolen'],
  ]);
  await cluster('C2', 'Trivsel i fritiden', 'M1', [
    [P.sofie, 'ungdomsskolen'],
    [P.peter, 'hr-udvikling'],
  ]);
  await cluster('C3', 'Grønne vaner', 'M2', [
    [P.anne, 'skole-syd'],
    [P.peter, 'hr-udvikling'],
  ]);
  await cluster('C4', 'Velfærdsteknologi', 'M3', [[P.henrik, 'sekretariat-boern-unge']]);

  const initiative = async (
    key: string,
    clusterKey: string,
    title: string,
    stage: string,
    problems: string[],
    units: string[],
  ) => {
    ids[key] = await one(
      `INSERT INTO initiatives (submission_key, cluster_id, kind, title, hypothesis, problems, owner_id, unit_ids, stage, next_review_on, created_by_id)
       VALUES ($1, $2, 'trialAction', $3, 'Hypotese om det, vi forventer ændrer sig.', $4, $5, $6, $7, current_date + 30, $5) RETURNING id`,
      [`seed:${key}`, ids[clusterKey], title, problems, P.lars, units, stage],
    );
  };
  await initiative('I1', 'C1', 'Fritidsjob via foreninger', 'running', ['labour', 'wellbeing'], ['skole-syd']);
  await initiative('I2', 'C1', 'Jobmesse på skolen', 'idea', ['labour'], ['skole-syd', 'ungdomsskolen']);
  await initiative('I3', 'C1', 'Jobbank for unge', 'stopped', ['inequality'], ['skole-syd']);
  await initiative('I4', 'C2', 'Fritidspas', 'evaluating', ['wellbeing'], ['ungdomsskolen']);
  await initiative('I5', 'C3', 'Cykeldage', 'running', ['climate'], ['hr-udvikling']);
  await initiative('I6', 'C3', 'Grøn kantine', 'scaled', ['climate'], ['hr-udvikling']);
  await initiative('I7', 'C4', 'Skærmbesøg', 'running', ['demography'], ['sekretariat-boern-unge']);

  for (const c of ['C1', 'C2', 'C3']) {
    ids[`R${c}`] = await one(
      `INSERT INTO portfolio_reviews (cluster_id, trigger, due_on, closed_at, closed_by_id, room_for_new) VALUES ($1, 'cadence', current_date - 50, now() - interval '1 day', $2, true) RETURNING id`,
      [ids[c], P.anne],
    );
  }
  const decision = async (reviewKey: string, initiativeKey: string, decision: string, by: string, ageDays: number) => {
    await pool.query(
      `INSERT INTO review_decisions (review_id, initiative_id, relevant, can_cope, decision, rationale, stage_before, stage_after, decided_by_id, decided_at)
       VALUES ($1, $2, true, true, $3, 'Begrundelse', 'running', 'running', $4, now() - make_interval(days => $5))`,
      [ids[reviewKey], ids[initiativeKey], decision, by, ageDays],
    );
  };
  await decision('RC1', 'I1', 'adjust', P.anne, 2);
  await decision('RC1', 'I3', 'stop', P.anne, 5);
  await decision('RC3', 'I6', 'scale', P.peter, 10);
  await decision('RC2', 'I4', 'continue', P.sofie, 45);

  const audit = async (action: string, missionKey: string, to: string | null, ageDays: number) => {
    await pool.query(
      `INSERT INTO audit_log (at, actor_id, action, entity, entity_id, details) VALUES (now() - make_interval(days => $5), $1, $2, 'mission', $3, $4)`,
      [P.mette, action, ids[missionKey], JSON.stringify(to ? { from: 'proposed', to } : {}), ageDays],
    );
  };
  await audit('mission.decided', 'M1', 'active', 20);
  await audit('mission.decided', 'M2', 'active', 60);
  await audit('mission.decided', 'P3', 'declined', 3);
  await audit('mission.concluded', 'M3', null, 8);

  const learning = async (key: string, initiativeKey: string, by: string, at: string, happened: string) => {
    ids[key] = await one(
      `INSERT INTO learnings (submission_key, initiative_id, author_id, tried, happened, advice, created_at)
       VALUES ($1, $2, $3, 'Det prøvede vi', $4, 'Gør det igen', ${at}) RETURNING id`,
      [`seed:${key}`, ids[initiativeKey], by, happened],
    );
  };
  await learning('L1', 'I1', P.lars, `now() - interval '3 days'`, 'Fjorten unge fik job på seks uger.');
  await learning(
    'L2',
    'I5',
    P.peter,
    `now() - interval '20 days'`,
    '<script>alert(1)</script> **fed** [link](http://x.example) og # overskrift',
  );
  await learning('L3', 'I4', P.sofie, `now() - interval '100 days'`, 'Fritidspasset blev brugt af 200 børn.');
  // 00:30 in Copenhagen on the day after `boundaryDay`: still the day before in UTC.
  ids.L4 = await one(
    `INSERT INTO learnings (submission_key, initiative_id, author_id, tried, happened, created_at)
     VALUES ('seed:L4', $1, $2, 'Jobmesse', 'Messen samlede 30 virksomheder.', (($3::date + 1)::timestamp + interval '30 minutes') AT TIME ZONE 'Europe/Copenhagen') RETURNING id`,
    [ids.I2, P.anne, boundaryDay],
  );
  return ids;
}
