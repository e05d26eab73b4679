import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type { GraphConfig } from '../config.js';

/** Longest Retry-After the client waits for in place; longer waits go back to the durable job. */
const IN_PLACE_RETRY_LIMIT_S = 5;

function credentialFor(g: GraphConfig): TokenCredential | undefined {
  switch (g.auth.kind) {
    case 'secret':
      return new ClientSecretCredential(g.auth.tenantId, g.auth.clientId, g.auth.secret);
    case 'certificate':
      return new ClientCertificateCredential(g.auth.tenantId, g.auth.clientId, { certificatePath: g.auth.certificatePath });
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
export function createGraphClient(g: GraphConfig): Client {
  const credential = credentialFor(g);
  const authProvider = credential
    ? new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] })
    : { getAccessToken: async () => { throw new Error('Graph has no credential configured'); } };
  const auth = new AuthenticationHandler(authProvider);
  const retry = new RetryHandler(
    new RetryHandlerOptions(1, 2, (_delay, _attempt, _req, _opts, res) => {
      const after = Number(res?.headers?.get('retry-after') ?? '1');
      return !Number.isFinite(after) || after <= IN_PLACE_RETRY_LIMIT_S;
    }),
  );
  auth.setNext(retry);
  retry.setNext(new HTTPMessageHandler());
  const url = new URL(g.baseUrl);
  return Client.initWithMiddleware({
    middleware: auth,
    baseUrl: `${url.origin}/`,
    defaultVersion: url.pathname.replace(/^\/+|\/+$/g, '') || 'v1.0',
  });
}
