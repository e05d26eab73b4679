import { describe, expect, it } from '@jest/globals';
import { ConfigError, describeConfig, loadConfig } from '../../src/config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.join('\n');
    throw err;
  }
  throw new Error('expected the configuration to be refused');
};

describe('configuration', () => {
  it('runs locally without credentials: authentication off, loopback only, embedded database', () => {
    const c = loadConfig({});
    expect(c.mode).toBe('local');
    expect(c.bot).toBeUndefined();
    expect(c.host).toBe('127.0.0.1');
    expect(c.database).toEqual({ kind: 'embedded', dataDir: expect.stringMatching(/\.data$/) });
    expect(c.defaultLocale).toBe('da');
  });

  it('refuses to listen beyond loopback without credentials', () => {
    expect(problemsOf({ HOST: '0.0.0.0' })).toContain('only binds 127.0.0.1');
  });

  it('refuses to start in production without bot id, secret and tenant, naming each', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toContain('MICROSOFT_APP_ID');
    expect(problems).toContain('MICROSOFT_APP_TENANT_ID');
    expect(problems).toContain('MICROSOFT_APP_PASSWORD');
  });

  it('refuses production without an address for download links, and a managed identity without a link key', () => {
    const msi = {
      NODE_ENV: 'production',
      MICROSOFT_APP_ID: 'id',
      MICROSOFT_APP_TENANT_ID: 't',
      MICROSOFT_APP_TYPE: 'UserAssignedMSI',
    };
    expect(problemsOf(msi)).toContain('PUBLIC_BASE_URL');
    expect(problemsOf(msi)).toContain('LINK_SECRET');
    expect(problemsOf({ ...msi, PUBLIC_BASE_URL: 'https://a.example.org', LINK_SECRET: 'short' })).toContain(
      'at least 32',
    );
  });

  it('derives the link key from the bot secret, and never shows it', () => {
    const env = {
      MICROSOFT_APP_ID: 'id',
      MICROSOFT_APP_PASSWORD: 'super-secret-value',
      MICROSOFT_APP_TENANT_ID: 't',
      PUBLIC_BASE_URL: 'https://a.example.org/',
    };
    const a = loadConfig(env);
    expect(a.linkSecret).toEqual(loadConfig(env).linkSecret);
    expect(a.linkSecret).not.toEqual(loadConfig({ ...env, MICROSOFT_APP_PASSWORD: 'another-secret' }).linkSecret);
    expect(a.publicBaseUrl).toBe('https://a.example.org');
    expect(JSON.stringify(describeConfig(a))).not.toContain(a.linkSecret.toString('hex'));
  });

  it('treats given credentials as production even without NODE_ENV', () => {
    expect(problemsOf({ MICROSOFT_APP_ID: 'abc' })).toContain('MICROSOFT_APP_TENANT_ID');
  });

  it('accepts a managed identity instead of a secret', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      MICROSOFT_APP_ID: 'id',
      MICROSOFT_APP_TENANT_ID: 't',
      MICROSOFT_APP_TYPE: 'UserAssignedMSI',
      BOT_DOMAIN: 'app.example.org',
      LINK_SECRET: 'x'.repeat(32),
    });
    expect(c.mode).toBe('production');
    expect(c.bot).toMatchObject({ appId: 'id', appType: 'UserAssignedMSI' });
    expect(c.host).toBe('0.0.0.0');
  });

  it('as infra/azure.bicep sets it up: the bot is the identity, Graph the Entra app trusting it, the database takes its tokens', () => {
    const azure = {
      NODE_ENV: 'production',
      MICROSOFT_APP_ID: 'identity-client-id',
      MICROSOFT_APP_TENANT_ID: 't',
      MICROSOFT_APP_TYPE: 'UserAssignedMSI',
      GRAPH_CLIENT_ID: 'entra-app-id',
      BOT_DOMAIN: 'app.example.org',
      LINK_SECRET: 'x'.repeat(32),
      DATABASE_AUTH: 'entra',
      DATABASE_URL:
        'postgres://missionsklynger-abc123-id@pg.postgres.database.azure.com:5432/missionsklynger?sslmode=require',
    };
    const c = loadConfig(azure);
    expect(c.graph?.auth).toEqual({
      kind: 'federated',
      tenantId: 't',
      clientId: 'entra-app-id',
      managedIdentityClientId: 'identity-client-id',
      authorityHost: undefined,
    });
    expect(c.database).toEqual({
      kind: 'server',
      url: azure.DATABASE_URL,
      entra: { managedIdentityClientId: 'identity-client-id' },
    });
    expect(describeConfig(c).database).toBe(
      'Postgres server (DATABASE_URL, Microsoft Entra token of identity-client-id)',
    );
    // A password in the URL, no role, or an unencrypted connection: refused, each with what to do.
    const problems = (url: string) => {
      try {
        loadConfig({ ...azure, DATABASE_URL: url });
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };
    expect(problems('postgres://role:pw@pg.example.org/db?sslmode=require')).toEqual([
      expect.stringContaining('remove the password'),
    ]);
    expect(problems('postgres://pg.example.org/db?sslmode=require')).toEqual([
      expect.stringContaining("name the app's database role"),
    ]);
    expect(problems('postgres://role@pg.example.org/db')).toEqual([expect.stringContaining('add sslmode=require')]);
    expect(problems('postgres://role@pg.example.org/db?sslmode=disable')).toEqual([
      expect.stringContaining('add sslmode=require'),
    ]);
    expect(problems('postgres://role@127.0.0.1:5432/db')).toEqual([]);
    expect(() => loadConfig({ DATABASE_AUTH: 'entra' })).toThrow(/DATABASE_AUTH: entra needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_AUTH: 'entra', DATABASE_URL: 'postgres://role@127.0.0.1/db' })).toThrow(
      /MANAGED_IDENTITY_CLIENT_ID: required with DATABASE_AUTH=entra/,
    );
    expect(() =>
      loadConfig({
        ...azure,
        MICROSOFT_APP_TYPE: 'SingleTenant',
        MICROSOFT_APP_PASSWORD: 's',
        GRAPH_AUTH: 'federated',
        DATABASE_AUTH: 'password',
      }),
    ).toThrow(/MANAGED_IDENTITY_CLIENT_ID: required when GRAPH_AUTH=federated/);
  });

  it('never shows the secret in the start-up description', () => {
    const c = loadConfig({
      MICROSOFT_APP_ID: 'id',
      MICROSOFT_APP_PASSWORD: 'super-secret-value',
      MICROSOFT_APP_TENANT_ID: 't',
      BOT_DOMAIN: 'app.example.org',
    });
    expect(JSON.stringify(describeConfig(c))).not.toContain('super-secret-value');
  });

  it('switches to a Postgres server with DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db/x' }).database).toEqual({
      kind: 'server',
      url: 'postgres://u@db/x',
    });
  });

  it('notices an outbound proxy in either spelling (replies then keep the pipeline that honours it)', () => {
    expect(loadConfig({}).outboundProxy).toBe(false);
    expect(loadConfig({ HTTPS_PROXY: 'http://proxy.kommune.dk:8080' }).outboundProxy).toBe(true);
    expect(loadConfig({ http_proxy: 'http://proxy.kommune.dk:8080' }).outboundProxy).toBe(true);
  });

  it('maps Entra groups to roles and rejects unknown roles', () => {
    expect(loadConfig({ ROLE_GROUPS: '{"g1":"admin","g2":["director","groupManagement"]}' }).roleGroups).toEqual({
      g1: ['admin'],
      g2: ['director', 'groupManagement'],
    });
    expect(problemsOf({ ROLE_GROUPS: '{"g1":"king"}' })).toContain('ROLE_GROUPS');
  });

  it('reports every bad value at once', () => {
    const problems = problemsOf({ PORT: 'abc', DEFAULT_LOCALE: 'de', DECISION_REMINDER_DAYS: '0' });
    expect(problems).toContain('PORT');
    expect(problems).toContain('DEFAULT_LOCALE');
    expect(problems).toContain('DECISION_REMINDER_DAYS');
  });
});

describe('cluster channel type', () => {
  it('is standard by default, takes shared, and refuses private with the reason and what to choose', () => {
    expect(loadConfig({}).clusters.channelType).toBe('standard');
    expect(loadConfig({ CLUSTER_CHANNEL_TYPE: 'shared' }).clusters.channelType).toBe('shared');
    let err: unknown;
    try {
      loadConfig({ CLUSTER_CHANNEL_TYPE: 'private' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).toContain('En bot kan ikke skrive beskeder eller kort i en privat kanal');
    expect(message).toContain('Vælg "standard"');
    expect(message).toContain('"shared"');
  });
});
