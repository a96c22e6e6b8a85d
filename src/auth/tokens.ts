import { errors, jwtVerify, SignJWT } from 'jose';
import { ROLES, type Actor, type Role } from '../articles/domain/actor';

const ALGORITHM = 'HS256';

export class InvalidToken extends Error {}

/** Checks signature, expiry and the claims Copydesk relies on; anything else is an invalid token. */
export async function verifyToken(token: string, secret: Uint8Array): Promise<Actor> {
  try {
    // A token without an expiry would be valid forever: refuse it.
    const { payload } = await jwtVerify(token, secret, { algorithms: [ALGORITHM], clockTolerance: 5, requiredClaims: ['exp'] });
    const { sub, name, roles } = payload as { sub?: unknown; name?: unknown; roles?: unknown };
    if (typeof sub !== 'string' || sub === '') throw new InvalidToken('the token has no subject (sub)');
    if (typeof name !== 'string' || name === '') throw new InvalidToken('the token has no name');
    if (!Array.isArray(roles) || !roles.every((role): role is Role => (ROLES as readonly unknown[]).includes(role))) {
      throw new InvalidToken(`the token's roles must be a list drawn from ${ROLES.join(', ')}`);
    }
    return { id: sub, name, roles };
  } catch (error) {
    if (error instanceof InvalidToken) throw error;
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
