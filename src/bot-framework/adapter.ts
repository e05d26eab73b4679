import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { BotCredentials } from '../config.js';
import { connectorFactoryAppId, withDates } from './botbuilder-internals.js';
import { withLeanReplies } from './reply-client.js';
import { guardSigningKeys, signedByWrongKey } from './signing-keys.js';

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
 * clients: proactive ones get the send pacing (wire-pacing.ts) installed in their pipeline; replies
 * answer through plain HTTP (reply-client.ts).
 */
class ReusingClientsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly replyClients = boundedCache<Awaited<ReturnType<ConnectorFactory['create']>>>();
  private readonly proactiveClients = boundedCache<Awaited<ReturnType<ConnectorFactory['create']>>>();
  private readonly tokenClients = boundedCache<UserTokenClient>();

  constructor(
    config: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    /** Replies through plain HTTP (reply-client.ts); off behind an outbound proxy, which only the pipeline honours. */
    private readonly leanReplies: boolean,
  ) {
    super(config);
  }

  private reusing(
    factory: ConnectorFactory,
    cache: typeof this.replyClients,
    adapt: <T>(client: T) => T = (client) => client,
  ): ConnectorFactory {
    const appId = connectorFactoryAppId(factory);
    return {
      create: (serviceUrl: string, audience?: string) =>
        cache(`${appId}|${serviceUrl}|${audience ?? ''}`, async () =>
          adapt(await factory.create(serviceUrl, audience)),
        ),
    };
  }

  override async authenticateRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
  ) {
    let result;
    try {
      result = await super.authenticateRequest(...args);
    } catch (err) {
      // Whatever fails while a token is checked (a bad signature, a key that cannot be fetched) is a refusal:
      // botbuilder throws some of them as plain errors, which became 500s with a stack trace.
      throw Object.assign(new Error(String((err as Error)?.message ?? err).slice(0, 200)), { statusCode: 401 });
    }
    return result.connectorFactory
      ? {
          ...result,
          connectorFactory: this.reusing(
            result.connectorFactory,
            this.replyClients,
            this.leanReplies ? withLeanReplies : undefined,
          ),
        }
      : result;
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(super.createConnectorFactory(claimsIdentity), this.proactiveClients);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = ['aud', 'appid', 'azp'].map((type) => claimsIdentity.getClaimValue(type) ?? '').join('|');
    return this.tokenClients(key, () => super.createUserTokenClient(claimsIdentity));
  }
}

/** The answer to an inbound activity: 200, an invoke's own status and body, or 401 for a refused token. */
export interface TurnAnswer {
  status: number;
  body?: unknown;
}

/**
 * CloudAdapter with a lighter front door. Its process() builds zod schemas on every request to check the
 * request, the response and the body, and walks the whole activity twice: about a twentieth of a turn's
 * CPU time, for checks the HTTP layer has made already (the body is parsed and held to the activity
 * envelope, activity-envelope.ts). processParsed does the rest of what process() does.
 */
export class TeamsAdapter extends CloudAdapter {
  constructor(
    auth: ConfigurationBotFrameworkAuthentication,
    /** Tokens are checked (production): one that cannot be valid is refused before botbuilder reads it. */
    private readonly requireAuth: boolean,
  ) {
    super(auth);
  }

  async processParsed(
    body: Record<string, unknown>,
    authorization: string,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<TurnAnswer> {
    const unusable = this.requireAuth ? unusableToken(authorization) : undefined;
    if (unusable) return { status: 401, body: { error: 'Unauthorized', message: unusable } };
    try {
      const invoke = await this.processActivity(authorization, withDates(body), logic);
      return { status: invoke?.status ?? 200, body: invoke?.body };
    } catch (err) {
      // botbuilder's AuthenticationError; the adapter answers it with 401 too.
      if ((err as { statusCode?: unknown }).statusCode === 401)
        return { status: 401, body: { error: 'Unauthorized', message: (err as Error).message } };
      throw err;
    }
  }
}

/** botbuilder allows five minutes of clock skew (its JwtTokenExtractor's clockTolerance). */
const CLOCK_TOLERANCE_S = 300;

/**
 * Why a bearer token cannot be valid, read without checking its signature: not a JWT, or expired. Such a
 * token is refused at once (botbuilder would print the expiry error with its stack to stderr); the rest is
 * botbuilder's to check.
 */
export function unusableToken(authorization: string): string | undefined {
  const [header = '', payload = '', signature = '', ...rest] =
    /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1]?.split('.') ?? [];
  const decode = (part: string): Record<string, unknown> | undefined => {
    try {
      const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const head = decode(header);
  const claims = decode(payload);
  if (!head || !claims || !signature || rest.length) return 'The token is not a JWT.';
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_TOLERANCE_S < Date.now() / 1000)
    return 'The token has expired.';
  if (signedByWrongKey({ header, payload, signature, kid: head.kid }))
    return 'The token is not signed by the key it names.';
  return undefined;
}

/**
 * The Bot Framework adapter. With credentials every inbound request must carry a valid Bot Framework
 * token (401 otherwise); without them authentication is off, which index.ts only allows on loopback.
 */
export function createAdapter(bot: BotCredentials | undefined, logger: Logger, outboundProxy = false): TeamsAdapter {
  guardSigningKeys({ channelMetadataUrl: bot?.openIdMetadataUrl, warn: (obj, msg) => logger.warn(obj, msg) });
  const auth = new ReusingClientsAuthentication(
    bot
      ? {
          MicrosoftAppId: bot.appId,
          MicrosoftAppPassword: bot.appPassword,
          MicrosoftAppType: bot.appType,
          MicrosoftAppTenantId: bot.tenantId,
        }
      : {},
    !outboundProxy,
  );
  const adapter = new TeamsAdapter(auth, Boolean(bot));
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
      const locale: unknown = context.activity.locale;
      await context
        .sendActivity(typeof locale === 'string' && locale.startsWith('en') ? en : da)
        .catch(() => undefined);
    }
  };
  return adapter;
}
