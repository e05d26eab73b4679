import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { KNOWN_VERBS } from '../../src/conversation/actions.js';
import { USERS, fixture, message, type TestUser } from '../support/activities.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { cardProblems } from '../support/card-check.js';
import { MISSION } from '../support/clusters.js';
import { P, seedPortfolio } from '../support/seed-portfolio.js';
import { DB_TARGETS, cardText, startTestApp, type TestApp } from '../support/test-app.js';

/** A recorded message-extension invoke from the Playground, sent as `u`. */
function invoke(name: string, file: string, u: TestUser, value: unknown, locale = 'da-DK'): any {
  const a = fixture(file);
  a.id = randomUUID();
  a.serviceUrl = 'http://127.0.0.1:9/';
  a.locale = locale;
  a.from = { id: u.id, name: u.name, aadObjectId: u.aadObjectId };
  a.conversation = { ...a.conversation, id: u.conversationId };
  a.name = name;
  a.value = value;
  return a;
}

describe.each(DB_TARGETS)('the message extension on %s', (target) => {
  let t: TestApp;
  let ids: Record<string, string>;
  const { henrik, lars } = USERS;

  beforeAll(async () => {
    t = await startTestApp(target);
    ids = await seedPortfolio(t.app.database.pool, '2026-11-01');
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** What a user sees in the compose box: the preview titles, in order, and the cards behind them. */
  const search = async (
    text: string,
    extra: { kind?: string; track?: string; count?: number; skip?: number } = {},
    u = lars,
    locale = 'da-DK',
  ) => {
    const parameters = [{ name: 'query', value: text }];
    if (extra.kind) parameters.push({ name: 'kind', value: extra.kind });
    if (extra.track) parameters.push({ name: 'track', value: extra.track });
    const started = Date.now();
    const res = await t.post(
      invoke(
        'composeExtension/query',
        'invoke-compose-extension-query.json',
        u,
        { commandId: 'search', parameters, queryOptions: { skip: extra.skip ?? 0, count: extra.count ?? 25 } },
        locale,
      ),
    );
    expect(res.status).toBe(200);
    // Teams gives an invoke five seconds; the answer is in this HTTP body.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.body.composeExtension.type).toBe('result');
    const attachments = res.body.composeExtension.attachments as any[];
    return {
      titles: attachments.map((a) => a.preview.content.title as string),
      cards: attachments.map((a) => a.content),
      attachments,
    };
  };

  it('finds missions, clusters and initiatives by a word as it is being typed', async () => {
    const { titles, cards } = await search('fritid');
    expect(titles).toEqual(
      expect.arrayContaining([
        'Flere unge i fritidsjob',
        'Trivsel i fritiden',
        'Fritidsjob via foreninger',
        'Fritidspas',
      ]),
    );
    expect(titles).toHaveLength(4);
    for (const card of cards) expect(cardProblems(card, KNOWN_VERBS)).toEqual([]);
    // Fritidspas is a prøvehandling, and says so (not the search's generic "Indsats").
    expect(cardText(cards[titles.indexOf('Fritidspas')])).toContain(
      'Prøvehandling · Fælles ansvar for en bæredygtig velfærd · Evalueres',
    );
    expect(cardText(cards[titles.indexOf('Fritidspas')])).toContain('Klynge: Trivsel i fritiden');
    expect((await search('trivs')).titles).toEqual(['Trivsel i fritiden']);
  });

  it('finds Danish inflections of a whole word (stemming), and never a declined proposal', async () => {
    // "kantinen" and "kantine" share a stem; "Ny kantine" was declined, so only the initiative shows.
    expect((await search('kantinen')).titles).toEqual(['Grøn kantine']);
    expect((await search('kantiner')).titles).toEqual(['Grøn kantine']);
  });

  it('ranks a title match above a match in the text below it', async () => {
    const formId = randomUUID();
    await t.post({
      ...invoke('adaptiveCard/action', 'invoke-adaptive-card-action.json', henrik, {}),
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'propose.submit',
          data: {
            verb: 'propose.submit',
            formId,
            ...MISSION,
            title: 'Sommerferie for alle',
            ambition: 'Alle børn får en god sommer, også med et fritidspas fra kommunen.',
          },
        },
      },
    });
    const { titles } = await search('fritidspas');
    expect(titles).toEqual(['Fritidspas', 'Sommerferie for alle']);
  });

  it('narrows by kind and track, from the command parameters or typed inline', async () => {
    expect((await search('fritid', { kind: 'cluster' })).titles).toEqual(['Trivsel i fritiden']);
    expect((await search('type:klynge fritid')).titles).toEqual(['Trivsel i fritiden']);
    const green = await search('grøn', { track: 'workplace' });
    expect(green.titles.sort()).toEqual(['Grøn arbejdsplads', 'Grøn kantine', 'Grønne vaner']);
    expect((await search('grøn spor:welfare')).titles).toEqual([]);
    expect((await search('fritid type:indsats')).titles.sort()).toEqual(['Fritidsjob via foreninger', 'Fritidspas']);
  });

  it('shows what changed last when the box opens empty, a page at a time', async () => {
    const first = await search('', { count: 3 });
    expect(first.titles).toHaveLength(3);
    expect(first.titles[0]).toBe('Sommerferie for alle');
    const next = await search('', { count: 3, skip: 3 });
    expect(next.titles).toHaveLength(3);
    expect(next.titles.some((x) => first.titles.includes(x))).toBe(false);
  });

  it('never searches dialogue content, which only its participants may read', async () => {
    await t.app.database.pool.query(
      `INSERT INTO dialogues (request_key, unit_id, contract_holder_id, department_head_id, director_id, starts_at, ends_at, agenda, notes, created_by_id)
       VALUES ('me-test', 'skole-syd', $1, $2, $3, now() - interval '2 days', now() - interval '2 days' + interval '1 hour', '{}', $4, $2)`,
      [
        P.lars,
        P.henrik,
        P.mette,
        JSON.stringify({ operations: 'Fortroligt: sygefravær i indskolingen', development: 'x', shared: 'y' }),
      ],
    );
    expect((await search('sygefravær')).titles).toEqual([]);
    expect((await search('indskolingen')).titles).toEqual([]);
  });

  it('takes any text without breaking: query syntax and SQL are just words', async () => {
    for (const text of ["'); DROP TABLE missions; --", '!!! & | :* <>', 'a', 'ø'.repeat(300), 'og i på']) {
      const r = await search(text);
      expect(Array.isArray(r.titles)).toBe(true);
    }
    const { rows } = await t.app.database.pool.query('SELECT count(*)::int AS n FROM missions');
    expect(rows[0].n).toBeGreaterThan(5);
  });

  it('answers in English for an English reader', async () => {
    const { cards } = await search('fritidspas', {}, USERS.anne, 'en-US');
    expect(cardText(cards[0])).toContain('Trial action · Shared responsibility for sustainable welfare · Evaluating');
    expect(cardText(cards[0])).toContain('Open in Missionsklynger');
  });

  it('opens the proposal form from a message, prefilled with its text, and creates exactly one proposal', async () => {
    const messagePayload = {
      body: {
        contentType: 'html',
        content:
          '<p>Gratis busser til unge om sommeren.</p><p>Mange unge kan ikke komme til fritidsjob &amp; foreninger uden bus.</p>',
      },
    };
    const fetched = await t.post(
      invoke('composeExtension/fetchTask', 'invoke-compose-extension-fetch-task.json', henrik, {
        commandId: 'proposeFromMessage',
        commandContext: 'message',
        messagePayload,
      }),
    );
    expect(fetched.status).toBe(200);
    const task = fetched.body.task.value;
    expect(task.title).toBe('Foreslå mission ud fra beskeden');
    const card = task.card.content;
    expect(cardProblems(card, KNOWN_VERBS, { dialog: true })).toEqual([]);
    const input = (id: string) => card.body.find((e: any) => e.id === id)?.value;
    expect(input('title')).toBe('Gratis busser til unge om sommeren.');
    expect(input('ambition')).toBe(
      'Gratis busser til unge om sommeren.\nMange unge kan ikke komme til fritidsjob & foreninger uden bus.',
    );
    const submitData = card.actions[0].data;

    // Missing choices: the dialog comes back with the message and the text kept, and nothing is created.
    const partial = {
      ...submitData,
      title: input('title'),
      ambition: input('ambition'),
      obstacles: 'Der kører ingen busser om aftenen.',
    };
    const refused = await t.post(
      invoke('composeExtension/submitAction', 'invoke-compose-extension-submit-action.json', henrik, {
        commandId: 'proposeFromMessage',
        commandContext: 'message',
        data: partial,
      }),
    );
    expect(refused.body.task.type).toBe('continue');
    expect(cardText(refused.body.task.value.card.content)).toContain('Ret venligst felterne markeret nedenfor.');
    expect(refused.body.task.value.card.content.body.find((e: any) => e.id === 'title').value).toBe(
      'Gratis busser til unge om sommeren.',
    );
    const countOf = async () =>
      (
        await t.app.database.pool.query(
          `SELECT count(*)::int AS n FROM missions WHERE title = 'Gratis busser til unge om sommeren.'`,
        )
      ).rows[0].n;
    expect(await countOf()).toBe(0);

    const complete = { ...partial, focus: 'citizens', track: 'welfare', problems: 'wellbeing,inequality' };
    const submitted = await Promise.all(
      [1, 2].map(() =>
        t.post(
          invoke('composeExtension/submitAction', 'invoke-compose-extension-submit-action.json', henrik, {
            commandId: 'proposeFromMessage',
            commandContext: 'message',
            data: complete,
          }),
        ),
      ),
    );
    for (const s of submitted) {
      expect(s.status).toBe(200);
      expect(s.body.task).toEqual({
        type: 'message',
        value: expect.stringContaining('"Gratis busser til unge om sommeren." er foreslået'),
      });
    }
    expect(await countOf()).toBe(1);
    const { rows } = await t.app.database.pool.query(
      `SELECT proposer_id, status FROM missions WHERE title = 'Gratis busser til unge om sommeren.'`,
    );
    expect(rows[0]).toEqual({ proposer_id: henrik.aadObjectId, status: 'proposed' });
  });

  it('refuses an action it does not know without creating anything', async () => {
    const recorded = fixture('invoke-compose-extension-submit-action-static-parameters.json');
    const res = await t.post(
      invoke('composeExtension/submitAction', 'invoke-compose-extension-submit-action.json', henrik, recorded.value),
    );
    expect(res.status).toBe(200);
    expect(res.body.task).toEqual({
      type: 'message',
      value: 'Den kommando kender jeg ikke. Opdatér appen, og prøv igen.',
    });
  });

  it('unfurls the app’s own mission and cluster links as cards, and leaves other links alone', async () => {
    const unfurl = async (url: string) => {
      const res = await t.post(
        invoke('composeExtension/queryLink', 'invoke-compose-extension-query-link.json', lars, { url }),
      );
      expect(res.status).toBe(200);
      return res.body.composeExtension.attachments as any[];
    };
    const mission = await unfurl(`${t.url}/missions/${ids.M1}`);
    expect(mission.map((a) => a.preview.content.title)).toEqual(['Flere unge i fritidsjob']);
    expect(cardText(mission[0].content)).toContain('Mission · Fælles ansvar for en bæredygtig velfærd · Aktiv');
    expect(mission[0].content.actions[0]).toEqual({
      type: 'Action.OpenUrl',
      title: 'Åbn i Missionsklynger',
      url: `${t.url}/missions/${ids.M1}`,
    });
    const cluster = await unfurl(`${t.url}/clusters/${ids.C3}`);
    expect(cardText(cluster[0].content)).toContain('Mission: Grøn arbejdsplads');
    expect(await unfurl(`${t.url}/missions/${ids.P3}`)).toEqual([]);
    expect(await unfurl(`${t.url}/missions/${randomUUID()}`)).toEqual([]);
    expect(await unfurl(`https://www.kommune.example/missions/${ids.M1}`)).toEqual([]);
    expect(await unfurl('not a url')).toEqual([]);
  });

  it('stays quiet when someone shares a found card or an unfurled link in the chat, and still answers words', async () => {
    const connector = await new ConnectorStandIn().start();
    try {
      for (const file of ['message-with-compose-extension-search-card.json', 'message-with-link-unfurl-card.json']) {
        const shared = fixture(file);
        shared.id = randomUUID();
        shared.serviceUrl = connector.url;
        shared.from = { id: lars.id, name: lars.name, aadObjectId: lars.aadObjectId };
        shared.conversation = { ...shared.conversation, id: lars.conversationId };
        expect((await t.post(shared)).status).toBe(200);
      }
      expect((await t.post(message(lars, 'hjælp', connector.url, 'da-DK'))).status).toBe(200);
      // Only the help card: the shared cards were for the people in the chat, not questions to the bot.
      expect(connector.messagesTo(lars.conversationId)).toHaveLength(1);
      expect(cardText(connector.cards(lars.conversationId)[0])).toContain('Det kan jeg hjælpe med');
    } finally {
      await connector.stop();
    }
  });

  it('says so, with a reference, when a search cannot be done, and searches again once it can', async () => {
    await t.app.database.pool.query('ALTER TABLE search_documents RENAME TO search_documents_away');
    try {
      const res = await t.post(
        invoke('composeExtension/query', 'invoke-compose-extension-query.json', lars, {
          commandId: 'search',
          parameters: [{ name: 'query', value: 'fritid' }],
          queryOptions: { skip: 0, count: 25 },
        }),
      );
      expect(res.status).toBe(200);
      expect(res.body.composeExtension).toEqual({
        type: 'message',
        text: expect.stringMatching(
          /^Søgningen kunne ikke gennemføres lige nu\. Prøv igen om lidt \(reference [0-9a-f]{8}\)\.$/,
        ),
      });
    } finally {
      await t.app.database.pool.query('ALTER TABLE search_documents_away RENAME TO search_documents');
    }
    expect((await search('fritid')).titles).toEqual(expect.arrayContaining(['Fritidspas', 'Trivsel i fritiden']));
  });
});
