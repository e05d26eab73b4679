import { describe, expect, it } from '@jest/globals';
import { ConfigurationBotFrameworkAuthentication, TurnContext } from 'botbuilder';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  connectorClientParts,
  connectorFactoryAppId,
  fromBotbuilder,
  openIdMetadataClass,
  replaceOpenIdRefresh,
  RETRY_POLICY_NAME,
  signHeaders,
  turnPipeline,
  withDates,
  type RequestSigner,
} from '../../src/bot-framework/botbuilder-internals.js';

/**
 * Contracts with botbuilder's internals (src/bot-framework/botbuilder-internals.ts): each test runs against the
 * installed botbuilder and fails when the thing the app reaches for moves or changes.
 */
const connector = fromBotbuilder('botframework-connector') as {
  ClaimsIdentity: new (claims: { type: string; value: string }[], authenticationType: string) => object;
  MicrosoftAppCredentials: new (
    appId: string,
    password: string,
  ) => RequestSigner & {
    getToken(forceRefresh?: boolean): Promise<string>;
  };
};

const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';

function factoryFor(appId: string) {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: 'not-a-real-secret',
    MicrosoftAppType: 'MultiTenant',
  });
  const identity = new connector.ClaimsIdentity(
    [
      { type: 'aud', value: appId },
      { type: 'appid', value: appId },
      { type: 'ver', value: '1.0' },
    ],
    'Bearer',
  );
  return auth.createConnectorFactory(identity as Parameters<typeof auth.createConnectorFactory>[0]);
}

describe("botbuilder's internals the app relies on (botbuilder-internals.ts)", () => {
  it('1. a connector factory knows the app id it was made for', () => {
    expect(connectorFactoryAppId(factoryFor('app-one'))).toBe('app-one');
    expect(connectorFactoryAppId(factoryFor('app-two'))).toBe('app-two');
  });

  it('2. a connector client has its service URL, credentials and the three answering methods', async () => {
    const parts = connectorClientParts(await factoryFor('app-one').create(SERVICE_URL, 'https://api.botframework.com'));
    expect(parts?.baseUri).toBe(SERVICE_URL);
    expect(typeof parts?.credentials?.signRequest).toBe('function');
    for (const method of ['replyToActivity', 'sendToConversation', 'updateActivity'] as const)
      expect(typeof parts?.conversations[method]).toBe('function');
  });

  it("3. botbuilder's credentials sign a request that has only headers.set", async () => {
    const credentials = new connector.MicrosoftAppCredentials('app-one', 'not-a-real-secret');
    credentials.getToken = async () => 'token-from-entra';
    const headers: Record<string, string> = {};
    await signHeaders(credentials, headers);
    expect(headers).toEqual({ authorization: 'Bearer token-from-entra' });
  });

  it("4. a turn's connector client has a pipeline whose retry policy has the name we remove", async () => {
    const client = await factoryFor('app-one').create(SERVICE_URL, 'https://api.botframework.com');
    const adapter = { ConnectorClientKey: Symbol('ConnectorClient') };
    const ctx = new TurnContext(adapter as never, { type: 'message' });
    ctx.turnState.set(adapter.ConnectorClientKey, client);
    const pipeline = turnPipeline(ctx) as unknown as {
      getOrderedPolicies(): { name: string }[];
      removePolicy(o: { name: string }): { name: string }[];
    };
    expect(pipeline.getOrderedPolicies().map((p) => p.name)).toContain(RETRY_POLICY_NAME);
    expect(pipeline.removePolicy({ name: RETRY_POLICY_NAME }).map((p) => p.name)).toEqual([RETRY_POLICY_NAME]);
    expect(pipeline.getOrderedPolicies().map((p) => p.name)).not.toContain(RETRY_POLICY_NAME);
  });

  it("5. our copy of validateAndFixActivity does what botbuilder's does, on every recorded activity", () => {
    const { validateAndFixActivity } = fromBotbuilder('botbuilder/lib/activityValidator.js') as {
      validateAndFixActivity(a: Record<string, unknown>): unknown;
    };
    const dir = path.resolve('test/fixtures/playground');
    const recorded = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>);
    expect(recorded.length).toBeGreaterThan(5);
    const samples = [
      ...recorded,
      { type: 'message', timestamp: '2026-12-01T09:00:00.000Z', localTimestamp: '2026-12-01T10:00:00.000+01:00' },
      { type: 'message', expiration: '2026-12-02T00:00:00Z' },
    ];
    for (const sample of samples) {
      const ours = withDates(structuredClone(sample));
      const theirs = validateAndFixActivity(structuredClone(sample));
      expect(ours).toEqual(theirs);
    }
  });

  it("6. botframework-connector's OpenIdMetadata keeps its URL and fetches through refreshCache", () => {
    const OpenIdMetadata = openIdMetadataClass() as unknown as {
      new (url: string, proxySettings?: unknown): { url: string; refreshCache(): Promise<void> };
      prototype: { refreshCache: unknown };
    };
    expect(typeof OpenIdMetadata.prototype.refreshCache).toBe('function');
    expect(new OpenIdMetadata('https://login.example/openid').url).toBe('https://login.example/openid');
  });

  it('6. a replaced refreshCache is the one every OpenIdMetadata uses, with its URL, and the first replacement stays', async () => {
    const OpenIdMetadata = openIdMetadataClass() as unknown as {
      new (url: string, proxySettings?: unknown): { url: string; refreshCache(): Promise<void> };
      prototype: { refreshCache: unknown; __guarded?: boolean };
    };
    const original = {
      refreshCache: OpenIdMetadata.prototype.refreshCache,
      guarded: OpenIdMetadata.prototype.__guarded,
    };
    try {
      delete OpenIdMetadata.prototype.__guarded;
      const seen: string[] = [];
      replaceOpenIdRefresh(async (m) => void seen.push(`first ${m.url}`));
      replaceOpenIdRefresh(async (m) => void seen.push(`second ${m.url}`));
      await new OpenIdMetadata('https://login.example/openid').refreshCache();
      expect(seen).toEqual(['first https://login.example/openid']);
    } finally {
      OpenIdMetadata.prototype.refreshCache = original.refreshCache;
      OpenIdMetadata.prototype.__guarded = original.guarded;
    }
  });
});
