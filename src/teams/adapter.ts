import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { BotCredentials } from '../config.js';

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** Teams has a handful of service URLs; the bound only guards against a flood of made-up ones. */
const MAX_CLIENTS = 200;

/** A small map that forgets its oldest entry when full. */
function boundedCache<T>() {
  const entries = new Map<string, Promise<T>>();
  return (key: string, make: () => Promise<T>): Promise<T> => {
    let hit = entries.get(key);
    if (!hit) {
      if (entries.size >= MAX_CLIENTS) entries.delete(entries.keys().next().value!);
      hit = make();
      // A failed creation (a credential problem, say) is not remembered.
      hit.catch(() => entries.delete(key));
      entries.set(key, hit);
    }
    return hit;
  };
}

/**
 * botbuilder builds a new connector client (an HTTP pipeline of a dozen policies, and credentials) and a
 * new user token client for every turn: about a tenth of a turn's CPU time. They hold no per-turn state,
 * so one per app id, service URL and audience is reused. Replies and proactive sends keep separate
 * clients: proactive ones get the send pacing (wire-pacing.ts) installed in their pipeline, replies do not.
 */
class ReusingClientsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly replyClients = boundedCache<Awaited<ReturnType<ConnectorFactory['create']>>>();
  private readonly proactiveClients = boundedCache<Awaited<ReturnType<ConnectorFactory['create']>>>();
  private readonly tokenClients = boundedCache<UserTokenClient>();

  private reusing(factory: ConnectorFactory, cache: typeof this.replyClients): ConnectorFactory {
    const appId = (factory as unknown as { appId?: string }).appId ?? '';
    return { create: (serviceUrl: string, audience?: string) => cache(`${appId}|${serviceUrl}|${audience ?? ''}`, () => factory.create(serviceUrl, audience)) } as ConnectorFactory;
  }

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>) {
    const result = await super.authenticateRequest(...args);
    return result.connectorFactory ? { ...result, connectorFactory: this.reusing(result.connectorFactory, this.replyClients) } : result;
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(super.createConnectorFactory(claimsIdentity), this.proactiveClients);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = ['aud', 'appid', 'azp'].map((type) => claimsIdentity.getClaimValue(type) ?? '').join('|');
    return this.tokenClients(key, () => super.createUserTokenClient(claimsIdentity));
  }
}

/**
 * The Bot Framework adapter. With credentials every inbound request must carry a valid Bot Framework
 * token (401 otherwise); without them authentication is off, which index.ts only allows on loopback.
 */
export function createAdapter(bot: BotCredentials | undefined, logger: Logger): CloudAdapter {
  const auth = new ReusingClientsAuthentication(
    bot
      ? {
          MicrosoftAppId: bot.appId,
          MicrosoftAppPassword: bot.appPassword,
          MicrosoftAppType: bot.appType,
          MicrosoftAppTenantId: bot.tenantId,
        }
      : {},
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const ref = Math.random().toString(16).slice(2, 10);
    logger.error(
      {
        err: error,
        ref,
        activityId: context.activity.id,
        activityType: context.activity.type,
        conversationId: context.activity.conversation?.id,
        tenantId: context.activity.conversation?.tenantId,
      },
      'turn failed',
    );
    if (context.activity.type === 'message') {
      const da = `Noget gik galt hos os. Prøv igen om lidt (reference ${ref}).`;
      const en = `Something went wrong on our side. Please try again shortly (reference ${ref}).`;
      await context.sendActivity(context.activity.locale?.startsWith('en') ? en : da).catch(() => undefined);
    }
  };
  return adapter;
}
