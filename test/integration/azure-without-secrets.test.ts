import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { execute, message, teamInstall, TEAM, USERS } from '../support/activities.js';
import { AzureIdentityStandIn } from '../support/azure-identity-standin.js';
import { BotFrameworkStandIn } from '../support/botframework-standin.js';
import { buildOnce, startChildApp, type ChildApp } from '../support/child-app.js';
import { until, MISSION } from '../support/clusters.js';
import { ConnectorStandIn } from '../support/connector-standin.js';
import { GraphStandIn } from '../support/graph-standin.js';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.js';
import { postJson } from '../support/test-app.js';

const run = promisify(execFile);

/**
 * The app as infra/azure.bicep runs it: one user-assigned managed identity and no secret anywhere. The bot
 * is that identity (Azure Bot msaAppType UserAssignedMSI); Graph is the Entra app, which trusts the
 * identity through a federated credential; the database is Azure Database for PostgreSQL with Microsoft
 * Entra authentication, where the identity's login was made by the administrator's one-time command.
 * Everything outside runs as stand-ins with the services' rules (test/support/azure-identity-standin.ts,
 * private-postgres.ts), over https where the real service is https.
 */
const TENANT = '4f8e2d1a-6b3c-4a5e-9d7f-0c1b2a3d4e5f';
const IDENTITY = {
  clientId: '7d2e9c41-5a3b-4c6d-8e7f-1a2b3c4d5e6f',
  objectId: '0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e',
  name: 'missionsklynger-test-id',
};
const ENTRA_APP = '6c1f3a5e-2b4d-4e6f-8a9b-0c1d2e3f4a5b';
const DB_RESOURCE = 'https://ossrdbms-aad.database.windows.net';
const BOT_RESOURCE = 'https://api.botframework.com';
const GRAPH_RESOURCE = 'https://graph.microsoft.com';

// Without the Postgres server binaries the suite is skipped with a note; one that fails to start fails it.
// Once more after a failed start, with its words if it fails again.
const pgReady = await startPrivatePostgres().catch(() => startPrivatePostgres());
if (!pgReady)
  process.stderr.write(
    'azure-without-secrets: the Postgres server binaries (initdb, pg_ctl) are not installed; the suite is skipped\n',
  );
// The suite brings its own database server: the run against the machine's Postgres adds nothing to it.
const suite = pgReady && !process.env.TEST_DATABASE_URL ? describe : describe.skip;
if (pgReady && process.env.TEST_DATABASE_URL) await pgReady.stop();

suite('On Azure without a secret: bot, Graph and database through one managed identity', () => {
  let pgs: PrivatePostgres;
  let identity: AzureIdentityStandIn;
  let bf: BotFrameworkStandIn;
  let connector: ConnectorStandIn;
  let graph: GraphStandIn;
  let app: ChildApp | undefined;
  let dir: string;
  let env: Record<string, string>;

  const roleCli = (extra: Record<string, string> = {}) =>
    run(
      process.execPath,
      ['dist/src/cli/database-role.js', '--role', IDENTITY.name, '--object-id', IDENTITY.objectId],
      {
        env: {
          ...process.env,
          PGHOST: pgs.host,
          PGPORT: String(pgs.port),
          PGUSER: pgs.admin.user,
          PGPASSWORD: pgs.admin.password,
          ...extra,
        },
      },
    ).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );
  const post = async (activity: unknown) =>
    postJson(`${app!.url}/api/messages`, activity, {
      authorization: `Bearer ${await bf.token(IDENTITY.clientId, connector.url)}`,
    });

  beforeAll(async () => {
    await buildOnce();
    pgs = pgReady!;
    dir = mkdtempSync(path.join(os.tmpdir(), 'mk-azure-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${dir}/key.pem`,
        '-out',
        `${dir}/cert.pem`,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'pipe' },
    );
    const tls = { key: readFileSync(`${dir}/key.pem`, 'utf8'), cert: readFileSync(`${dir}/cert.pem`, 'utf8') };
    identity = await new AzureIdentityStandIn(tls).start();
    identity.identities.set(IDENTITY.clientId, IDENTITY.objectId);
    identity.federated.set(ENTRA_APP, new Set([IDENTITY.objectId]));
    bf = await new BotFrameworkStandIn().start();
    connector = await new ConnectorStandIn().start();
    graph = await new GraphStandIn(tls).start();
    graph.prepareTeam(TEAM.aadGroupId, { owners: [USERS.mette.aadObjectId] });
    // Each service accepts only the token the identity services issued for it, to this app.
    identity.onIssue = async (t) => {
      if (t.by === 'managedIdentity' && t.resource === DB_RESOURCE) await pgs.acceptToken(t.objectId!, t.token);
      if (t.by === 'managedIdentity' && t.resource === BOT_RESOURCE) connector.acceptedTokens!.add(t.token);
      if (t.by === 'entra' && t.resource === GRAPH_RESOURCE && t.clientId === ENTRA_APP)
        graph.acceptedTokens!.add(t.token);
    };
    graph.acceptedTokens = new Set();
    connector.acceptedTokens = new Set();
    env = {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      MICROSOFT_APP_TYPE: 'UserAssignedMSI',
      MICROSOFT_APP_ID: IDENTITY.clientId,
      MICROSOFT_APP_TENANT_ID: TENANT,
      MANAGED_IDENTITY_CLIENT_ID: IDENTITY.clientId,
      AAD_APP_CLIENT_ID: ENTRA_APP,
      GRAPH_CLIENT_ID: ENTRA_APP,
      GRAPH_BASE_URL: graph.url,
      AZURE_AUTHORITY_HOST: identity.authorityHost,
      NODE_EXTRA_CA_CERTS: `${dir}/cert.pem`,
      ...identity.env(),
      DATABASE_AUTH: 'entra',
      DATABASE_URL: `postgres://${IDENTITY.name}@${pgs.host}:${pgs.port}/missionsklynger`,
      BOT_OPENID_METADATA_URL: bf.url,
      PUBLIC_BASE_URL: 'https://missionsklynger.example.org',
      LINK_SECRET: 'a-test-only-link-secret-of-32-characters!',
      CLUSTER_TEAM_ID: TEAM.aadGroupId,
      JOB_POLL_SECONDS: '0.5',
      JOB_SWEEP_SECONDS: '1',
      GRAPH_TIMEOUT_SECONDS: '5',
    };
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await Promise.all([identity?.stop(), bf?.stop(), connector?.stop(), graph?.stop()]);
    await pgs?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the administrator gives the identity its login once: not an administrator, only its own database', async () => {
    const first = await roleCli();
    expect(first.out).toContain(`Created the login ${IDENTITY.name} (object id ${IDENTITY.objectId})`);
    expect(first.out).toContain('Administrator: no, may create roles: no, may create databases: no.');
    expect(first.code).toBe(0);
    const again = await roleCli();
    expect(again.out).toContain(`Kept the login ${IDENTITY.name}`);
    expect(again.code).toBe(0);
    const admin = await pgs.adminClient();
    try {
      const { rows } = await admin.query('SELECT objectid, objecttype FROM aad_principals WHERE rolname = $1', [
        IDENTITY.name,
      ]);
      expect(rows).toEqual([{ objectid: IDENTITY.objectId, objecttype: 'service' }]);
      const access = await admin.query(
        `SELECT has_database_privilege($1, 'missionsklynger', 'CONNECT') AS own, has_database_privilege($1, 'postgres', 'CONNECT') AS other`,
        [IDENTITY.name],
      );
      // postgres keeps PUBLIC's CONNECT: the server's own business.
      expect(access.rows[0]).toEqual({ own: true, other: true });
      expect(
        (await admin.query(`SELECT has_database_privilege('public', 'missionsklynger', 'CONNECT') AS p`)).rows[0].p,
      ).toBe(false);
    } finally {
      await admin.end();
    }
    const wrong = await roleCli({ PGPASSWORD: 'not-the-token' });
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/Could not set up the login: password authentication failed .*fresh token/);
  }, 120_000);

  it("starts with the identity's database token, answers through the Bot Connector with its bot token, and reaches Graph as the Entra app", async () => {
    // Azure checks a token when a sign-in begins; the stand-in server (Postgres reads a role's password then,
    // before the app has its token in hand) learns the token the identity's token service will hand out first.
    await identity.mint(IDENTITY.clientId, DB_RESOURCE);
    app = await startChildApp(env);
    // The import signs in as the app does (its stand-ins answer from this process: not execFileSync).
    await run(process.execPath, ['dist/src/cli/import-org.js', 'config/demo-org.json'], {
      env: { ...process.env, ...env },
    });
    const dbTokens = identity.tokensFor(DB_RESOURCE);
    expect(dbTokens.length).toBeGreaterThan(0);
    expect(dbTokens.every((t) => t.clientId === IDENTITY.clientId)).toBe(true);

    // The bot's reply goes out with the identity's token for the Bot Framework, and no other.
    expect((await post(message(USERS.henrik, 'hjælp', connector.url))).status).toBe(200);
    await until('the reply', () => connector.messagesTo(USERS.henrik.conversationId).length > 0);
    expect(identity.tokensFor(BOT_RESOURCE).map((t) => t.clientId)).toEqual([IDENTITY.clientId]);

    // A cluster's channel is made through Graph with the Entra app's token, got with the identity's assertion.
    expect((await post(teamInstall(connector.url))).status).toBe(200);
    const formId = crypto.randomUUID();
    expect((await post(execute(USERS.anne, 'propose.submit', { formId, ...MISSION }, connector.url))).status).toBe(200);
    const admin = await pgs.adminClient('missionsklynger');
    try {
      const missionId = (await admin.query('SELECT id FROM missions WHERE title = $1', [MISSION.title])).rows[0].id;
      expect(
        (await post(execute(USERS.mette, 'mission.decide', { missionId, decision: 'active', page: 0 }, connector.url)))
          .status,
      ).toBe(200);
      const form = {
        formId: crypto.randomUUID(),
        missionId,
        name: 'Fritidsjob',
        purpose: 'Vi samler skoler, jobcenter og foreninger om de første fritidsjob.',
      };
      expect((await post(execute(USERS.mette, 'cluster.form.submit', form, connector.url))).status).toBe(200);
      await until(
        'the cluster channel',
        () => graph.channels.find((c) => c.displayName.startsWith('Fritidsjob')),
        30_000,
      );
      expect(graph.calls.filter((c) => c.status === 401)).toEqual([]);
      const exchange = identity.issued.filter(
        (t) => t.by === 'managedIdentity' && t.resource === 'api://AzureADTokenExchange',
      );
      expect(exchange.map((t) => t.clientId)).toContain(IDENTITY.clientId);
      expect(identity.tokensFor(GRAPH_RESOURCE).map((t) => t.clientId)).toContain(ENTRA_APP);
      expect(identity.refusals).toEqual([]);

      // The app's tables are its own; the identity is no administrator.
      const owners = await admin.query(
        `SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname IN ('public', 'pgboss')`,
      );
      expect(owners.rows).toEqual([{ tableowner: IDENTITY.name }]);

      // Connections that the server closes are opened again with a token, and the app carries on.
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [IDENTITY.name]);
      expect((await post(message(USERS.lars, 'hjælp', connector.url))).status).toBe(200);
      await until('the reply after reconnecting', () => connector.messagesTo(USERS.lars.conversationId).length > 0);
    } finally {
      await admin.end();
    }
    const output = app.output();
    for (const t of identity.issued) expect(output).not.toContain(t.token);
    await app.stop();
    app = undefined;
  }, 120_000);

  it('an identity the server does not know stops the start with what to check, and shows no token', async () => {
    const stranger = await startChildApp({
      ...env,
      MANAGED_IDENTITY_CLIENT_ID: '99999999-9999-4999-8999-999999999999',
    }).then(
      async (a) => {
        await a.stop();
        return 'started';
      },
      (err: Error) => err.message,
    );
    expect(stranger).toContain(
      'Could not get a Microsoft Entra token for https://ossrdbms-aad.database.windows.net/.default from the managed identity 99999999-9999-4999-8999-999999999999',
    );
    expect(stranger).toContain('App Service > Identity > User assigned');
    for (const t of identity.issued) expect(stranger).not.toContain(t.token);
  }, 120_000);
});
