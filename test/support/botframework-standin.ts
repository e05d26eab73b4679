import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, type CryptoKey } from 'jose';
import { signingKeys } from './signing-key.js';

/**
 * The Bot Framework's token service as a bot sees it: the channel's OpenID metadata
 * (login.botframework.com/v1/.well-known/openidconfiguration) pointing at its key set, and tokens signed as
 * the Bot Connector signs the requests it sends a bot (learn.microsoft.com, "Authenticate requests from the
 * Bot Connector service to your bot": issuer https://api.botframework.com, audience the bot's app id, a
 * `serviceurl` claim equal to the activity's serviceUrl, RS256 with a key from that key set).
 * `mode` makes it fail: 500 to every request, or no answer at all.
 */
export class BotFrameworkStandIn {
  private server?: http.Server;
  private key?: CryptoKey;
  private stranger?: CryptoKey;
  private readonly hanging = new Set<http.ServerResponse>();
  readonly kid = 'bf-key-1';
  mode: 'ok' | 'fail' | 'hang' = 'ok';
  requests = 0;
  url = '';

  async start(): Promise<this> {
    const { key, stranger, jwk } = await signingKeys(this.kid);
    this.key = key;
    this.stranger = stranger;
    this.server = http.createServer((req, res) => {
      this.requests++;
      if (this.mode === 'hang') return void this.hanging.add(res);
      if (this.mode === 'fail') return void res.writeHead(500).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.startsWith('/keys')) res.end(JSON.stringify({ keys: [jwk] }));
      else
        res.end(
          JSON.stringify({
            issuer: 'https://api.botframework.com',
            jwks_uri: `${this.base}/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
          }),
        );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `${this.base}/v1/.well-known/openidconfiguration`;
    return this;
  }

  private get base(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** A token for requests to `appId` about `serviceUrl`; `forge` signs it with a key the key set does not hold. */
  token(
    appId: string,
    serviceUrl: string,
    o: { forge?: 'strangerKey' | 'unknownKid'; expiredMinutesAgo?: number } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ serviceurl: serviceUrl })
      .setProtectedHeader({
        alg: 'RS256',
        kid: o.forge === 'unknownKid' ? `kid-${Math.random().toString(36).slice(2)}` : this.kid,
        typ: 'JWT',
      })
      .setIssuer('https://api.botframework.com')
      .setAudience(appId)
      .setIssuedAt(now - 600)
      .setNotBefore(now - 600)
      .setExpirationTime(o.expiredMinutesAgo ? now - o.expiredMinutesAgo * 60 : now + 3600)
      .sign(o.forge ? this.stranger! : this.key!);
  }
}
