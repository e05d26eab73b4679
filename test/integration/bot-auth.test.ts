import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testFolder } from '../support/template-database.js';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { teamInstall, USERS, message } from '../support/activities.js';
import { BotFrameworkStandIn } from '../support/botframework-standin.js';
import { buildOnce, startChildApp, type ChildApp } from '../support/child-app.js';
import { postJson } from '../support/test-app.js';

const APP_ID = '00000000-0000-4000-8000-00000000b07a';
const SERVICE_URL = 'http://127.0.0.1:9/connector'; // nothing is sent there: the activities below need no reply
const production = (metadataUrl: string, dataDir: string) => ({
  NODE_ENV: 'production',
  MICROSOFT_APP_ID: APP_ID,
  MICROSOFT_APP_PASSWORD: 'test-only-not-a-secret',
  MICROSOFT_APP_TENANT_ID: '4f8e2d1a-6b3c-4a5e-9d7f-0c1b2a3d4e5f',
  HOST: '127.0.0.1',
  PUBLIC_BASE_URL: 'https://missionsklynger.example.org',
  BOT_OPENID_METADATA_URL: metadataUrl,
  DATA_DIR: dataDir,
});

/** Log lines the app wrote at error level or with a stack trace. */
const errorsIn = (output: string) =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .filter((l) => JSON.parse(l).level >= 50 || l.includes('"stack"'));

describe('Bot Framework tokens in production: every refusal is a 401, and forged tokens cause no traffic', () => {
  let bf: BotFrameworkStandIn;
  let app: ChildApp | undefined;
  let dir: string;
  const post = (activity: unknown, token: string) =>
    postJson(`${app!.url}/api/messages`, activity, { authorization: `Bearer ${token}` });

  beforeAll(async () => {
    await buildOnce();
    bf = await new BotFrameworkStandIn().start();
    dir = await testFolder('mk-auth-');
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await bf?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts a genuine token, and answers forged, mis-signed and expired ones with 401 without fetching keys again', async () => {
    bf.mode = 'ok';
    app = await startChildApp(production(bf.url, path.join(dir, 'a')));
    const install = { ...teamInstall(SERVICE_URL) };
    expect((await post(install, await bf.token(APP_ID, SERVICE_URL))).status).toBe(200);
    const fetchedForGenuine = bf.requests;
    expect(fetchedForGenuine).toBe(2); // the metadata, then the key set

    const forged = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        bf.token(APP_ID, SERVICE_URL, { forge: i % 2 ? 'unknownKid' : 'strangerKey' }),
      ),
    );
    const answers = [];
    for (let i = 0; i < forged.length; i += 30)
      answers.push(
        ...(await Promise.all(
          forged.slice(i, i + 30).map((t) => post(message(USERS.henrik, 'hjælp', SERVICE_URL), t)),
        )),
      );
    expect(answers.map((a) => a.status)).toEqual(forged.map(() => 401));
    expect((await post(install, await bf.token(APP_ID, SERVICE_URL, { expiredMinutesAgo: 30 }))).status).toBe(401);
    expect((await post(install, 'not.a.jwt')).status).toBe(401);
    expect(bf.requests).toBe(fetchedForGenuine);
    const output = app.output();
    expect(errorsIn(output)).toEqual([]);
    expect(output).not.toContain('Error finding key'); // botbuilder's console.error, with the key, for each bad signature
    expect(output).toContain('activity refused: no valid Bot Framework token');
    await app.stop();
    app = undefined;
  }, 90_000);

  it('while the key service does not answer, refuses within the timeout, fetches once, and not again for a while', async () => {
    bf.mode = 'hang';
    bf.requests = 0;
    app = await startChildApp(production(bf.url, path.join(dir, 'b')));
    const tokens = await Promise.all(Array.from({ length: 20 }, () => bf.token(APP_ID, SERVICE_URL)));
    const started = Date.now();
    const answers = await Promise.all(tokens.map((t) => post(message(USERS.henrik, 'hjælp', SERVICE_URL), t)));
    expect(answers.map((a) => a.status)).toEqual(tokens.map(() => 401));
    // A 5 s timeout, not forever (a service that never answers would hold these requests to the test time limit).
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(bf.requests).toBe(1);
    // Failing now: requests in the next half minute are refused without asking again.
    bf.mode = 'fail';
    const more = await Promise.all(
      Array.from(
        { length: 100 },
        async () =>
          (await post(message(USERS.henrik, 'hjælp', SERVICE_URL), await bf.token(APP_ID, SERVICE_URL))).status,
      ),
    );
    expect(more).toEqual(more.map(() => 401));
    expect(bf.requests).toBe(1);
    expect(errorsIn(app.output())).toEqual([]);
    expect(app.output()).toContain('could not fetch the Bot Framework signing keys');
  }, 90_000);
});
