import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import type { Actor } from '../common/domain/actor';
import type { TokenKeys } from './token-keys';
import { InvalidToken, mintToken, verifyToken } from './tokens';

const secret = new TextEncoder().encode('copydesk-unit-secret-that-is-long-enough-for-hs256');
const otherSecret = new TextEncoder().encode('not-the-secret-not-the-secret-not-the-secret');
const eddie: Actor = { id: 'eddie', name: 'Eddie Editor', roles: ['editor', 'reviewer'] };
const nowInSeconds = () => Math.floor(Date.now() / 1000);

/** A token signed like Copydesk's, but with whatever claims and algorithm the test needs. */
const signed = (claims: Record<string, unknown>, { alg = 'HS256', sub = 'eddie' }: { alg?: string; sub?: string } = {}) =>
  new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).setSubject(sub).setIssuedAt().setExpirationTime('1h').sign(secret);

const withSecret = (key: Uint8Array, rolesClaim = 'roles'): TokenKeys => ({ secret: key, identityProvider: null, rolesClaim });

async function rejection(token: string, keys: TokenKeys = withSecret(secret)): Promise<unknown> {
  return verifyToken(token, keys).then(
    () => {
      throw new Error('expected the token to be refused');
    },
    (error: unknown) => error,
  );
}

describe('tokens', () => {
  it('given a minted token, verifying it gives back the actor', async () => {
    const token = await mintToken(eddie, secret);
    await expect(verifyToken(token, withSecret(secret))).resolves.toEqual({
      actor: eddie,
      expiresAt: expect.any(Number),
      reusableUntil: expect.any(Number),
    });
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
    await expect(verifyToken(token, withSecret(secret))).resolves.toEqual({
      actor: eddie,
      expiresAt: expect.any(Number),
      reusableUntil: expect.any(Number),
    });
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
    ['roles that are not all names', { name: 'Eddie Editor', roles: ['editor', 42] }, 'eddie', /roles/],
  ])('given a correctly signed token with %s, refuses it', async (_what, claims, sub, message) => {
    const error = await rejection(await signed(claims, { sub }));
    expect(error).toBeInstanceOf(InvalidToken);
    expect(error).toHaveProperty('message', expect.stringMatching(message));
  });

  it("keeps the token's Copydesk roles and leaves out the names it does not know", async () => {
    const token = await signed({ name: 'Eddie Editor', roles: ['offline_access', 'editor', 'superuser', 'editor'] });
    const { actor } = await verifyToken(token, withSecret(secret));
    expect(actor.roles).toEqual(['editor']);
  });

  describe('roles from a configured claim (JWT_ROLES_CLAIM)', () => {
    it('reads a nested path, as Keycloak puts realm roles in realm_access.roles', async () => {
      const token = await signed({ name: 'Eddie Editor', realm_access: { roles: ['default-roles-news', 'reviewer'] } });
      const { actor } = await verifyToken(token, withSecret(secret, 'realm_access.roles'));
      expect(actor.roles).toEqual(['reviewer']);
    });

    it('reads a claim whose own name has dots (a namespaced claim) before trying it as a path', async () => {
      const claim = 'https://copydesk.example.org/roles';
      const token = await signed({ name: 'Eddie Editor', [claim]: ['publisher'] });
      expect((await verifyToken(token, withSecret(secret, claim))).actor.roles).toEqual(['publisher']);
    });

    it('mints tokens with the roles where the claim says, so the CLI works with any setting', async () => {
      const token = await mintToken(eddie, secret, '1h', 'realm_access.roles');
      await expect(verifyToken(token, withSecret(secret, 'realm_access.roles'))).resolves.toMatchObject({ actor: eddie });
    });

    it.each([
      ['absent', { name: 'Eddie Editor', roles: ['editor'] }],
      ['not a list', { name: 'Eddie Editor', realm_access: { roles: 'editor' } }],
      ['reached only through an inherited member', { name: 'Eddie Editor', realm_access: {} }],
    ])('refuses a token whose roles claim is %s', async (_what, claims) => {
      const error = await rejection(await signed(claims), withSecret(secret, 'realm_access.roles'));
      expect(error).toHaveProperty('message', expect.stringMatching(/realm_access\.roles claim must be a list/));
    });
  });

  describe("with an identity provider's key set (RS256 and ES256)", () => {
    const ISSUER = 'https://id.example.org/realms/news';
    const AUDIENCE = 'copydesk';
    let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
    let ec: Awaited<ReturnType<typeof generateKeyPair>>;
    let publicJwks: JWK[];

    beforeAll(async () => {
      rsa = await generateKeyPair('RS256');
      ec = await generateKeyPair('ES256');
      publicJwks = [
        { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
      ];
    });

    const providerKeys = (hsSecret: Uint8Array | null = null, keyCacheMs = 600_000): TokenKeys => ({
      secret: hsSecret,
      identityProvider: { keySet: createLocalJWKSet({ keys: publicJwks }), issuer: ISSUER, audience: AUDIENCE, keyCacheMs },
      rolesClaim: 'roles',
    });
    const fromProvider = (
      alg: 'RS256' | 'ES256',
      { iss = ISSUER, aud = AUDIENCE, exp = '1h' }: { iss?: string; aud?: string; exp?: string | number } = {},
    ) =>
      new SignJWT({ name: 'Eddie Editor', roles: ['editor'] })
        .setProtectedHeader({ alg, kid: alg === 'RS256' ? 'rsa-1' : 'ec-1', typ: 'JWT' })
        .setSubject('eddie')
        .setIssuer(iss)
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(alg === 'RS256' ? rsa.privateKey : ec.privateKey);

    it.each(['RS256', 'ES256'] as const)('accepts a %s token for this audience from this issuer', async (alg) => {
      await expect(verifyToken(await fromProvider(alg), providerKeys())).resolves.toMatchObject({
        actor: { id: 'eddie', name: 'Eddie Editor', roles: ['editor'] },
      });
    });

    it.each([
      ['another issuer', { iss: 'https://id.example.org/realms/other' }, /iss/],
      ['another audience', { aud: 'the-payroll-app' }, /aud/],
    ])('refuses a token from %s', async (_what, claims, claim) => {
      const error = await rejection(await fromProvider('RS256', claims), providerKeys());
      expect(error).toBeInstanceOf(InvalidToken);
      expect(error).toHaveProperty('message', expect.stringMatching(claim));
    });

    it('holds provider tokens to the same lifetime rule: at most 31 days', async () => {
      const error = await rejection(await fromProvider('ES256', { exp: '40d' }), providerKeys());
      expect(error).toHaveProperty('message', expect.stringMatching(/longer than Copydesk accepts/));
    });

    it('refuses an HS256 token when no secret is configured, even one keyed with the public key', async () => {
      const publicKeyBytes = new TextEncoder().encode(JSON.stringify(publicJwks[0]));
      for (const key of [secret, publicKeyBytes]) {
        expect(await rejection(await mintToken(eddie, key), providerKeys())).toBeInstanceOf(InvalidToken);
      }
    });

    it('with a secret too, takes each family only with its own keys', async () => {
      const both = providerKeys(secret);
      await expect(verifyToken(await mintToken(eddie, secret), both)).resolves.toMatchObject({ actor: eddie });
      await expect(verifyToken(await fromProvider('RS256'), both)).resolves.toMatchObject({ actor: { id: 'eddie' } });
      // An RS256 header on an HMAC signature made with the secret: the secret is never tried for it.
      const [, payload, signature] = (await mintToken(eddie, secret)).split('.');
      const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'rsa-1', typ: 'JWT' })).toString('base64url');
      expect(await rejection(`${header}.${payload}.${signature}`, both)).toBeInstanceOf(InvalidToken);
    });

    it("reuses a provider token's verification no longer than the key set is kept", async () => {
      const now = nowInSeconds();
      const verified = await verifyToken(await fromProvider('RS256'), providerKeys(null, 60_000));
      expect(verified.reusableUntil).toBeGreaterThanOrEqual(now + 60);
      expect(verified.reusableUntil).toBeLessThanOrEqual(now + 61);
      expect(verified.expiresAt).toBeGreaterThanOrEqual(now + 3_600);
    });
  });
});
