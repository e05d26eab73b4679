/** Microsoft Graph settings: which credential, where, how long an attempt may take. */
import type { Env } from './config.js';

export type GraphAuth =
  | { kind: 'secret'; tenantId: string; clientId: string; secret: string }
  | { kind: 'certificate'; tenantId: string; clientId: string; certificatePath: string }
  | { kind: 'managedIdentity'; clientId: string }
  /** Only for a Graph stand-in on loopback http (tests, local trials): no token is requested. */
  | { kind: 'none' };

export interface GraphConfig {
  baseUrl: string;
  auth: GraphAuth;
  timeoutMs: number;
}

/** Graph credentials default to the bot's own registration; a loopback http base URL needs none. */
export function graphConfig(e: Env, problems: string[]): GraphConfig | undefined {
  const tenantId = e.GRAPH_TENANT_ID ?? e.MICROSOFT_APP_TENANT_ID;
  const clientId = e.GRAPH_CLIENT_ID ?? e.MICROSOFT_APP_ID;
  const secret = e.GRAPH_CLIENT_SECRET ?? e.MICROSOFT_APP_PASSWORD;
  const kind =
    e.GRAPH_AUTH ??
    (e.GRAPH_CERTIFICATE_PATH ? 'certificate' : secret ? 'secret' : e.MICROSOFT_APP_TYPE === 'UserAssignedMSI' && clientId ? 'managedIdentity' : undefined);
  const url = new URL(e.GRAPH_BASE_URL);
  const baseUrl = e.GRAPH_BASE_URL;
  const timeoutMs = e.GRAPH_TIMEOUT_SECONDS * 1000;
  if (!kind) return url.protocol === 'http:' && isLoopback(url.hostname) ? { baseUrl, timeoutMs, auth: { kind: 'none' } } : undefined;
  if (url.protocol !== 'https:') problems.push('GRAPH_BASE_URL: must be https when Graph credentials are given (tokens never travel in clear text)');
  if (kind === 'managedIdentity') {
    if (!clientId) problems.push('GRAPH_CLIENT_ID: required for managed identity (the identity\'s client id)');
    return clientId ? { baseUrl, timeoutMs, auth: { kind, clientId } } : undefined;
  }
  if (!tenantId) problems.push('GRAPH_TENANT_ID: required for Graph (or set MICROSOFT_APP_TENANT_ID)');
  if (!clientId) problems.push('GRAPH_CLIENT_ID: required for Graph (or set MICROSOFT_APP_ID)');
  if (kind === 'certificate' && !e.GRAPH_CERTIFICATE_PATH) problems.push('GRAPH_CERTIFICATE_PATH: required when GRAPH_AUTH=certificate');
  if (kind === 'secret' && !secret) problems.push('GRAPH_CLIENT_SECRET: required when GRAPH_AUTH=secret (or set MICROSOFT_APP_PASSWORD)');
  if (!tenantId || !clientId) return undefined;
  if (kind === 'certificate') return e.GRAPH_CERTIFICATE_PATH ? { baseUrl, timeoutMs, auth: { kind, tenantId, clientId, certificatePath: e.GRAPH_CERTIFICATE_PATH } } : undefined;
  return secret ? { baseUrl, timeoutMs, auth: { kind: 'secret', tenantId, clientId, secret } } : undefined;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
