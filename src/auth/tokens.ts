import { decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { isStorableText } from '../common/acceptable-input';
import { ROLES, type Actor, type Role } from '../common/domain/actor';
import { DEFAULT_ROLES_CLAIM, KeysUnavailable, type IdentityProviderKeys, type TokenKeys } from './token-keys';

const ALGORITHM = 'HS256';

export class InvalidToken extends Error {}

/** A validly signed token whose claims could not be stored with the events it would sign (NUL, unpaired surrogates). */
export class UnstorableClaim extends Error {
  constructor(readonly claim: string) {
    super(`the token's ${claim} claim holds NUL or an unpaired surrogate, which cannot be recorded`);
  }
}

/** Leeway for clocks that disagree a little, on expiry and on the time a token was issued. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** Longer than any session a newsroom keeps; a token valid for longer is a mistake or a forgery. */
export const MAX_TOKEN_LIFETIME_SECONDS = 31 * 24 * 3600;
const MAX_CLAIM_LENGTH = 200;
/** Ids the service itself acts as (the scheduler); no person's token may claim one. */
const RESERVED_SUBJECT = /^copydesk-/;

/** Who a valid token speaks for, and until when (seconds since the epoch). */
export interface VerifiedToken {
  readonly actor: Actor;
  readonly expiresAt: number;
  /**
   * Until when this verification may be reused without checking the signature again: the expiry,
   * or, for a provider's token, sooner, so that a key the provider removed stops working once the
   * key set is fetched again.
   */
  readonly reusableUntil: number;
}

const SECRET_ALGORITHMS = [ALGORITHM];
const PROVIDER_ALGORITHMS = ['RS256', 'ES256'];

/** Checks signature, expiry and the claims Copydesk relies on; anything else is an invalid token. */
export async function verifyToken(token: string, keys: TokenKeys): Promise<VerifiedToken> {
  try {
    const { payload, provider } = await verifiedPayload(token, keys);
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.iat === 'number' && payload.iat > now + CLOCK_TOLERANCE_SECONDS) {
      throw new InvalidToken('the token says it was issued in the future');
    }
    if (payload.exp! > now + MAX_TOKEN_LIFETIME_SECONDS) {
      throw new InvalidToken(`the token is valid for longer than Copydesk accepts (${MAX_TOKEN_LIFETIME_SECONDS / 86_400} days)`);
    }
    const { sub, name } = payload as { sub?: unknown; name?: unknown };
    if (typeof sub !== 'string' || sub === '') throw new InvalidToken('the token has no subject (sub)');
    if (typeof name !== 'string' || name === '') throw new InvalidToken('the token has no name');
    // Both are recorded in every event the token signs; no real identity needs more.
    if (sub.length > MAX_CLAIM_LENGTH)
      throw new InvalidToken(`the token's subject is longer than ${MAX_CLAIM_LENGTH} characters`);
    if (name.length > MAX_CLAIM_LENGTH) throw new InvalidToken(`the token's name is longer than ${MAX_CLAIM_LENGTH} characters`);
    if (!isStorableText(sub)) throw new UnstorableClaim('sub');
    if (!isStorableText(name)) throw new UnstorableClaim('name');
    if (RESERVED_SUBJECT.test(sub)) throw new InvalidToken(`the subject ${sub} is reserved for Copydesk itself`);
    const roles = copydeskRoles(claimAt(payload, keys.rolesClaim), keys.rolesClaim);
    const exp = payload.exp!;
    const reusableUntil = provider === null ? exp : Math.min(exp, now + Math.floor(provider.keyCacheMs / 1000));
    return { actor: { id: sub, name, roles }, expiresAt: exp, reusableUntil };
  } catch (error) {
    if (error instanceof InvalidToken || error instanceof UnstorableClaim || error instanceof KeysUnavailable) throw error;
    if (error instanceof errors.JWTExpired) throw new InvalidToken('the token has expired');
    if (error instanceof errors.JWTClaimValidationFailed && (error.claim === 'iss' || error.claim === 'aud')) {
      throw new InvalidToken(`the token was not issued for this service (its ${error.claim} claim does not match)`);
    }
    throw new InvalidToken('the token is not valid (bad signature, format or algorithm)');
  }
}

/**
 * The header's algorithm picks the key family, and each family pins its own algorithms: an HS256
 * token is checked only with the secret, an RS256 or ES256 token only with the provider's keys.
 */
async function verifiedPayload(
  token: string,
  keys: TokenKeys,
): Promise<{ payload: JWTPayload; provider: IdentityProviderKeys | null }> {
  // A token without an expiry would be valid forever: refuse it.
  const common = { clockTolerance: CLOCK_TOLERANCE_SECONDS, requiredClaims: ['exp'] };
  const { alg } = decodeProtectedHeader(token);
  if (keys.secret !== null && typeof alg === 'string' && SECRET_ALGORITHMS.includes(alg)) {
    const { payload } = await jwtVerify(token, keys.secret, { ...common, algorithms: SECRET_ALGORITHMS });
    return { payload, provider: null };
  }
  const provider = keys.identityProvider;
  if (provider !== null && typeof alg === 'string' && PROVIDER_ALGORITHMS.includes(alg)) {
    const { payload } = await jwtVerify(token, provider.keySet, {
      ...common,
      algorithms: PROVIDER_ALGORITHMS,
      issuer: provider.issuer,
      audience: provider.audience,
    });
    return { payload, provider };
  }
  throw new InvalidToken('the token is not valid (bad signature, format or algorithm)');
}

/** The claim by its exact name (`https://example.org/roles` has dots of its own), or else by its dotted path. */
function claimAt(payload: JWTPayload, path: string): unknown {
  if (Object.hasOwn(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The Copydesk roles among the token's. An identity provider's role list is shared with other
 * applications (Keycloak puts offline_access and default-roles-<realm> in every token), so names
 * Copydesk does not know are left out rather than refused; they can grant nothing.
 */
function copydeskRoles(claimed: unknown, claim: string): Role[] {
  if (!Array.isArray(claimed) || !claimed.every((role) => typeof role === 'string')) {
    throw new InvalidToken(`the token's ${claim} claim must be a list of role names (Copydesk's are ${ROLES.join(', ')})`);
  }
  return [...new Set(claimed.filter((role): role is Role => (ROLES as readonly string[]).includes(role)))];
}

/** `expires`: a duration such as "12h", or an absolute time in seconds since the epoch (as jose reads it). */
export async function mintToken(
  actor: Actor,
  secret: Uint8Array,
  expires: string | number = '12h',
  rolesClaim = DEFAULT_ROLES_CLAIM,
): Promise<string> {
  return new SignJWT({ name: actor.name, ...atPath(rolesClaim, [...actor.roles]) })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(actor.id)
    .setIssuedAt()
    .setExpirationTime(expires)
    .sign(secret);
}

/** `{ realm_access: { roles } }` for `realm_access.roles`: the shape claimAt reads. */
function atPath(path: string, value: unknown): Record<string, unknown> {
  const parts = path.split('.');
  return parts
    .slice(0, -1)
    .reduceRight<Record<string, unknown>>((inner, part) => ({ [part]: inner }), { [parts.at(-1)!]: value });
}
