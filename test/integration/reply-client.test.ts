import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CardFactory,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  TurnContext,
  type Activity,
} from 'botbuilder';
import { ReplyError, withLeanReplies } from '../../src/bot-framework/reply-client.js';
import { ConnectorStandIn, type RecordedCall } from '../support/connector-standin.js';
import { ProxyStandIn } from '../support/proxy-standin.js';
import { USERS, message } from '../support/activities.js';
import { startTestApp } from '../support/test-app.js';

type Client = {
  conversations: {
    replyToActivity(c: string, a: string, activity: Partial<Activity>): Promise<{ id?: string }>;
    sendToConversation(c: string, activity: Partial<Activity>): Promise<{ id?: string }>;
    updateActivity(c: string, a: string, activity: Partial<Activity>): Promise<{ id?: string }>;
    getConversationMember(c: string, m: string): Promise<unknown>;
  };
  credentials: { getToken(): Promise<string> };
};

/** Connector clients as botbuilder builds them for a bot with credentials; the token is fixed (no Entra here). */
async function clients(serviceUrl: string): Promise<{ botbuilder: Client; lean: Client }> {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: 'bot-app-id',
    MicrosoftAppPassword: 'not-used',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: 'tenant-id',
  });
  const claims = [{ type: 'aud', value: 'bot-app-id' }];
  const identity = {
    claims,
    isAuthenticated: true,
    getClaimValue: (type: string) => claims.find((c) => c.type === type)?.value ?? null,
  };
  const factory = auth.createConnectorFactory(identity);
  const make = async () => {
    const client = (await factory.create(serviceUrl, 'https://api.botframework.com')) as unknown as Client;
    client.credentials.getToken = async () => 'token-from-entra';
    return client;
  };
  return { botbuilder: await make(), lean: withLeanReplies(await make()) };
}

/** What a turn sends: a card answer addressed back into the user's conversation, as sendActivity builds it. */
function answer(inbound: Partial<Activity>): Partial<Activity> {
  const card = {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: 'Tak – din mission er sendt til beslutning. Æ ø å "citat"', wrap: true }],
  };
  const reply = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  reply.timestamp = new Date('2026-12-01T10:00:00.000Z');
  return TurnContext.applyConversationReference(reply, TurnContext.getConversationReference(inbound));
}

const wire = (c: RecordedCall) => ({
  method: c.method,
  path: c.path,
  body: c.activity,
  authorization: c.headers.authorization,
  conversationHeader: c.headers['x-ms-conversation-id'],
  contentType: c.headers['content-type'],
});

describe('replies in a turn go out through plain HTTP, as botbuilder would send them', () => {
  let connector: ConnectorStandIn;
  let botbuilder: Client;
  let lean: Client;
  const inbound = () => message(USERS.anne, 'hjælp', connector.url, 'da-DK');

  beforeAll(async () => {
    connector = await new ConnectorStandIn().start();
    ({ botbuilder, lean } = await clients(connector.url));
  });
  beforeEach(() => connector.clear());
  afterAll(async () => {
    await connector?.stop();
  });

  it('sends the same request as botbuilder for a reply, a new message and an update', async () => {
    const a = inbound();
    const conversation = a.conversation.id;
    const sent: { id?: string }[] = [];
    for (const client of [botbuilder, lean]) {
      sent.push(await client.conversations.replyToActivity(conversation, a.id, answer(a)));
      sent.push(await client.conversations.sendToConversation(conversation, answer(a)));
      sent.push(
        await client.conversations.updateActivity(conversation, 'activity-7', { ...answer(a), id: 'activity-7' }),
      );
    }
    const [viaBotbuilder, viaLean] = [connector.calls.slice(0, 3).map(wire), connector.calls.slice(3).map(wire)];
    expect(viaLean).toEqual(viaBotbuilder);
    expect(viaLean[0]).toMatchObject({
      method: 'POST',
      authorization: 'Bearer token-from-entra',
      conversationHeader: conversation,
    });
    expect(viaLean[0].path).toBe(
      `/connector/v3/conversations/${encodeURIComponent(conversation)}/activities/${encodeURIComponent(a.id)}`,
    );
    expect(viaLean[0].body.attachments[0].content.body[0].text).toContain('Æ ø å "citat"');
    // The ids the connector gave back reach the caller the same way.
    expect(sent[3].id).toMatch(/^\d+$/);
    expect(sent[5].id).toBe('activity-7');
  });

  it('leaves the client’s other operations to botbuilder', async () => {
    expect(lean.conversations.getConversationMember).toBe(botbuilder.conversations.getConversationMember);
  });

  it('waits out a 429 as Retry-After says, and the user gets the answer once', async () => {
    const a = inbound();
    connector.failNext({ status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const res = await lean.conversations.replyToActivity(a.conversation.id, a.id, answer(a));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(res.id).toMatch(/^\d+$/);
    expect(connector.received).toBe(2);
    expect(connector.messagesTo(a.conversation.id)).toHaveLength(1);
  });

  it('tries again after a 502 and a 503, and gives up after the third attempt', async () => {
    const a = inbound();
    connector.failNext(
      { status: 502, headers: { 'retry-after': '0' } },
      { status: 503, headers: { 'retry-after': '0' } },
    );
    await lean.conversations.replyToActivity(a.conversation.id, a.id, answer(a));
    expect(connector.messagesTo(a.conversation.id)).toHaveLength(1);

    connector.clear();
    connector.failNext(...Array.from({ length: 3 }, () => ({ status: 503, headers: { 'retry-after': '0' } })));
    const err = await lean.conversations.replyToActivity(a.conversation.id, a.id, answer(a)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplyError);
    expect((err as ReplyError).statusCode).toBe(503);
    expect(connector.received).toBe(3);
    expect(connector.messagesTo(a.conversation.id)).toHaveLength(0);
  });

  it('does not repeat a refusal (403, 404): the error carries the status and the service’s code', async () => {
    const a = inbound();
    connector.failNext({ status: 403, body: { error: { code: 'BotDisabledByAdmin', message: 'disabled' } } });
    const err = (await lean.conversations
      .replyToActivity(a.conversation.id, a.id, answer(a))
      .catch((e: unknown) => e)) as ReplyError;
    expect(err.statusCode).toBe(403);
    expect(err.code).toBe('BotDisabledByAdmin');
    expect(err.message).toContain('403');
    expect(err.message).not.toContain('token-from-entra');
    expect(connector.received).toBe(1);

    connector.failNext({ status: 404, body: { error: { code: 'ActivityNotFoundInConversation' } } });
    const missing = (await lean.conversations
      .updateActivity(a.conversation.id, 'gone', { ...answer(a), id: 'gone' })
      .catch((e: unknown) => e)) as ReplyError;
    expect(missing).toMatchObject({ statusCode: 404, code: 'ActivityNotFoundInConversation' });
    expect(connector.received).toBe(2);
    expect(connector.calls).toHaveLength(0);
  });
});

describe('behind an outbound proxy', () => {
  it('answers through botbuilder’s pipeline, which sends the reply by way of the proxy', async () => {
    const connector = await new ConnectorStandIn().start();
    const proxy = await new ProxyStandIn().start();
    // botbuilder's pipeline reads the proxy from the environment when a client is made; the app reads it from its
    // config.
    process.env.HTTP_PROXY = proxy.url;
    const t = await startTestApp('pglite', { HTTP_PROXY: proxy.url });
    try {
      const a = message(USERS.henrik, 'hjælp', connector.url, 'da-DK');
      expect((await t.post(a)).status).toBe(200);
      expect(connector.cards(a.conversation.id)).toHaveLength(1);
      expect(proxy.forwarded).toContain(
        `${connector.url}/v3/conversations/${encodeURIComponent(a.conversation.id)}/activities/${encodeURIComponent(a.id)}`,
      );
    } finally {
      delete process.env.HTTP_PROXY;
      await t.stop();
      await proxy.stop();
      await connector.stop();
    }
  });
});
