import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** A token the stand-in handed out. */
export interface IssuedToken {
  by: 'managedIdentity' | 'entra';
  /** The resource (managed identity) or scope's resource (Entra) the token is for, without /.default. */
  resource: string;
  /** Managed identity: the identity's client id. Entra: the app's client id. */
  clientId: string;
  /** Managed identity: the identity's object (principal) id. */
  objectId?: string;
  token: string;
  expiresOn: number;
}

/**
 * Azure's identity services as an app on App Service meets them, with their rules:
 *
 * - The App Service managed identity endpoint ("Managed identities for App Service and Azure Functions",
 *   REST endpoint reference): GET $IDENTITY_ENDPOINT?api-version=2019-08-01&resource=…&client_id=… with
 *   the header X-IDENTITY-HEADER = $IDENTITY_HEADER. A wrong header is refused (401); an identity that is not
 *   assigned to the app cannot be loaded (400). Answers access_token, expires_on (epoch seconds), resource.
 * - Entra's token endpoint, client credentials with a client assertion (workload identity federation:
 *   "Configure an application to trust a managed identity"; Graph application-post-federatedidentitycredentials):
 *   the assertion must be a current managed-identity token for api://AzureADTokenExchange of an identity the
 *   app's federated credential names, otherwise AADSTS700213 (no matching federated identity record). Served
 *   over https (MSAL refuses other authorities), with the OpenID configuration MSAL reads first.
 */
export class AzureIdentityStandIn {
  /** Identities assigned to the app: client id → object id. */
  readonly identities = new Map<string, string>();
  /** Federated credentials: app client id → object ids of the identities it trusts. */
  readonly federated = new Map<string, Set<string>>();
  readonly issued: IssuedToken[] = [];
  /** Refusals, as the services would answer them. */
  readonly refusals: string[] = [];
  readonly header = randomUUID();
  tokenLifetimeSeconds = 3600;
  /** Runs before a token is handed out (e.g. a database stand-in learning the token it must accept). */
  onIssue?: (t: IssuedToken) => Promise<void>;
  identityEndpoint = '';
  authorityHost = '';
  private readonly mi = http.createServer((req, res) => void this.onIdentity(req, res));
  private readonly entra: https.Server;

  constructor(tls: { key: string; cert: string }) {
    this.entra = https.createServer(tls, (req, res) => void this.onEntra(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.mi.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => this.entra.listen(0, '127.0.0.1', r));
    this.identityEndpoint = `http://127.0.0.1:${(this.mi.address() as AddressInfo).port}/msi/token`;
    this.authorityHost = `https://127.0.0.1:${(this.entra.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.mi.closeAllConnections();
    this.entra.closeAllConnections();
    await Promise.all([this.mi, this.entra].map((s) => new Promise<void>((r) => s.close(() => r()))));
  }

  /** Environment of an app on App Service that holds these identities. */
  env(): Record<string, string> {
    return { IDENTITY_ENDPOINT: this.identityEndpoint, IDENTITY_HEADER: this.header };
  }

  /** The identity's token for `resource`, made now (the token service hands the same one out until near its expiry). */
  mint(clientId: string, resource: string): Promise<IssuedToken> {
    const objectId = this.identities.get(clientId);
    if (!objectId) throw new Error(`${clientId} is not assigned to the app`);
    return this.issue({ by: 'managedIdentity', resource, clientId, objectId });
  }

  tokensFor(resource: string): IssuedToken[] {
    return this.issued.filter((t) => t.resource === resource);
  }

  private pending = new Map<string, Promise<IssuedToken>>();

  private issue(t: Omit<IssuedToken, 'token' | 'expiresOn'>): Promise<IssuedToken> {
    // The App Service token service keeps a token and hands out the same one until it nears its expiry
    // (requests that arrive while it is being made get it too); Entra makes a new one each time.
    const key = `${t.resource} ${t.clientId}`;
    if (t.by === 'managedIdentity') {
      const now = Math.floor(Date.now() / 1000);
      const kept = this.issued.find(
        (x) => x.by === t.by && x.resource === t.resource && x.clientId === t.clientId && x.expiresOn - now > 300,
      );
      if (kept) return Promise.resolve(kept);
      const making = this.pending.get(key);
      if (making) return making;
    }
    const made = (async () => {
      const issued: IssuedToken = {
        ...t,
        token: `${t.by}.${randomUUID()}`,
        expiresOn: Math.floor(Date.now() / 1000) + this.tokenLifetimeSeconds,
      };
      await this.onIssue?.(issued);
      this.issued.push(issued);
      return issued;
    })();
    if (t.by === 'managedIdentity') {
      this.pending.set(key, made);
      void made.finally(() => this.pending.delete(key)).catch(() => undefined);
    }
    return made;
  }

  private send(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async onIdentity(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.headers['x-identity-header'] !== this.header) {
      this.refusals.push('identity: wrong X-IDENTITY-HEADER');
      return this.send(res, 401, { statusCode: 401, message: 'Unauthorized' });
    }
    const clientId = url.searchParams.get('client_id') ?? '';
    const resource = url.searchParams.get('resource') ?? '';
    const objectId = this.identities.get(clientId);
    if (url.searchParams.get('api-version') !== '2019-08-01' || !resource || !objectId) {
      this.refusals.push(`identity: cannot load ${clientId || 'the system-assigned identity'}`);
      return this.send(res, 400, { statusCode: 400, message: 'Unable to load the proper Managed Identity.' });
    }
    const t = await this.issue({ by: 'managedIdentity', resource, clientId, objectId });
    this.send(res, 200, {
      access_token: t.token,
      expires_on: String(t.expiresOn),
      resource,
      token_type: 'Bearer',
      client_id: clientId,
    });
  }

  private async onEntra(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? '/', this.authorityHost);
    const tenant = url.pathname.split('/')[1];
    if (req.method === 'GET' && url.pathname.endsWith('/v2.0/.well-known/openid-configuration')) {
      const base = `${this.authorityHost}/${tenant}`;
      return this.send(res, 200, {
        issuer: `${base}/v2.0`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
      });
    }
    if (req.method !== 'POST' || !url.pathname.endsWith('/oauth2/v2.0/token'))
      return this.send(res, 404, { error: 'not_found' });
    const form = new URLSearchParams(raw);
    const clientId = form.get('client_id') ?? '';
    const assertion = this.issued.find((t) => t.by === 'managedIdentity' && t.token === form.get('client_assertion'));
    const refuse = (code: string, description: string) => {
      this.refusals.push(`entra: ${description}`);
      this.send(res, 400, { error: code, error_description: description });
    };
    if (form.get('grant_type') !== 'client_credentials')
      return refuse('unsupported_grant_type', 'AADSTS70003: grant type not supported');
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
      return refuse('invalid_client', 'AADSTS7000218: client_assertion or client_secret required');
    if (!assertion || assertion.resource !== 'api://AzureADTokenExchange')
      return refuse(
        'invalid_client',
        'AADSTS700213: No matching federated identity record found for presented assertion',
      );
    if (assertion.expiresOn * 1000 < Date.now())
      return refuse('invalid_client', 'AADSTS700024: Client assertion is not within its valid time range');
    if (!this.federated.get(clientId)?.has(assertion.objectId!))
      return refuse(
        'invalid_client',
        'AADSTS700213: No matching federated identity record found for presented assertion subject',
      );
    const resource = (form.get('scope') ?? '').replace(/\/\.default$/, '');
    const t = await this.issue({ by: 'entra', resource, clientId });
    this.send(res, 200, {
      token_type: 'Bearer',
      expires_in: this.tokenLifetimeSeconds,
      ext_expires_in: this.tokenLifetimeSeconds,
      access_token: t.token,
    });
  }
}
