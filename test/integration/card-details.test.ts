import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { weekdayAhead } from '../support/days.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { USERS, install } from '../support/activities.js';
import { press } from '../support/clusters.js';
import { seedPortfolio } from '../support/seed-portfolio.js';
import { DB_TARGETS, cardText, findAction, startTestApp, type TestApp } from '../support/test-app.js';

const { henrik, lars } = USERS;
const DAY = weekdayAhead(3, 8);

/** Small things a user reads, through the bot's HTTP endpoint as Teams would receive them. */
describe.each(DB_TARGETS)('the details of what the cards say, on %s', (target) => {
  let connector: ConnectorStandIn;
  let t: TestApp;
  const inputs = (card: unknown): any[] => {
    const out: any[] = [];
    const walk = (n: any) => {
      if (!n || typeof n !== 'object') return;
      if (Array.isArray(n)) return n.forEach(walk);
      if (typeof n.type === 'string' && n.type.startsWith('Input.')) out.push(n);
      Object.values(n).forEach(walk);
    };
    walk(card);
    return out;
  };

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    t = await startTestApp(target);
    for (const u of [henrik, lars]) await t.post(install(u, connector.url, 'da-DK'));
    const ids = await seedPortfolio(t.app.database.pool, new Date().toISOString().slice(0, 10));
    // Twelve more learnings about one trial action on two hard problems: each is listed under both.
    for (let i = 0; i < 12; i++) {
      await t.app.database.pool.query(
        `INSERT INTO learnings (submission_key, initiative_id, author_id, tried, happened, created_at) VALUES ($1, $2, $3, 'Prøvet', $4, now() - make_interval(days => $5))`,
        [`extra:${i}`, ids.I1, lars.aadObjectId, `Ekstra læring ${i}`, i + 1],
      );
    }
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it('a date field with a minimum says which dates it takes', async () => {
    const plan = await press(t, connector, henrik, 'dialogue.plan.open', {});
    const from = inputs(plan).find((i) => i.id === 'from');
    expect(from).toMatchObject({ type: 'Input.Date', isRequired: true });
    expect(from.errorMessage).toMatch(/^Vælg en dato fra \d{1,2}\. [a-zæøå]{3,4}\.? \d{4} eller senere\.$/);
  });

  it('the Ledertræf card counts learnings the same way in its total and in "more in the document"', async () => {
    const text = cardText(await press(t, connector, lars, 'digest.view', {}));
    const total = Number(/(\d+) læringer fra \d+ klynger\./.exec(text)?.[1]);
    const more = Number(/… og (\d+) læringer mere i dokumentet\./.exec(text)?.[1]);
    expect(total).toBeGreaterThan(12);
    expect(more).toBeGreaterThan(0);
    // What is listed plus what is left are the learnings in the total: none counted twice.
    const listed = new Set([...text.matchAll(/\n([^\n]+: [^\n]+)\n[^\n]+, [^\n]+, \d{1,2}\. /g)].map((m) => m[1])).size;
    expect(listed).toBeGreaterThan(0);
    expect(listed + more).toBe(total);
  });

  it('each listed dialogue has a visible "Åbn" button', async () => {
    const plan = await press(t, connector, henrik, 'dialogue.plan.submit', {
      formId: crypto.randomUUID(),
      unitId: 'skole-syd',
      from: DAY,
      to: DAY,
      duration: '60',
    });
    await press(t, connector, henrik, 'dialogue.manual', {
      ...findAction(plan, 'Planlæg på dette tidspunkt').data,
      date: DAY,
      time: '10:00',
    });
    const list = await press(t, connector, henrik, 'dialogues.list', {});
    const buttons: any[] = [];
    const walk = (n: any) => {
      if (!n || typeof n !== 'object') return;
      if (Array.isArray(n)) return n.forEach(walk);
      if (n.type === 'ActionSet') buttons.push(...n.actions);
      Object.values(n).forEach(walk);
    };
    walk(list.body);
    expect(buttons.filter((b) => b.title === 'Åbn' && b.verb === 'dialogue.view')).toHaveLength(1);
  });
});
