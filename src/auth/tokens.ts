import { errors, jwtVerify, SignJWT } from 'jose';
import { isStorableText } from '../common/acceptable-input';
import { ROLES, type Actor, type Role } from '../common/domain/actor';

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

/** Checks signature, expiry and the claims Copydesk relies on; anything else is an invalid token. */
/** Who a valid token speaks for, and until when (seconds since the epoch). */
export interface VerifiedToken {
  readonly actor: Actor;
  readonly expiresAt: number;
}

export async function verifyToken(token: string, secret: Uint8Array): Promise<VerifiedToken> {
  try {
    // A token without an expiry would be valid forever: refuse it.
    const { payload } = await jwtVerify(token, secret, {
      algorithms: [ALGORITHM],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp'],
    });
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.iat === 'number' && payload.iat > now + CLOCK_TOLERANCE_SECONDS) {
      throw new InvalidToken('the token says it was issued in the future');
    }
    if (payload.exp! > now + MAX_TOKEN_LIFETIME_SECONDS) {
      throw new InvalidToken(`the token is valid for longer than Copydesk accepts (${MAX_TOKEN_LIFETIME_SECONDS / 86_400} days)`);
    }
    const { sub, name, roles } = payload as { sub?: unknown; name?: unknown; roles?: unknown };
    if (typeof sub !== 'string' || sub === '') throw new InvalidToken('the token has no subject (sub)');
    if (typeof name !== 'string' || name === '') throw new InvalidToken('the token has no name');
    // Both are recorded in every event the token signs; no real identity needs more.
    if (sub.length > MAX_CLAIM_LENGTH)
      throw new InvalidToken(`the token's subject is longer than ${MAX_CLAIM_LENGTH} characters`);
    if (name.length > MAX_CLAIM_LENGTH) throw new InvalidToken(`the token's name is longer than ${MAX_CLAIM_LENGTH} characters`);
    if (!isStorableText(sub)) throw new UnstorableClaim('sub');
    if (!isStorableText(name)) throw new UnstorableClaim('name');
    if (RESERVED_SUBJECT.test(sub)) throw new InvalidToken(`the subject ${sub} is reserved for Copydesk itself`);
    if (!Array.isArray(roles) || !roles.every((role): role is Role => (ROLES as readonly unknown[]).includes(role))) {
      throw new InvalidToken(`the token's roles must be a list drawn from ${ROLES.join(', ')}`);
    }
    return { actor: { id: sub, name, roles }, expiresAt: payload.exp! };
  } catch (error) {
    if (error instanceof InvalidToken || error instanceof UnstorableClaim) throw error;
    if (error instanceof errors.JWTExpired) throw new InvalidToken('the token has expired');
    throw new InvalidToken('the token is not valid (bad signature, format or algorithm)');
  }
}

/** `expires`: a duration such as "12h", or an absolute time in seconds since the epoch (as jose reads it). */
export async function mintToken(actor: Actor, secret: Uint8Array, expires: string | number = '12h'): Promise<string> {
  return new SignJWT({ name: actor.name, roles: [...actor.roles] })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(actor.id)
    .setIssuedAt()
    .setExpirationTime(expires)
    .sign(secret);
}
