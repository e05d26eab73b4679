import { createRemoteJWKSet, jwtVerify, errors as joseErrors } from 'jose';

/** Who a tab request comes from: the person's Entra object id, and how that was established. */
export interface TabIdentity {
  personId: string;
  name?: string;
  via: 'sso' | 'developer';
}

export type TabAuthResult = { ok: true; identity: TabIdentity } | { ok: false; reason: TabAuthRefusal };

export type TabAuthRefusal =
  | 'missing'
  | 'malformed'
  | 'expired'
  | 'signature'
  | 'audience'
  | 'issuer'
  | 'tenant'
  | 'scope'
  | 'developerSignInOff'
  | 'unknownPerson';

export interface TabAuthOptions {
  /** Teams single sign-on, when configured (always in production). */
  sso?: { clientId: string; tenantId: string; jwksUrl: string; appIdUri?: string };
  /** Local mode only: `Authorization: Developer <object id>` signs in as a person from the organisation import. */
  developerSignIn: boolean;
  /** Whether the organisation import knows this object id (developer sign-in accepts no one else). */
  knownPerson(personId: string): Promise<boolean>;
}

/** The scope the tab asks for (the Entra app exposes it as api://<domain>/<client id>/access_as_user). */
export const TAB_SCOPE = 'access_as_user';
const CLOCK_TOLERANCE_S = 60;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks a tab request's Authorization header. A Teams SSO token (teams-js `authentication.getAuthToken`)
 * must be signed by one of the tenant's keys, be meant for this app (`aud` is its client id or the
 * Application ID URI it registers, `api://<BOT_DOMAIN>/<client id>` unless AAD_APP_ID_URI says otherwise), come from the configured tenant (`tid`, and `iss` as v2.0 of that tenant), carry the
 * `access_as_user` scope and be within its lifetime. Nothing in the token but the object id is trusted:
 * roles come from the organisation import.
 */
export function createTabAuth(o: TabAuthOptions) {
  const keys = o.sso
    ? createRemoteJWKSet(new URL(o.sso.jwksUrl), { cacheMaxAge: 6 * 3600_000, cooldownDuration: 30_000 })
    : undefined;

  async function verifySso(token: string): Promise<TabAuthResult> {
    if (!o.sso || !keys) return { ok: false, reason: 'signature' };
    const { clientId, tenantId, appIdUri } = o.sso;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp', 'aud', 'iss', 'tid'],
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) return { ok: false, reason: 'expired' };
      if (err instanceof joseErrors.JWSInvalid || err instanceof joseErrors.JWTInvalid)
        return { ok: false, reason: 'malformed' };
      if (err instanceof joseErrors.JWTClaimValidationFailed) return { ok: false, reason: 'malformed' };
      return { ok: false, reason: 'signature' };
    }
    // Exactly the audiences the app registers: its client id (v2 tokens) and its own Application ID URI.
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    const meant = audiences.some((a) => a === clientId || (appIdUri !== undefined && a === appIdUri));
    if (!meant) return { ok: false, reason: 'audience' };
    if (payload.tid !== tenantId) return { ok: false, reason: 'tenant' };
    if (payload.iss !== `https://login.microsoftonline.com/${tenantId}/v2.0`) return { ok: false, reason: 'issuer' };
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(TAB_SCOPE)) return { ok: false, reason: 'scope' };
    const oid = payload.oid;
    if (typeof oid !== 'string' || !UUID.test(oid)) return { ok: false, reason: 'malformed' };
    return {
      ok: true,
      identity: {
        personId: oid.toLowerCase(),
        name: typeof payload.name === 'string' ? payload.name : undefined,
        via: 'sso',
      },
    };
  }

  return {
    /** What the tab page needs to know before it signs in. */
    get developerSignIn() {
      return o.developerSignIn;
    },
    async check(authorization: string | undefined): Promise<TabAuthResult> {
      const [scheme, value, ...rest] = (authorization ?? '').trim().split(/\s+/);
      if (!scheme || !value || rest.length) return { ok: false, reason: 'missing' };
      if (/^bearer$/i.test(scheme)) return verifySso(value);
      if (/^developer$/i.test(scheme)) {
        if (!o.developerSignIn) return { ok: false, reason: 'developerSignInOff' };
        if (!UUID.test(value)) return { ok: false, reason: 'malformed' };
        const personId = value.toLowerCase();
        if (!(await o.knownPerson(personId))) return { ok: false, reason: 'unknownPerson' };
        return { ok: true, identity: { personId, via: 'developer' } };
      }
      return { ok: false, reason: 'missing' };
    },
  };
}

export type TabAuth = ReturnType<typeof createTabAuth>;
