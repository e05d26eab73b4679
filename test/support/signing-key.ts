import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/**
 * An RS256 key pair as an identity provider holds it, its public half as a key set lists it, and a stranger's key
 * for forged tokens.
 */
export async function signingKeys(kid: string): Promise<{ key: CryptoKey; stranger: CryptoKey; jwk: JWK }> {
  const pair = await generateKeyPair('RS256');
  const stranger = (await generateKeyPair('RS256')).privateKey;
  return {
    key: pair.privateKey,
    stranger,
    jwk: { ...(await exportJWK(pair.publicKey)), kid, use: 'sig', alg: 'RS256' },
  };
}
