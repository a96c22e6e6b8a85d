import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import type { AppConfig } from '../config/app-config';
import { resolveJwtSecret } from './jwt-secret';

/** The identity provider's key set could not be had (down, slow, or answering something that is not a key set). */
export class KeysUnavailable extends Error {}

/** An identity provider's signing keys and what its tokens must say about whom they are for. */
export interface IdentityProviderKeys {
  readonly keySet: JWTVerifyGetKey;
  readonly issuer: string;
  readonly audience: string;
  /** A verification is not reused for longer than the key set it used is trusted. */
  readonly keyCacheMs: number;
}

/**
 * Every key a token may be verified with. Each family has its own: HS256 only with the secret,
 * RS256 and ES256 only with the provider's key set, so that no token can choose to be checked with
 * a key meant for the other (a public key used as an HMAC secret, say).
 */
export interface TokenKeys {
  /** JWT_SECRET, or the embedded default's generated secret; null when only an identity provider signs. */
  readonly secret: Uint8Array | null;
  readonly identityProvider: IdentityProviderKeys | null;
  /** Where tokens carry their roles: a claim name or a dotted path. */
  readonly rolesClaim: string;
}

export const DEFAULT_ROLES_CLAIM = 'roles';

export async function resolveTokenKeys(config: AppConfig): Promise<TokenKeys> {
  const provider = config.identityProvider;
  return {
    secret: await resolveJwtSecret(config),
    identityProvider:
      provider === null
        ? null
        : {
            // jose keeps the set for keyCacheMs and fetches it again at once for an unknown kid (a key
            // rotation), but not more often than once per cooldown.
            keySet: reportingUnavailability(
              createRemoteJWKSet(new URL(provider.jwksUrl), {
                cacheMaxAge: provider.keyCacheMs,
                cooldownDuration: provider.keyCooldownMs,
                timeoutDuration: KEY_SET_TIMEOUT_MS,
              }),
            ),
            issuer: provider.issuer,
            audience: provider.audience,
            keyCacheMs: provider.keyCacheMs,
          },
    rolesClaim: config.jwtRolesClaim,
  };
}

/** Longer than a healthy provider needs; short enough that a request waiting on it still gets an answer. */
const KEY_SET_TIMEOUT_MS = 5_000;

/** The token's own faults: no key of the set fits it. Anything else the key set throws is the provider's. */
const TOKEN_FAULTS = [errors.JWKSNoMatchingKey, errors.JWKSMultipleMatchingKeys, errors.JOSENotSupported, errors.JWSInvalid];

export function reportingUnavailability(keySet: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (error) {
      if (TOKEN_FAULTS.some((fault) => error instanceof fault)) throw error;
      throw new KeysUnavailable(`the identity provider's keys could not be fetched: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
}
