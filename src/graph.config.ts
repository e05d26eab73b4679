/** Microsoft Graph settings: which credential, where, how long an attempt may take. */
import type { Env } from './env.js';

export type GraphAuth =
  | { kind: 'secret'; tenantId: string; clientId: string; secret: string }
  | { kind: 'certificate'; tenantId: string; clientId: string; certificatePath: string }
  /**
   * The Entra app (`clientId`, the one whose Graph and RSC permissions the admin granted) signs in with a
   * token of the user-assigned managed identity as its credential (a federated identity credential on the
   * app trusts the identity): no secret exists to leak or expire.
   */
  | { kind: 'federated'; tenantId: string; clientId: string; managedIdentityClientId: string; authorityHost?: string }
  /** The managed identity itself (its own Graph application permissions; RSC does not apply to it). */
  | { kind: 'managedIdentity'; clientId: string }
  /** Only for a Graph stand-in on loopback http (tests, local trials): no token is requested. */
  | { kind: 'none' };

export interface GraphConfig {
  baseUrl: string;
  auth: GraphAuth;
  timeoutMs: number;
}

/** Graph credentials default to the bot's own registration; a loopback http base URL needs none. */
export function graphConfig(
  e: Env,
  managedIdentityClientId: string | undefined,
  problems: string[],
): GraphConfig | undefined {
  const tenantId = e.GRAPH_TENANT_ID ?? e.MICROSOFT_APP_TENANT_ID;
  const clientId = e.GRAPH_CLIENT_ID ?? e.MICROSOFT_APP_ID;
  const secret = e.GRAPH_CLIENT_SECRET ?? e.MICROSOFT_APP_PASSWORD;
  // With the bot on a managed identity, Graph is the Entra app (GRAPH_CLIENT_ID) trusting that identity.
  const onIdentity = e.MICROSOFT_APP_TYPE === 'UserAssignedMSI' || Boolean(e.MANAGED_IDENTITY_CLIENT_ID);
  const kind =
    e.GRAPH_AUTH ??
    (e.GRAPH_CERTIFICATE_PATH
      ? 'certificate'
      : secret
        ? 'secret'
        : onIdentity && e.GRAPH_CLIENT_ID && e.GRAPH_CLIENT_ID !== managedIdentityClientId
          ? 'federated'
          : onIdentity && clientId
            ? 'managedIdentity'
            : undefined);
  const url = new URL(e.GRAPH_BASE_URL);
  const baseUrl = e.GRAPH_BASE_URL;
  const timeoutMs = e.GRAPH_TIMEOUT_SECONDS * 1000;
  if (!kind)
    return url.protocol === 'http:' && isLoopback(url.hostname)
      ? { baseUrl, timeoutMs, auth: { kind: 'none' } }
      : undefined;
  if (url.protocol !== 'https:')
    problems.push('GRAPH_BASE_URL: must be https when Graph credentials are given (tokens never travel in clear text)');
  if (kind === 'managedIdentity') {
    if (!clientId) problems.push("GRAPH_CLIENT_ID: required for managed identity (the identity's client id)");
    return clientId ? { baseUrl, timeoutMs, auth: { kind, clientId } } : undefined;
  }
  if (kind === 'federated') {
    if (!tenantId) problems.push('GRAPH_TENANT_ID: required for Graph (or set MICROSOFT_APP_TENANT_ID)');
    if (!e.GRAPH_CLIENT_ID)
      problems.push(
        'GRAPH_CLIENT_ID: required when GRAPH_AUTH=federated (the Entra app that trusts the managed identity)',
      );
    if (!managedIdentityClientId)
      problems.push(
        'MANAGED_IDENTITY_CLIENT_ID: required when GRAPH_AUTH=federated (the identity the Entra app trusts)',
      );
    return tenantId && e.GRAPH_CLIENT_ID && managedIdentityClientId
      ? {
          baseUrl,
          timeoutMs,
          auth: {
            kind,
            tenantId,
            clientId: e.GRAPH_CLIENT_ID,
            managedIdentityClientId,
            authorityHost: e.AZURE_AUTHORITY_HOST,
          },
        }
      : undefined;
  }
  if (!tenantId) problems.push('GRAPH_TENANT_ID: required for Graph (or set MICROSOFT_APP_TENANT_ID)');
  if (!clientId) problems.push('GRAPH_CLIENT_ID: required for Graph (or set MICROSOFT_APP_ID)');
  if (kind === 'certificate' && !e.GRAPH_CERTIFICATE_PATH)
    problems.push('GRAPH_CERTIFICATE_PATH: required when GRAPH_AUTH=certificate');
  if (kind === 'secret' && !secret)
    problems.push('GRAPH_CLIENT_SECRET: required when GRAPH_AUTH=secret (or set MICROSOFT_APP_PASSWORD)');
  if (!tenantId || !clientId) return undefined;
  if (kind === 'certificate')
    return e.GRAPH_CERTIFICATE_PATH
      ? { baseUrl, timeoutMs, auth: { kind, tenantId, clientId, certificatePath: e.GRAPH_CERTIFICATE_PATH } }
      : undefined;
  return secret ? { baseUrl, timeoutMs, auth: { kind: 'secret', tenantId, clientId, secret } } : undefined;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
