/**
 * Tokens of the app's user-assigned managed identity, for the three things that take them: the Bot
 * Framework (botbuilder asks the identity itself, MICROSOFT_APP_TYPE=UserAssignedMSI), Microsoft Graph (the
 * Entra app signs in with the identity's token as its credential) and Azure Database for PostgreSQL (the
 * token is the password). No secret exists anywhere to leak, rotate or expire.
 *
 * - Workload identity federation, "Configure an application to trust a managed identity" (Entra docs) and
 *   Graph `application-post-federatedidentitycredentials`: the app's federated credential names the
 *   identity (issuer https://login.microsoftonline.com/<tenant>/v2.0, subject = the identity's object id,
 *   audience api://AzureADTokenExchange); the identity's token for that audience is the client assertion.
 * - Azure Database for PostgreSQL, "Connect with managed identity": the token for
 *   https://ossrdbms-aad.database.windows.net is the password of the role mapped to the identity.
 */
import {
  ClientAssertionCredential,
  ManagedIdentityCredential,
  type AccessToken,
  type TokenCredential,
} from '@azure/identity';

const RENEW_BEFORE_MS = 5 * 60_000;

/** The audience of a managed identity's token that an Entra app accepts as its credential. */
export const TOKEN_EXCHANGE_SCOPE = 'api://AzureADTokenExchange/.default';
/** Azure Database for PostgreSQL's resource. */
export const POSTGRES_SCOPE = 'https://ossrdbms-aad.database.windows.net/.default';

/** The user-assigned identity the App Service (or any Azure host) holds, by its client id. */
export function managedIdentity(clientId: string): TokenCredential {
  return new ManagedIdentityCredential({ clientId });
}

/**
 * The Entra app `appClientId` signing in with the identity's token as its assertion. The assertion is asked
 * for each time a new app token is needed (the identity's own token is cached until near its expiry), so an
 * app token is never refused because the assertion it was made from has expired.
 */
export function federatedAppCredential(
  tenantId: string,
  appClientId: string,
  identityClientId: string,
  authorityHost?: string,
): TokenCredential {
  const identity = managedIdentity(identityClientId);
  // Another cloud's sign-in host is not in the public cloud's instance list: its metadata is read from it.
  const elsewhere = authorityHost !== undefined && new URL(authorityHost).host !== PUBLIC_CLOUD_HOST;
  return new ClientAssertionCredential(
    tenantId,
    appClientId,
    async () => {
      const token = await identity.getToken(TOKEN_EXCHANGE_SCOPE);
      if (!token) throw new Error(`the managed identity ${identityClientId} gave no token for ${TOKEN_EXCHANGE_SCOPE}`);
      return token.token;
    },
    { authorityHost, disableInstanceDiscovery: elsewhere },
  );
}

const PUBLIC_CLOUD_HOST = 'login.microsoftonline.com';

/**
 * A function that returns a current token for `scope`, for a client that asks for a password on each new
 * connection. The credential caches the token and renews it before it expires; a failure names the identity
 * and what to check, never a token.
 */
export function tokenSupplier(
  credential: TokenCredential,
  scope: string,
  identityClientId: string,
): () => Promise<string> {
  let current: AccessToken | undefined;
  return async () => {
    // A token is kept until five minutes before it expires, so opening a connection costs no round trip.
    if (current && current.expiresOnTimestamp - Date.now() > RENEW_BEFORE_MS) return current.token;
    try {
      const token = await credential.getToken(scope);
      if (!token) throw new Error('no token');
      current = token;
      return token.token;
    } catch (err) {
      throw new Error(
        `Could not get a Microsoft Entra token for ${scope} from the managed identity ${identityClientId} ` +
          `(${(err as Error).message.split('\n')[0]}). Check that the identity is assigned to this app ` +
          '(App Service > Identity > User assigned) and that MANAGED_IDENTITY_CLIENT_ID is its client id.',
      );
    }
  };
}
