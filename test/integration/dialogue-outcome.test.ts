import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, localDate } from '../../src/domain/portfolio.js';
import { runDialogueReminders } from '../../src/services/dialogue-reminders.service.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { USERS, install } from '../support/activities.js';
import { press, pressOnNotice, until } from '../support/clusters.js';
import { DB_TARGETS, cardText, findAction, startTestApp, type TestApp } from '../support/test-app.js';

const { henrik, lars, mette, anne, sofie } = USERS;
const TZ = 'Europe/Copenhagen';
const TODAY = localDate(new Date(), TZ);

describe.each(DB_TARGETS)('recording a dialogue outcome and following up its agreements, on %s', (target) => {
  let connector: ConnectorStandIn;
  let t: TestApp;
  let dialogueId: string;

  const q = async (sql: string, params: unknown[] = []) => (await t.app.database.pool.query(sql, params)).rows;
  const cardsTo = (u: typeof henrik, text: string) =>
    connector.calls.filter(
      (c) =>
        c.conversationId === u.conversationId &&
        c.activity?.attachments &&
        cardText(c.activity.attachments[0].content).includes(text),
    );
  const remind = (now: Date) => runDialogueReminders(t.app.database.pool, t.app.queue, TZ, now);

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp(target, { JOB_LEASE_SECONDS: '3', JOB_SWEEP_SECONDS: '1', DIALOGUE_OVERDUE_DAYS: '180' });
    for (const u of [henrik, lars, mette, anne, sofie]) await t.post(install(u, connector.url, 'da-DK'));
    const plan = await press(t, connector, henrik, 'dialogue.plan.submit', {
      formId: crypto.randomUUID(),
      unitId: 'skole-syd',
      from: addDays(TODAY, 1),
      to: addDays(TODAY, 10),
      duration: '60',
    });
    const save = findAction(plan, 'Planlæg på dette tidspunkt');
    await press(t, connector, henrik, 'dialogue.manual', {
      ...save.data,
      date: plan.body
        .flatMap((b: any) => b.columns ?? [])
        .flatMap((c: any) => c.items)
        .find((i: any) => i.id === 'date').value,
      time: '10:00',
    });
    dialogueId = (await q('SELECT id FROM dialogues'))[0].id;
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it('refuses an outcome before the meeting has been held', async () => {
    expect(cardText(await press(t, connector, henrik, 'dialogue.outcome.open', { dialogueId }))).toContain(
      'Udfaldet kan registreres, når mødet er holdt.',
    );
  });

  it('asks the fagchef and the contract holder for the outcome once the meeting is over, once', async () => {
    // The meeting took place yesterday: moved there instead of waiting for it.
    await q(`UPDATE dialogues SET starts_at = now() - interval '26 hours', ends_at = now() - interval '25 hours'`);
    expect((await remind(new Date(`${TODAY}T05:00:00Z`))).outcomePrompts).toBe(0); // 06:00 or 07:00 in Copenhagen: too early
    const at10 = new Date(`${TODAY}T09:00:00Z`);
    expect((await remind(at10)).outcomePrompts).toBe(2);
    expect((await remind(at10)).outcomePrompts).toBe(0);
    await until(
      'both to be asked',
      () =>
        cardsTo(henrik, 'Registrér udfaldet af dialogen med Skole Syd').length === 1 &&
        cardsTo(lars, 'Registrér udfaldet af dialogen med Skole Syd').length === 1,
    );
    expect(cardsTo(mette, 'Registrér udfaldet')).toHaveLength(0);
    expect((await q('SELECT status FROM dialogues'))[0].status).toBe('held');
  });

  it('lets only the fagchef and the contract holder record it; nobody else even sees the form', async () => {
    expect(cardText(await press(t, connector, mette, 'dialogue.outcome.open', { dialogueId }))).toContain(
      'Kun fagchefen og kontraktholderen registrerer udfaldet.',
    );
    expect(cardText(await press(t, connector, anne, 'dialogue.outcome.open', { dialogueId }))).toContain(
      'Kun fagchefen og kontraktholderen',
    );
    expect(
      cardText(
        await press(t, connector, anne, 'dialogue.outcome.submit', {
          dialogueId,
          formId: crypto.randomUUID(),
          rows: 3,
        }),
      ),
    ).toContain('Kun fagchefen og kontraktholderen');
    expect((await q('SELECT outcome_recorded_at FROM dialogues'))[0].outcome_recorded_at).toBeNull();
  });

  it('names a half-filled agreement and a missing note, and saves nothing', async () => {
    const form = await press(t, connector, lars, 'dialogue.outcome.open', { dialogueId });
    const save = findAction(form, 'Gem udfaldet');
    const bad = await press(t, connector, lars, 'dialogue.outcome.submit', {
      ...save.data,
      'note-operations': 'Driften kører.',
      'note-development': '',
      'note-shared': 'Vi er med i Unge i job.',
      'agreement-0-text': 'Ny vagtplan',
    });
    expect(cardText(bad)).toContain('Skal udfyldes.');
    expect(cardText(bad)).toContain('Udfyld hele aftalen: hvad, hvem og hvornår.');
    expect(await q('SELECT count(*)::int AS n FROM dialogue_agreements')).toEqual([{ n: 0 }]);
  });

  it('records notes and agreements once and sends the summary to all three', async () => {
    const form = await press(t, connector, lars, 'dialogue.outcome.open', { dialogueId });
    const save = findAction(form, 'Gem udfaldet');
    const fields = {
      ...save.data,
      'note-operations': 'Driften kører; sygefraværet er faldet.',
      'note-development': 'Ny læseindsats i indskolingen.',
      'note-shared': 'Skole Syd bidrager til Unge i job.',
      'agreement-0-text': 'Ny vagtplan for frikvarterer',
      'agreement-0-owner': lars.aadObjectId,
      'agreement-0-due': addDays(TODAY, 2),
      'agreement-1-text': 'Budgetopfølgning',
      'agreement-1-owner': henrik.aadObjectId,
      'agreement-1-due': addDays(TODAY, 30),
    };
    const saved = await press(t, connector, lars, 'dialogue.outcome.submit', fields);
    await press(t, connector, lars, 'dialogue.outcome.submit', fields);
    expect(cardText(saved)).toContain('Udfaldet er gemt, og referatet er sendt til jer tre.');
    expect(cardText(saved)).toContain('Ny læseindsats i indskolingen.');
    expect(await q('SELECT text, status FROM dialogue_agreements ORDER BY due_on')).toEqual([
      { text: 'Ny vagtplan for frikvarterer', status: 'open' },
      { text: 'Budgetopfølgning', status: 'open' },
    ]);
    for (const u of [henrik, lars, mette])
      await until(
        `${u.name} to get the summary`,
        () => cardsTo(u, 'Referat: kontraktholderdialog med Skole Syd').length === 1,
      );
    expect(cardsTo(anne, 'Referat')).toHaveLength(0);
    // The summary lists the topics in the agenda's order (the notes come back from jsonb in its key order).
    const summary = cardText(
      cardsTo(lars, 'Referat: kontraktholderdialog med Skole Syd')[0].activity.attachments[0].content,
    );
    const at = ['Den daglige drift', 'Udviklingsarbejdet', 'Enhedens bidrag'].map((x) => summary.indexOf(x));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(
      cardText(
        await press(t, connector, henrik, 'dialogue.outcome.submit', { ...fields, formId: crypto.randomUUID() }),
      ),
    ).toContain('Udfaldet er allerede registreret.');
    expect(cardText(await press(t, connector, anne, 'dialogue.view', { dialogueId }))).not.toContain('sygefraværet');
  });

  it('reminds the owner of an agreement due within three days, once, and carries open agreements into the next agenda', async () => {
    const tenOClock = new Date(`${TODAY}T09:00:00Z`); // 10:00 or 11:00 in Copenhagen
    expect((await remind(tenOClock)).agreementNotices).toBe(1);
    expect((await remind(tenOClock)).agreementNotices).toBe(0);
    await until('Lars to be reminded', () => cardsTo(lars, 'Aftaler med frist snart').length === 1);
    const reminder = cardsTo(lars, 'Aftaler med frist snart')[0].activity.attachments[0].content;
    expect(cardText(reminder)).toContain('Ny vagtplan for frikvarterer (Skole Syd)');
    expect(cardText(reminder)).not.toContain('Budgetopfølgning');
    const [agreement] = await q("SELECT id FROM dialogue_agreements WHERE text = 'Budgetopfølgning'");
    expect(
      cardText(await press(t, connector, anne, 'dialogue.agreement.done', { agreementId: agreement.id })),
    ).toContain('kan kun ses af deres tre deltagere');
    const action = reminder.actions[0];
    expect(cardText(await pressOnNotice(t, connector, lars, action))).toContain('Aftalen er markeret som udført.');
    const next = await press(t, connector, henrik, 'dialogue.plan.submit', {
      formId: crypto.randomUUID(),
      unitId: 'skole-syd',
      from: addDays(TODAY, 1),
      to: addDays(TODAY, 10),
      duration: '60',
    });
    const save = findAction(next, 'Planlæg på dette tidspunkt');
    const booked = await press(t, connector, henrik, 'dialogue.manual', {
      ...save.data,
      date: next.body
        .flatMap((b: any) => b.columns ?? [])
        .flatMap((c: any) => c.items)
        .find((i: any) => i.id === 'date').value,
      time: '13:00',
    });
    expect(cardText(booked)).toContain('Budgetopfølgning – Henrik Mortensen');
    expect(cardText(booked)).not.toContain('Ny vagtplan for frikvarterer');
  });

  it('shows the director the units in their area: held, planned, overdue', async () => {
    const area = cardText(await press(t, connector, mette, 'dialogues.area', {}));
    const skole = area.slice(area.indexOf('Skole Syd'), area.indexOf('Ungdomsskolen'));
    expect(skole).toContain('Seneste:');
    expect(skole).toContain('Næste:');
    expect(skole).toContain('1 holdt i perioden');
    expect(area.slice(area.indexOf('Ungdomsskolen'))).toContain(
      'Forfalden: ingen dialog de seneste 180 dage og ingen planlagt.',
    );
    expect(cardText(await press(t, connector, anne, 'dialogues.area', {}))).toContain(
      'Oversigten er for direktørerne.',
    );
  });
});
