import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { signingKeys } from './signing-key.js';

export const TENANT = '4f8e2d1a-6b3c-4a5e-9d7f-0c1b2a3d4e5f';
export const CLIENT_ID = '6c1f3a5e-2b4d-4e6f-8a9b-0c1d2e3f4a5b';

/**
 * Entra ID as the tab sees it: a key set served on loopback (what login.microsoftonline.com/{tenant}/
 * discovery/v2.0/keys answers) and tokens signed as Teams' getAuthToken would hand them out.
 */
export class EntraStandIn {
  private server?: http.Server;
  private key?: CryptoKey;
  private stranger?: CryptoKey;
  readonly kid = 'test-key-1';
  keyRequests = 0;
  url = '';

  async start(): Promise<this> {
    const { key, stranger, jwk } = await signingKeys(this.kid);
    this.key = key;
    this.stranger = stranger;
    this.server = http.createServer((req, res) => {
      this.keyRequests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/${TENANT}/discovery/v2.0/keys`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** A token for `oid`; `change` alters claims (or the signing key) to make a bad one. */
  async token(
    oid: string,
    change: {
      claims?: JWTPayload;
      audience?: string;
      issuer?: string;
      expiresIn?: string | number;
      signWithStranger?: boolean;
    } = {},
  ): Promise<string> {
    const tid = (change.claims?.tid as string | undefined) ?? TENANT;
    return new SignJWT({ scp: 'access_as_user', tid, oid, name: 'From the token', ver: '2.0', ...change.claims })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuer(change.issuer ?? `https://login.microsoftonline.com/${tid}/v2.0`)
      .setAudience(change.audience ?? CLIENT_ID)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(change.expiresIn ?? '1h')
      .sign(change.signWithStranger ? this.stranger! : this.key!);
  }
}
