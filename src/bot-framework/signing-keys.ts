import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { replaceOpenIdRefresh, type OpenIdMetadataLike } from './botbuilder-internals.js';

/**
 * The Bot Framework's signing keys, fetched with a timeout, one fetch at a time, and not again soon after a
 * failure.
 *
 * botbuilder 4.23 (botframework-connector's OpenIdMetadata) fetches the OpenID metadata and the keys
 * without a timeout, and while it has no keys it fetches them again for every request: a flood of forged
 * tokens while the metadata endpoint is slow or unreachable became one or two outbound requests each, and
 * each request waited as long as the fetch did. This reaches past botbuilder's public API (the metadata
 * cache of JwtTokenExtractor is static, and refreshCache is its fetch); it can go when botbuilder's fetch
 * has a timeout and a back-off of its own, or when the app moves to the Teams SDK.
 */
export interface SigningKeyOptions {
  /** Where to fetch the channel's OpenID metadata instead of the public cloud's (a stand-in, in tests). */
  channelMetadataUrl?: string;
  timeoutMs?: number;
  /** After a failed fetch, requests are refused without fetching for this long. */
  failureBackoffMs?: number;
  warn(obj: object, msg: string): void;
}

/** The public cloud's channel metadata (botframework-connector's AuthenticationConstants). */
export const CHANNEL_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';

let installed: SigningKeyOptions | undefined;

/** Every key the guarded fetches have seen, by key id (keys of all the metadata documents botbuilder reads). */
const knownKeys = new Map<string, KeyObject>();

/**
 * Whether a token names a key we hold and is not signed by it. botbuilder writes such a token's key to
 * stderr before refusing it; it is refused here first. Tokens naming a key we do not hold,
 * and good signatures, are botbuilder's to judge.
 */
export function signedByWrongKey(jwt: { header: string; payload: string; signature: string; kid: unknown }): boolean {
  const { header, payload, signature, kid } = jwt;
  const key = typeof kid === 'string' ? knownKeys.get(kid) : undefined;
  if (!key) return false;
  try {
    return !verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'));
  } catch {
    return true;
  }
}

function remember(keys: unknown[]): void {
  for (const k of keys as Array<{ kid?: unknown; kty?: unknown; n?: unknown; e?: unknown }>) {
    if (typeof k?.kid !== 'string' || k.kty !== 'RSA' || typeof k.n !== 'string' || typeof k.e !== 'string') continue;
    try {
      knownKeys.set(k.kid, createPublicKey({ key: { kty: 'RSA', n: k.n, e: k.e }, format: 'jwk' }));
    } catch {
      // Not a key node can read: botbuilder judges tokens that name it.
    }
  }
}

/** Installs the guarded fetch for every OpenID metadata document botbuilder reads (once per process). */
export function guardSigningKeys(options: SigningKeyOptions): void {
  installed = options;
  const state = new WeakMap<object, { inflight?: Promise<void>; failedUntil: number }>();
  replaceOpenIdRefresh(async (metadata: OpenIdMetadataLike): Promise<void> => {
    const o = installed!;
    const s = state.get(metadata) ?? { failedUntil: 0 };
    state.set(metadata, s);
    if (s.inflight) return s.inflight;
    if (Date.now() < s.failedUntil) throw refusal('the signing keys could not be fetched a moment ago');
    s.inflight = (async () => {
      const url = metadata.url === CHANNEL_METADATA_URL && o.channelMetadataUrl ? o.channelMetadataUrl : metadata.url;
      try {
        const document = (await fetchJson(url, o.timeoutMs ?? 5_000)) as { jwks_uri?: unknown };
        if (typeof document.jwks_uri !== 'string') throw new Error('the OpenID metadata has no jwks_uri');
        const jwks = (await fetchJson(document.jwks_uri, o.timeoutMs ?? 5_000)) as { keys?: unknown };
        if (!Array.isArray(jwks.keys)) throw new Error('the key set has no keys');
        metadata.keys = jwks.keys;
        remember(jwks.keys);
        metadata.lastUpdated = Date.now();
      } catch (err) {
        s.failedUntil = Date.now() + (o.failureBackoffMs ?? 30_000);
        o.warn(
          { url, reason: (err as Error).message },
          'could not fetch the Bot Framework signing keys; requests are refused until they can be',
        );
        throw refusal('the signing keys could not be fetched');
      } finally {
        s.inflight = undefined;
      }
    })();
    return s.inflight;
  });
}

async function fetchJson(url: string, timeoutMs: number): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

/** An authentication failure, which the adapter answers with 401. */
function refusal(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 401 });
}
