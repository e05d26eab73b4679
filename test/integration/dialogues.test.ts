import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { weekdayAhead } from '../support/days.js';
import { localToInstant } from '../../src/domain/local-time.js';
import { addDays } from '../../src/domain/portfolio.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { GraphStandIn } from '../support/graph-standin.js';
import { USERS, install } from '../support/activities.js';
import { press, until } from '../support/clusters.js';
import { DB_TARGETS, cardText, findAction, startTestApp, type TestApp } from '../support/test-app.js';

const { henrik, lars, sofie, mette, anne } = USERS;
const TZ = 'Europe/Copenhagen';
const EMAIL = {
  henrik: 'henrik.mortensen@kommune.example',
  lars: 'lars.nielsen@kommune.example',
  mette: 'mette.jensen@kommune.example',
  sofie: 'sofie.larsen@kommune.example',
};

/** A Tuesday at least a week ahead, so every proposed time lies in the future whatever day the suite runs. */
const DAY = weekdayAhead(2, 7, TZ);
const at = (time: string, date = DAY) => localToInstant(date, time, TZ);

describe.each(DB_TARGETS)('contract-holder dialogues scheduled through Graph, on %s', (target) => {
  let connector: ConnectorStandIn;
  let graph: GraphStandIn;
  let t: TestApp;
  let dialogueId: string;

  const q = async (sql: string, params: unknown[] = []) => (await t.app.database.pool.query(sql, params)).rows;
  const slotStarts = (card: any) =>
    JSON.stringify(card)
      .match(/"verb":"dialogue\.(?:book|move)"[^}]*?"start":"([^"]+)"/g)
      ?.map((m) => /"start":"([^"]+)"/.exec(m)![1]) ?? [];
  const plan = (unitId: string, extra: Record<string, unknown> = {}) =>
    press(t, connector, henrik, 'dialogue.plan.submit', {
      formId: crypto.randomUUID(),
      unitId,
      from: DAY,
      to: DAY,
      duration: '60',
      ...extra,
    });

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    graph = await new GraphStandIn().start();
    t = await startTestApp(target, {
      GRAPH_BASE_URL: graph.url,
      GRAPH_TIMEOUT_SECONDS: '2',
      JOB_LEASE_SECONDS: '3',
      JOB_SWEEP_SECONDS: '1',
    });
    for (const u of [henrik, lars, sofie, mette, anne]) await t.post(install(u, connector.url, 'da-DK'));
    graph.schedules.set(EMAIL.henrik, [{ start: at('08:00'), end: at('10:00'), status: 'Busy' }]);
    graph.schedules.set(EMAIL.lars, [{ start: at('10:00'), end: at('11:00'), status: 'Tentative' }]);
    graph.schedules.set(EMAIL.mette, [
      { start: at('12:00'), end: at('13:00'), status: 'Busy' },
      { start: at('00:00', addDays(DAY, 1)), end: at('00:00', addDays(DAY, 2)), status: 'Oof' },
    ]);
  });
  afterAll(async () => {
    await t?.stop();
    await graph?.stop();
    await connector?.stop();
  });

  it('offers the fagchef only the units they are department head of', async () => {
    const form = await press(t, connector, henrik, 'dialogue.plan.open', {});
    const units = JSON.stringify(form);
    expect(units).toContain('"value":"skole-syd"');
    expect(units).toContain('"value":"ungdomsskolen"');
    expect(units).not.toContain('hr-udvikling');
    expect(cardText(await press(t, connector, lars, 'dialogue.plan.open', {}))).toContain(
      'Du er ikke fagchef for nogen kontraktenhed',
    );
    const refused = await press(t, connector, henrik, 'dialogue.plan.submit', {
      formId: crypto.randomUUID(),
      unitId: 'hr-udvikling',
      from: DAY,
      to: DAY,
      duration: '60',
    });
    expect(cardText(refused)).toContain('Vælg en af mulighederne.');
  });

  it('proposes the times when all three are free, fully free ones before a tentative hold', async () => {
    const card = await plan('skole-syd');
    expect(cardText(card)).toContain('Alle tre er ledige (Henrik Mortensen, Lars Nielsen, Mette Jensen)');
    expect(slotStarts(card)).toEqual(
      [at('11:00'), at('13:00'), at('14:00'), at('15:00'), at('10:00')].map((d) => d.toISOString()),
    );
    expect(cardText(card)).toContain('en deltager har en foreløbig aftale');
    const wed = await plan('skole-syd', { from: addDays(DAY, 1), to: addDays(DAY, 1) });
    expect(cardText(wed)).toContain('Der er ingen tid i perioden, hvor alle tre er ledige');
    expect(findAction(wed, 'Planlæg på dette tidspunkt').verb).toBe('dialogue.manual');
    const getSchedule = graph.calls.filter((c) => c.path.endsWith('/calendar/getSchedule'));
    expect(getSchedule.at(-1)?.path).toBe('/v1.0/users/a1b2c3d4-0000-4000-8000-000000000010/calendar/getSchedule');
  });

  it('books the dialogue once, however often the slot is pressed, and sends one invitation with a Teams meeting', async () => {
    const card = await plan('skole-syd');
    const slot = findAction(
      card,
      JSON.parse(JSON.stringify(card))
        .body.flatMap((b: any) => b.actions ?? [])
        .find((a: any) => a.verb === 'dialogue.book').title,
    );
    const first = await press(t, connector, henrik, 'dialogue.book', slot.data);
    const again = await press(t, connector, henrik, 'dialogue.book', slot.data);
    expect(cardText(first)).toContain('Dialogen er planlagt.');
    expect(cardText(again)).toContain('Dialogen var allerede planlagt.');
    const rows = await q('SELECT id, starts_at FROM dialogues');
    expect(rows).toHaveLength(1);
    dialogueId = rows[0].id;
    expect(rows[0].starts_at.toISOString()).toBe(at('11:00').toISOString());
    await until('the invitation', () => graph.events.length === 1 && graph.events[0]);
    await until(
      'the dialogue to be ready',
      async () => (await q('SELECT calendar_state FROM dialogues'))[0].calendar_state === 'ready',
    );
    const event = graph.events[0];
    expect(event).toMatchObject({
      organizerId: henrik.aadObjectId,
      transactionId: dialogueId,
      isOnlineMeeting: true,
      start: at('11:00').toISOString(),
      end: at('12:00').toISOString(),
    });
    expect(event.attendees.sort()).toEqual([EMAIL.lars, EMAIL.mette]);
    expect(event.subject).toBe('Kontraktholderdialog: Skole Syd');
    expect(event.body).toContain('Den daglige drift');
    expect(event.body).toContain('Enhedens bidrag til fælles ledelse og udvikling');
    const view = await press(t, connector, henrik, 'dialogue.view', { dialogueId });
    expect(cardText(view)).toContain('Invitationen er sendt.');
    expect(findAction(view, 'Deltag i mødet').url).toBe(event.joinUrl);
    await until('the fagchef to hear', () =>
      connector.calls.some(
        (c) =>
          c.conversationId === henrik.conversationId &&
          c.activity?.attachments &&
          cardText(c.activity.attachments[0].content).includes('Kontraktholderdialogen med Skole Syd er i kalenderen'),
      ),
    );
  });

  it('never sends a second invitation when Graph created the event but the answer was lost, or answered 429 first', async () => {
    graph.fail(
      { method: 'POST', match: /\/events$/, status: 429, headers: { 'retry-after': '1' } },
      { method: 'POST', match: /\/events$/, lost: true },
    );
    const card = await plan('ungdomsskolen');
    const book = JSON.parse(JSON.stringify(card))
      .body.flatMap((b: any) => b.actions ?? [])
      .find((a: any) => a.verb === 'dialogue.book');
    const booked = await press(t, connector, henrik, 'dialogue.book', book.data);
    expect(cardText(booked)).toContain('Dialogen er planlagt.');
    const [row] = await q("SELECT id FROM dialogues WHERE unit_id = 'ungdomsskolen'");
    await until(
      'the second dialogue to be ready',
      async () =>
        (await q('SELECT calendar_state FROM dialogues WHERE id = $1', [row.id]))[0].calendar_state === 'ready',
      30_000,
    );
    expect(graph.pendingFaults()).toBe(0);
    expect(graph.events.filter((e) => e.transactionId === row.id)).toHaveLength(1);
    expect(graph.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/events')).length).toBeGreaterThanOrEqual(
      4,
    );
  });

  it('shows a dialogue only to its three participants, on every read', async () => {
    for (const u of [anne, sofie]) {
      expect(cardText(await press(t, connector, u, 'dialogue.view', { dialogueId }))).toContain(
        'kan kun ses af deres tre deltagere',
      );
      expect(cardText(await press(t, connector, u, 'dialogue.cancel', { dialogueId, confirm: true }))).toContain(
        'Kun enhedens fagchef',
      );
      expect(cardText(await press(t, connector, u, 'dialogue.plan.open', { dialogueId }))).toContain(
        'kan kun ses af deres tre deltagere',
      );
      expect(cardText(await press(t, connector, u, 'dialogues.list', {}))).not.toContain('Skole Syd');
    }
    for (const u of [lars, mette]) {
      const card = await press(t, connector, u, 'dialogue.view', { dialogueId });
      expect(cardText(card)).toContain('Kontraktholderdialog: Skole Syd');
      expect(JSON.stringify(card)).not.toContain('"verb":"dialogue.cancel"');
      expect(cardText(await press(t, connector, u, 'dialogues.list', {}))).toContain('Skole Syd');
    }
    expect(cardText(await press(t, connector, lars, 'dialogue.cancel', { dialogueId, confirm: true }))).toContain(
      'Kun enhedens fagchef',
    );
    expect((await q('SELECT status FROM dialogues WHERE id = $1', [dialogueId]))[0].status).toBe('scheduled');
  });

  it('moves the meeting and cancels it, in the calendar too', async () => {
    const moveCard = await press(t, connector, henrik, 'dialogue.plan.submit', {
      formId: crypto.randomUUID(),
      dialogueId,
      unitId: 'skole-syd',
      from: DAY,
      to: DAY,
      duration: '60',
    });
    const move = JSON.parse(JSON.stringify(moveCard))
      .body.flatMap((b: any) => b.actions ?? [])
      .find((a: any) => a.verb === 'dialogue.move' && a.data.start === at('14:00').toISOString());
    expect(cardText(await press(t, connector, henrik, 'dialogue.move', move.data))).toContain('Dialogen er flyttet.');
    const event = graph.events.find((e) => e.transactionId === dialogueId)!;
    await until('the event to move', () => event.start === at('14:00').toISOString());
    const confirm = await press(t, connector, henrik, 'dialogue.cancel', { dialogueId });
    expect(cardText(confirm)).toContain('Vil du aflyse dialogen?');
    expect(event.cancelled).toBe(false);
    expect(cardText(await press(t, connector, henrik, 'dialogue.cancel', { dialogueId, confirm: true }))).toContain(
      'Dialogen er aflyst.',
    );
    await until('the event to be cancelled', () => event.cancelled);
    expect(graph.events.filter((e) => e.transactionId === dialogueId)).toHaveLength(1);
    expect(cardText(await press(t, connector, henrik, 'dialogue.move', move.data))).toContain(
      'kan ikke længere ændres',
    );
  });

  /** The times a plan or move card offers for `date`, by verb, with the data to press. */
  const offered = async (date: string, dialogue?: string) => {
    const card = await plan('skole-syd', { from: date, to: date, ...(dialogue ? { dialogueId: dialogue } : {}) });
    return JSON.parse(JSON.stringify(card))
      .body.flatMap((b: any) => b.actions ?? [])
      .filter((a: any) => a.verb === (dialogue ? 'dialogue.move' : 'dialogue.book'));
  };
  const slotAt = (slots: any[], date: string, time: string) =>
    slots.find((a: any) => a.data.start === at(time, date).toISOString()).data;
  const ready = (id: string) => async () =>
    (await q('SELECT calendar_state FROM dialogues WHERE id = $1', [id]))[0].calendar_state === 'ready';
  const joinOnCard = async (id: string) =>
    JSON.parse(JSON.stringify(await press(t, connector, henrik, 'dialogue.view', { dialogueId: id }))).actions?.find(
      (a: any) => a.type === 'Action.OpenUrl',
    )?.url;

  it('keeps the Teams meeting through a lost answer and two moves, and ends as one cancelled event', async () => {
    const thursday = addDays(DAY, 2);
    // The booking's create reaches Graph but its answer is lost; its retry waits at Graph's door.
    graph.fail({ method: 'POST', match: /\/events$/, lost: true });
    const retry = graph.hold({ method: 'POST', match: /\/events$/, skip: 1 });
    const booked = await press(
      t,
      connector,
      henrik,
      'dialogue.book',
      slotAt(await offered(thursday), thursday, '08:00'),
    );
    expect(cardText(booked)).toContain('Dialogen er planlagt.');
    const [{ id }] = await q("SELECT id FROM dialogues WHERE unit_id = 'skole-syd' AND status = 'scheduled'");
    await until('the lost create', () => graph.calls.some((c) => c.method === 'POST' && c.status === -1));
    // Moved before the retry: the retry gets the first event back, at the old time.
    const move = slotAt(await offered(thursday, id), thursday, '10:00');
    expect(cardText(await press(t, connector, henrik, 'dialogue.move', move))).toContain('Dialogen er flyttet.');
    retry.release();
    const event = await until('the one event', () => graph.events.find((e) => e.transactionId === id));
    await until('the event at the new time', () => event.start === at('10:00', thursday).toISOString());
    await until('the calendar in step', ready(id));
    expect(event).toMatchObject({ isOnlineMeeting: true, end: at('11:00', thursday).toISOString() });
    expect(await joinOnCard(id)).toBe(event.joinUrl);

    const again = slotAt(await offered(thursday, id), thursday, '11:00');
    expect(cardText(await press(t, connector, henrik, 'dialogue.move', again))).toContain('Dialogen er flyttet.');
    await until('the second move', () => event.start === at('11:00', thursday).toISOString());
    await until('the calendar in step again', ready(id));
    // event-update: a move sends only what that page lists, never the body with its meeting blob.
    for (const patch of event.patches)
      expect(Object.keys(patch).sort()).toEqual(['attendees', 'end', 'start', 'subject']);
    expect(event.isOnlineMeeting).toBe(true);
    expect(event.body).toContain(event.joinUrl);
    expect(await joinOnCard(id)).toBe(event.joinUrl);

    await press(t, connector, henrik, 'dialogue.cancel', { dialogueId: id, confirm: true });
    await until('the event to be cancelled', () => event.cancelled);
    expect(graph.events.filter((e) => e.transactionId === id)).toHaveLength(1);
    expect(graph.contractProblems).toEqual([]);
  });

  it('cancels the event a lost create made, when the dialogue is cancelled before the retry', async () => {
    const friday = addDays(DAY, 3);
    graph.fail({ method: 'POST', match: /\/events$/, lost: true });
    const retry = graph.hold({ method: 'POST', match: /\/events$/, skip: 1 });
    await press(t, connector, henrik, 'dialogue.book', slotAt(await offered(friday), friday, '09:00'));
    const [{ id }] = await q("SELECT id FROM dialogues WHERE unit_id = 'skole-syd' AND status = 'scheduled'");
    await until('the lost create', () => graph.events.some((e) => e.transactionId === id));
    const cancelled = await press(t, connector, henrik, 'dialogue.cancel', { dialogueId: id, confirm: true });
    expect(cardText(cancelled)).toContain('Dialogen er aflyst.');
    retry.release();
    await until('the calendar in step', ready(id));
    expect(graph.events.filter((e) => e.transactionId === id).map((e) => e.cancelled)).toEqual([true]);
  });

  it('says so on the card when Graph answers a move without a Teams meeting, and shows no join link', async () => {
    const [{ id }] = await q("SELECT id FROM dialogues WHERE unit_id = 'ungdomsskolen' AND status = 'scheduled'");
    const event = graph.events.find((e) => e.transactionId === id)!;
    event.isOnlineMeeting = false; // someone turned the meeting off in Outlook
    const moveCard = await plan('ungdomsskolen', { dialogueId: id });
    const move = JSON.parse(JSON.stringify(moveCard))
      .body.flatMap((b: any) => b.actions ?? [])
      .find((a: any) => a.verb === 'dialogue.move' && a.data.start !== event.start);
    expect(cardText(await press(t, connector, henrik, 'dialogue.move', move.data))).toContain('Dialogen er flyttet.');
    await until('the move', () => event.start === move.data.start);
    await until('the calendar in step', ready(id));
    const card = await press(t, connector, henrik, 'dialogue.view', { dialogueId: id });
    expect(cardText(card)).toContain('har ikke længere et Teams-link');
    expect(await joinOnCard(id)).toBeUndefined();
  });
});

describe('a dialogue without Graph', () => {
  let connector: ConnectorStandIn;
  let t: TestApp;

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp('pglite', { JOB_LEASE_SECONDS: '3', JOB_SWEEP_SECONDS: '1' });
    await t.post(install(henrik, connector.url, 'da-DK'));
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it('takes a time entered by hand, keeps the dialogue, and shows that the invitation waits for Graph', async () => {
    const card = await press(t, connector, henrik, 'dialogue.plan.submit', {
      formId: crypto.randomUUID(),
      unitId: 'skole-syd',
      from: DAY,
      to: DAY,
      duration: '60',
    });
    expect(cardText(card)).toContain('Kalenderne kan ikke læses, før Microsoft Graph er sat op.');
    const save = findAction(card, 'Planlæg på dette tidspunkt');
    const late = await press(t, connector, henrik, 'dialogue.manual', { ...save.data, date: DAY, time: '15:30' });
    expect(cardText(late)).toContain(
      'Vælg et tidspunkt inden for arbejdstiden, 08:00–16:00: mødet skal begynde kl. 08:00 eller senere og slutte senest kl. 16:00.',
    );
    expect(await t.app.database.pool.query('SELECT 1 FROM dialogues')).toMatchObject({ rowCount: 0 });
    // A time that cannot be read is refused and booked at no time at all (the field has no 09:00 to fall back on).
    const unread = await press(t, connector, henrik, 'dialogue.manual', { ...save.data, date: DAY, time: 'kl. ti' });
    expect(cardText(unread)).toContain('Skriv klokkeslættet som tt:mm, fx 09:30.');
    const timeInput = (c: any) =>
      c.body
        .flatMap((b: any) => b.columns ?? [])
        .flatMap((col: any) => col.items)
        .find((i: any) => i.id === 'time');
    expect(timeInput(card)).toMatchObject({
      type: 'Input.Time',
      isRequired: true,
      errorMessage: 'Skriv et klokkeslæt mellem 08:00 og 16:00 (arbejdstiden), fx 10:00.',
    });
    expect(timeInput(card).value).toBeUndefined();
    expect(await t.app.database.pool.query('SELECT 1 FROM dialogues')).toMatchObject({ rowCount: 0 });
    const booked = await press(t, connector, henrik, 'dialogue.manual', { ...save.data, date: DAY, time: '09:30' });
    expect(cardText(booked)).toContain('Dialogen er planlagt.');
    const { rows } = await t.app.database.pool.query('SELECT id, starts_at FROM dialogues');
    expect(rows[0].starts_at.toISOString()).toBe(at('09:30').toISOString());
    await until('the invitation to wait visibly', async () =>
      cardText(await press(t, connector, henrik, 'dialogue.view', { dialogueId: rows[0].id })).includes(
        'Invitationen venter: Microsoft Graph er ikke sat op endnu.',
      ),
    );
  });
});

describe.each(DB_TARGETS)('one dialogue at a time for a unit and for each of its people, on %s', (target) => {
  let connector: ConnectorStandIn;
  let t: TestApp;
  const count = async () =>
    Number(
      (await t.app.database.pool.query(`SELECT count(*) FROM dialogues WHERE status <> 'cancelled'`)).rows[0].count,
    );
  const book = async (unitId: string, time: string, formId: string = crypto.randomUUID()) => {
    const plan = await press(t, connector, henrik, 'dialogue.plan.submit', {
      formId,
      unitId,
      from: DAY,
      to: DAY,
      duration: '60',
    });
    return press(t, connector, henrik, 'dialogue.manual', {
      ...findAction(plan, 'Planlæg på dette tidspunkt').data,
      date: DAY,
      time,
    });
  };

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp(target, { JOB_LEASE_SECONDS: '3', JOB_SWEEP_SECONDS: '1' });
    await t.post(install(henrik, connector.url, 'da-DK'));
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it('refuses a second dialogue for Skole Syd that overlaps the first, says when, and opens the first', async () => {
    const formId = crypto.randomUUID();
    expect(cardText(await book('skole-syd', '10:00', formId))).toContain('Dialogen er planlagt.');
    const again = await book('skole-syd', '10:30');
    expect(cardText(again)).toMatch(
      /Skole Syd har allerede en kontraktholderdialog, der overlapper: .+ 10\.00–11\.00\. Der kan kun være én ad gangen\./,
    );
    const first = (await t.app.database.pool.query(`SELECT id FROM dialogues`)).rows[0].id;
    expect(findAction(again, 'Åbn den planlagte dialog')).toMatchObject({
      verb: 'dialogue.view',
      data: { dialogueId: first },
    });
    expect(findAction(again, 'Vælg et andet tidspunkt').verb).toBe('dialogue.plan.open');
    expect(await count()).toBe(1);
    // A double click (the same form again) finds its own dialogue: no clash, no second one.
    expect(cardText(await book('skole-syd', '10:00', formId))).not.toContain('overlapper');
    expect(await count()).toBe(1);
    // Back to back is no overlap.
    expect(cardText(await book('skole-syd', '11:00'))).toContain('Dialogen er planlagt.');
    expect(await count()).toBe(2);
  });

  it("refuses Ungdomsskolen at a time when its fagchef and director are in Skole Syd's dialogue, naming them", async () => {
    const other = await book('ungdomsskolen', '10:15');
    expect(cardText(other)).toMatch(
      /Henrik Mortensen, Mette Jensen har allerede en kontraktholderdialog på det tidspunkt \(.+ 10\.00–11\.00\)\. Vælg et andet tidspunkt\./,
    );
    expect(await count()).toBe(2);
    expect(cardText(await book('ungdomsskolen', '13:00'))).toContain('Dialogen er planlagt.');
  });

  it('refuses to move a dialogue onto another, and takes two forms sent at the same moment one at a time', async () => {
    const { rows } = await t.app.database.pool.query(`SELECT id FROM dialogues WHERE unit_id = 'ungdomsskolen'`);
    const moved = await press(t, connector, henrik, 'dialogue.move', {
      dialogueId: rows[0].id,
      start: at('10:30').toISOString(),
      end: at('11:30').toISOString(),
    });
    expect(cardText(moved)).toContain('har allerede en kontraktholderdialog på det tidspunkt');
    // Another time for this dialogue, not a new one.
    expect(findAction(moved, 'Vælg et andet tidspunkt')).toMatchObject({
      verb: 'dialogue.plan.open',
      data: { dialogueId: rows[0].id },
    });
    const [a, b] = await Promise.all(['14:00', '14:30'].map(async (time) => book('skole-syd', time)));
    expect([cardText(a), cardText(b)].filter((x) => x.includes('Dialogen er planlagt.'))).toHaveLength(1);
    expect(await count()).toBe(4);
    // A cancelled dialogue takes no time.
    const first = (
      await t.app.database.pool.query(`SELECT id FROM dialogues WHERE unit_id = 'skole-syd' ORDER BY starts_at LIMIT 1`)
    ).rows[0].id;
    await press(t, connector, henrik, 'dialogue.cancel', { dialogueId: first, confirm: true });
    expect(cardText(await book('skole-syd', '10:00'))).toContain('Dialogen er planlagt.');
  });
});
