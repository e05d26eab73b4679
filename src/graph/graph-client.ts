import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type { GraphConfig } from '../config.js';
import { federatedAppCredential } from '../lib/managed-identity.js';
import { createThrottle, type Throttle } from '../lib/throttle.js';

/**
 * Graph's limits, applied to every single attempt (the retry handler's too): at most 4 requests per
 * second to one team, 30 channel creations per second in the tenant. The window has a little slack so
 * network jitter cannot squeeze a fifth request into Graph's second.
 */
const PER_TEAM = { max: 4, windowMs: 1_100 };
const CREATIONS = { max: 30, windowMs: 1_100 };
/**
 * Adding members to one team: "For best results, stagger calls with a 2 second buffer" (team-post-members).
 * A quarter second of slack, so that delays on the way cannot bring two adds closer than 2 s at Graph.
 * Other calls to the team keep PER_TEAM.
 */
export const TEAM_MEMBER_ADD_SPACING_MS = 2_250;

function throttleHandler(throttle: Throttle) {
  let next: Middleware | undefined;
  const handler: Middleware & { setNext(n: Middleware): void } = {
    async execute(context: Context) {
      const url = typeof context.request === 'string' ? context.request : context.request.url;
      const team = /\/teams\/([^/?]+)/.exec(url)?.[1];
      const method = (context.options?.method ?? 'GET').toUpperCase();
      if (team && method === 'POST' && /\/teams\/[^/]+\/channels(\?|$)/.test(url))
        await throttle.take('tenant:channel-create', CREATIONS.max, CREATIONS.windowMs);
      if (team && method === 'POST' && /\/teams\/[^/]+\/members(\?|$)/.test(url))
        await throttle.take(`team-member-add:${decodeURIComponent(team)}`, 1, TEAM_MEMBER_ADD_SPACING_MS);
      if (team) await throttle.take(`team:${decodeURIComponent(team)}`, PER_TEAM.max, PER_TEAM.windowMs);
      await next!.execute(context);
    },
    setNext(n: Middleware) {
      next = n;
    },
  };
  return handler;
}

/** Gives every single attempt (the retry handler's too) its own time limit. */
function timeoutHandler(ms: number) {
  let next: Middleware | undefined;
  const handler: Middleware & { setNext(n: Middleware): void } = {
    async execute(context: Context) {
      context.options = { ...(context.options ?? {}), signal: AbortSignal.timeout(ms) };
      await next!.execute(context);
    },
    setNext(n: Middleware) {
      next = n;
    },
  };
  return handler;
}

/** Longest Retry-After the client waits for in place; longer waits go back to the durable job. */
const IN_PLACE_RETRY_LIMIT_S = 5;

export function credentialFor(g: GraphConfig): TokenCredential | undefined {
  switch (g.auth.kind) {
    case 'secret':
      return new ClientSecretCredential(g.auth.tenantId, g.auth.clientId, g.auth.secret);
    case 'certificate':
      return new ClientCertificateCredential(g.auth.tenantId, g.auth.clientId, {
        certificatePath: g.auth.certificatePath,
      });
    case 'federated':
      return federatedAppCredential(
        g.auth.tenantId,
        g.auth.clientId,
        g.auth.managedIdentityClientId,
        g.auth.authorityHost,
      );
    case 'managedIdentity':
      return new ManagedIdentityCredential({ clientId: g.auth.clientId });
    case 'none':
      return undefined;
  }
}

/**
 * The real Graph client. Its retry handler waits out short 429/503/504 answers (honouring Retry-After);
 * anything longer surfaces as an error so the durable job postpones itself instead of holding a worker.
 * With `auth.kind: 'none'` (a loopback stand-in in tests) no token is requested or sent.
 */
export function createGraphClient(g: GraphConfig, throttle: Throttle = createThrottle()): Client {
  const credential = credentialFor(g);
  const authProvider = credential
    ? new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] })
    : {
        getAccessToken: async () => {
          throw new Error('Graph has no credential configured');
        },
      };
  const auth = new AuthenticationHandler(authProvider);
  const retry = new RetryHandler(
    new RetryHandlerOptions(1, 2, (_delay, _attempt, _req, _opts, res) => {
      const after = Number(res?.headers?.get('retry-after') ?? '1');
      return !Number.isFinite(after) || after <= IN_PLACE_RETRY_LIMIT_S;
    }),
  );
  const timeout = timeoutHandler(g.timeoutMs);
  const limits = throttleHandler(throttle);
  auth.setNext(retry);
  retry.setNext(limits);
  limits.setNext(timeout);
  timeout.setNext(new HTTPMessageHandler());
  const url = new URL(g.baseUrl);
  return Client.initWithMiddleware({
    middleware: auth,
    // The token goes to the configured Graph host and no other; the SDK itself knows only Microsoft's hosts.
    customHosts: new Set([url.hostname]),
    baseUrl: `${url.origin}/`,
    defaultVersion: url.pathname.replace(/^\/+|\/+$/g, '') || 'v1.0',
  });
}
