import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { remindOverdueDecisions } from '../../src/services/reminders.service.js';
import { enqueueOutbox, getOutbox, type OutboxRow } from '../../src/store/outbox.repository.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { USERS, install } from '../support/activities.js';
import { cardText, startTestApp, type TestApp } from '../support/test-app.js';

describe('proactive messages: durable, rate limited, retried as Teams asks', () => {
  let connector: ConnectorStandIn;
  let t: TestApp;
  const { henrik, lars, mette, peter, anne, sofie } = USERS;
  const notice = (title: string) => ({
    kind: 'missionDecided',
    missionId: 'm',
    title,
    decision: 'active',
    reason: null,
    deciderName: 'Mette Jensen',
  });
  const send = async (key: string, personId: string, title: string) => {
    const id = (await enqueueOutbox(t.app.database.pool, key, personId, notice(title)))!;
    await t.app.queue.deliverSoon([id]);
    return id;
  };

  /** The outbox row once it reaches the state the user would see, or the last state after 15 s. */
  const outboxWhen = async (id: string, done: (r: OutboxRow) => boolean): Promise<OutboxRow> => {
    const deadline = Date.now() + 15_000;
    let row = await getOutbox(t.app.database.pool, id);
    while (!(row && done(row)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      row = await getOutbox(t.app.database.pool, id);
    }
    return row!;
  };

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp('pglite');
    for (const u of [henrik, mette, peter]) await t.post(install(u, connector.url, 'da-DK'));
    await connector.waitFor(() => connector.calls.length >= 3, 5000, 'welcome cards');
  });
  beforeEach(() => connector.clear());
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it('waits for Retry-After on 429 and then delivers exactly once', async () => {
    connector.failNext({ status: 429, headers: { 'retry-after': '2' } });
    const started = Date.now();
    const id = await send('t-429', henrik.aadObjectId, 'Efter 429');
    await connector.waitFor(
      () => connector.messagesTo(henrik.conversationId).length === 1,
      15_000,
      'delivery after 429',
    );
    expect(connector.calls[0].at - started).toBeGreaterThanOrEqual(2000);
    expect(cardText(connector.cards(henrik.conversationId)[0])).toContain('Efter 429');
    // The row is marked after Teams answered, a moment after the connector saw the message.
    expect((await outboxWhen(id, (r) => Boolean(r.deliveredAt))).deliveredAt).not.toBeNull();
    await new Promise((r) => setTimeout(r, 1500));
    expect(connector.messagesTo(henrik.conversationId)).toHaveLength(1);
  });

  it('retries through 503 and 502 without losing or doubling the message', async () => {
    connector.failNext({ status: 503 }, { status: 502 }, { status: 503 }, { status: 502 });
    await send('t-503', henrik.aadObjectId, 'Efter 503');
    await connector.waitFor(
      () => connector.messagesTo(henrik.conversationId).length === 1,
      25_000,
      'delivery after 5xx',
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(connector.messagesTo(henrik.conversationId)).toHaveLength(1);
  });

  it('stops and records why when Teams says the bot may not post (403)', async () => {
    connector.failNext(
      ...Array.from({ length: 10 }, () => ({ status: 403, body: { error: { code: 'BotDisabledByAdmin' } } })),
    );
    const id = await send('t-403', henrik.aadObjectId, 'Forbudt');
    const row = await outboxWhen(id, (r) => Boolean(r.failedAt));
    expect(row.failedAt).not.toBeNull();
    expect(row.lastError).toBe('HTTP 403');
    connector.clear();
  });

  it('keeps a message for someone the bot cannot reach yet, visibly, and delivers it once they install the app', async () => {
    const id = await send('t-noref', lars.aadObjectId, 'Til Lars');
    const pool = t.app.database.pool;
    const row = await outboxWhen(id, (r) => Boolean(r.lastError));
    expect(row.lastError).toBe('no conversation with the person yet');
    expect(row.deliveredAt).toBeNull();
    await t.post(install(lars, connector.url, 'da-DK'));
    await pool.query('UPDATE outbox SET next_attempt_at = now() WHERE id = $1', [id]);
    await t.app.queue.sweep();
    await connector.waitFor(
      () => connector.cards(lars.conversationId).some((c) => cardText(c).includes('Til Lars')),
      10_000,
      'delivery after install',
    );
  });

  it('holds a burst to one conversation to 7 per second', async () => {
    const ids = [];
    for (let i = 0; i < 12; i++)
      ids.push(await enqueueOutbox(t.app.database.pool, `burst-${i}`, mette.aadObjectId, notice(`Burst ${i}`)));
    await t.app.queue.deliverSoon(ids as string[]);
    await connector.waitFor(() => connector.messagesTo(mette.conversationId).length === 12, 30_000, 'the whole burst');
    const times = connector
      .messagesTo(mette.conversationId)
      .map((c) => c.at)
      .sort((a, b) => a - b);
    for (let i = 7; i < times.length; i++) expect(times[i] - times[i - 7]).toBeGreaterThanOrEqual(1000);
  });

  it("holds Teams' limit of 30 sends a second for the app, across chats", async () => {
    // Lars installed the app in the test before; Anne and Sofie do now and are welcomed.
    for (const u of [anne, sofie]) await t.post(install(u, connector.url, 'da-DK'));
    await connector.waitFor(
      () => [anne, sofie].every((u) => connector.messagesTo(u.conversationId).length > 0),
      10_000,
      'welcome cards',
    );
    connector.clear();
    const people = [henrik, mette, peter, lars, anne, sofie];
    const ids: string[] = [];
    for (const [i, u] of people.entries())
      for (let n = 0; n < 10; n++)
        ids.push((await enqueueOutbox(t.app.database.pool, `app-${i}-${n}`, u.aadObjectId, notice(`App ${n}`)))!);
    await t.app.queue.deliverSoon(ids);
    await connector.waitFor(() => connector.calls.length === 60, 30_000, 'all 60 messages');
    const times = connector.calls.map((c) => c.at).sort((a, b) => a - b);
    // msteams-docs bots/how-to/rate-limit: "The global limit per app per tenant is 30 Requests Per Second".
    for (let i = 30; i < times.length; i++) expect(times[i] - times[i - 30]).toBeGreaterThanOrEqual(1000);
  });

  it('holds the 1,800-per-hour limit: a chat that had 1,800 messages this hour waits for the oldest to leave it', async () => {
    // 1,800 sends to Peter's chat from 59 minutes ago until 2 minutes ago: under every shorter window.
    await t.app.database.pool.query(
      `INSERT INTO send_log (conversation_id, at)
       SELECT $1, now() - interval '59 minutes' + g * interval '1.9 seconds' FROM generate_series(0, 1799) g`,
      [peter.conversationId],
    );
    const id = await send('hour-1801', peter.aadObjectId, 'Nr. 1801 i timen');
    const row = await outboxWhen(id, (r) => r.lastError === 'rate limit for the conversation');
    expect(row.lastError).toBe('rate limit for the conversation');
    // The oldest of the 1,800 leaves the hour about a minute from now: not before.
    expect(row.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(50_000);
    expect(row.deliveredAt).toBeNull();
    expect(connector.messagesTo(peter.conversationId)).toHaveLength(0);
    await t.app.database.pool.query('DELETE FROM send_log WHERE conversation_id = $1', [peter.conversationId]);
  });

  it('reminds every decider once about proposals left unanswered, however often the job runs', async () => {
    const pool = t.app.database.pool;
    const scheduler = t.app.queue;
    await pool.query(
      `INSERT INTO missions (submission_key, title, ambition, obstacles, focus, track, problems, proposer_id, created_at)
       VALUES ('old-1', 'Gammelt forslag', 'a', 'b', 'citizens', 'welfare', '{climate}', $1, now() - interval '20 days'),
              ('new-1', 'Nyt forslag', 'a', 'b', 'citizens', 'welfare', '{climate}', $1, now() - interval '2 days')`,
      [henrik.aadObjectId],
    );
    const first = await remindOverdueDecisions(pool, scheduler, 14);
    const second = await remindOverdueDecisions(pool, scheduler, 14);
    expect(first).toEqual({ missions: 1, recipients: 3, proposers: 1 });
    expect(second).toEqual({ missions: 0, recipients: 0, proposers: 0 });
    const answerCard = () =>
      connector.cards(henrik.conversationId).find((c) => cardText(c).includes('Dit forslag venter stadig'));
    await connector.waitFor(
      () =>
        connector.cards(mette.conversationId).length === 1 &&
        connector.cards(peter.conversationId).length === 1 &&
        answerCard() !== undefined,
      10_000,
      'reminders',
    );
    const text = cardText(connector.cards(mette.conversationId)[0]);
    expect(text).toContain('Forslag venter på en beslutning');
    expect(text).toContain('Gammelt forslag');
    expect(text).not.toContain('Nyt forslag');
    // The proposer hears that the deadline has passed and by when to expect a decision: the next reminder, in
    // 28 days from the proposal (8 days from now).
    const expected = new Intl.DateTimeFormat('da-DK', { dateStyle: 'medium', timeZone: 'Europe/Copenhagen' }).format(
      new Date(Date.now() + 8 * 86_400_000),
    );
    const told = cardText(answerCard());
    expect(told).toContain('"Gammelt forslag" har ventet længere end svarfristen på 14 dage.');
    expect(told).toContain(`forvente en beslutning senest ${expected}`);
    // Fourteen days later the same proposal is mentioned again.
    const later = await remindOverdueDecisions(pool, scheduler, 14, new Date(Date.now() + 14 * 86_400_000));
    expect(later.missions).toBe(2);
  });
});
