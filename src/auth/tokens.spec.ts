import { SignJWT, UnsecuredJWT } from 'jose';
import type { Actor } from '../common/domain/actor';
import { InvalidToken, mintToken, verifyToken } from './tokens';

const secret = new TextEncoder().encode('copydesk-unit-secret-that-is-long-enough-for-hs256');
const otherSecret = new TextEncoder().encode('not-the-secret-not-the-secret-not-the-secret');
const eddie: Actor = { id: 'eddie', name: 'Eddie Editor', roles: ['editor', 'reviewer'] };
const nowInSeconds = () => Math.floor(Date.now() / 1000);

/** A token signed like Copydesk's, but with whatever claims and algorithm the test needs. */
const signed = (claims: Record<string, unknown>, { alg = 'HS256', sub = 'eddie' }: { alg?: string; sub?: string } = {}) =>
  new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).setSubject(sub).setIssuedAt().setExpirationTime('1h').sign(secret);

async function rejection(token: string, key: Uint8Array = secret): Promise<unknown> {
  return verifyToken(token, key).then(
    () => {
      throw new Error('expected the token to be refused');
    },
    (error: unknown) => error,
  );
}

describe('tokens', () => {
  it('given a minted token, verifying it gives back the actor', async () => {
    const token = await mintToken(eddie, secret);
    await expect(verifyToken(token, secret)).resolves.toEqual({ actor: eddie, expiresAt: expect.any(Number) });
  });

  it('mints an HS256 JWT that expires after 12 hours by default', async () => {
    const before = nowInSeconds();
    const token = await mintToken(eddie, secret);
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ sub: 'eddie', name: 'Eddie Editor', roles: ['editor', 'reviewer'] });
    expect(payload.exp - payload.iat).toBe(12 * 60 * 60);
    expect(payload.iat).toBeGreaterThanOrEqual(before);
  });

  it('refuses a token that never expires', async () => {
    const eternal = await new SignJWT({ name: 'Eddie Editor', roles: ['editor'] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('eddie')
      .sign(secret);
    expect(await rejection(eternal)).toBeInstanceOf(InvalidToken);
  });

  it('given an expired token, says it has expired', async () => {
    // A number is the expiry time itself (seconds since the epoch), as in jose's setExpirationTime.
    const token = await mintToken(eddie, secret, nowInSeconds() - 60);
    const error = await rejection(token);
    expect(error).toBeInstanceOf(InvalidToken);
    expect(error).toHaveProperty('message', expect.stringMatching(/expired/));
  });

  it('tolerates a few seconds of clock skew', async () => {
    const token = await mintToken(eddie, secret, nowInSeconds() - 1);
    await expect(verifyToken(token, secret)).resolves.toEqual({ actor: eddie, expiresAt: expect.any(Number) });
  });

  it('given a token signed with another secret, refuses it', async () => {
    const error = await rejection(await mintToken(eddie, otherSecret));
    expect(error).toBeInstanceOf(InvalidToken);
    expect(error).toHaveProperty('message', expect.stringMatching(/not valid/));
  });

  it('given an unsigned token (alg none), refuses it', async () => {
    const token = new UnsecuredJWT({ name: 'Eddie Editor', roles: ['admin'] })
      .setSubject('eddie')
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();
    expect(await rejection(token)).toBeInstanceOf(InvalidToken);
  });

  it('given a token signed with HS512, refuses it even with the right secret', async () => {
    const token = await signed({ name: 'Eddie Editor', roles: ['editor'] }, { alg: 'HS512' });
    expect(await rejection(token)).toBeInstanceOf(InvalidToken);
  });

  it.each(['', 'not-a-jwt', 'a.b.c'])('given the malformed token %j, refuses it', async (token) => {
    expect(await rejection(token)).toBeInstanceOf(InvalidToken);
  });

  it.each([
    ['no subject', { name: 'Eddie Editor', roles: ['editor'] }, '', /subject/],
    ['no name', { roles: ['editor'] }, 'eddie', /no name/],
    ['an empty name', { name: '', roles: ['editor'] }, 'eddie', /no name/],
    ['a name that is not a string', { name: 42, roles: ['editor'] }, 'eddie', /no name/],
    ['no roles', { name: 'Eddie Editor' }, 'eddie', /roles/],
    ['roles that are not a list', { name: 'Eddie Editor', roles: 'editor' }, 'eddie', /roles/],
    ['an unknown role', { name: 'Eddie Editor', roles: ['editor', 'superuser'] }, 'eddie', /roles/],
  ])('given a correctly signed token with %s, refuses it', async (_what, claims, sub, message) => {
    const error = await rejection(await signed(claims, { sub }));
    expect(error).toBeInstanceOf(InvalidToken);
    expect(error).toHaveProperty('message', expect.stringMatching(message));
  });
});
