import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT } from 'jose';
import { FakeIdentityProvider, providerKey, type ProviderKey } from './support/identity-provider';
import { eventCount, people, startTestApp, type TestApp } from './support/test-app';

/** How long the service keeps a fetched key set here: short, so that a removed key stops working within the test. */
const KEY_CACHE_MS = 1_000;

const provider = new FakeIdentityProvider();
let testApp: TestApp;
let rsa: ProviderKey;
let ec: ProviderKey;

const bearer = (token: string) => `Bearer ${token}`;
const draft = () => ({
  headline: 'Signed in through the newsroom identity provider',
  section: 'World',
  language: 'en',
  authors: [{ name: 'Eddie Editor' }],
  body: [{ type: 'paragraph', text: 'A token from Keycloak.' }],
  slug: `idp-${randomUUID()}`,
});

beforeAll(async () => {
  [rsa, ec] = await Promise.all([providerKey('rsa-2026-11', 'RS256'), providerKey('ec-2026-11', 'ES256')]);
  provider.published = [rsa, ec];
  await provider.start();
  // JWT_SECRET stays set (from the test environment): development HS256 tokens are taken beside the provider's.
  testApp = await startTestApp(provider.environment(KEY_CACHE_MS));
});

afterAll(async () => {
  await testApp?.close();
  await provider.stop();
});

beforeEach(() => {
  provider.published = [rsa, ec];
  provider.failingWith = null;
});

describe('tokens from an identity provider (JWT_JWKS_URL)', () => {
  it.each(['RS256', 'ES256'])('takes a %s token, with the roles from realm_access.roles, and records who wrote', async (alg) => {
    const key = alg === 'RS256' ? rsa : ec;
    const token = await provider.sign(key, { sub: `kc-${alg}`, name: `Editor ${alg}` });
    const created = await testApp.http().post('/articles').set('authorization', bearer(token)).send(draft()).expect(201);
    const [row]: { actor: unknown }[] = await testApp.dataSource.query(
      `SELECT metadata->'actor' AS actor FROM events WHERE stream_id = $1`,
      [`article-${created.body.id}`],
    );
    // Keycloak's own roles (offline_access, default-roles-…) are left out; the editor role is kept.
    expect(row.actor).toEqual({ id: `kc-${alg}`, name: `Editor ${alg}`, roles: ['editor'] });
  });

  it('keeps the key set: many new tokens, one fetch', async () => {
    await sleep(KEY_CACHE_MS + 100);
    const before = provider.fetches;
    for (let index = 0; index < 5; index += 1) {
      const token = await provider.sign(index % 2 === 0 ? rsa : ec, { sub: `kc-reader-${index}` });
      await testApp.http().get('/articles').set('authorization', bearer(token)).expect(200);
    }
    expect(provider.fetches - before).toBe(1);
  });

  it('still takes development HS256 tokens signed with JWT_SECRET, with roles where JWT_ROLES_CLAIM says', async () => {
    await testApp
      .http()
      .get('/articles')
      .set('authorization', bearer(await testApp.tokenFor(people.rita)))
      .expect(200);
  });

  it.each([
    ['another issuer', { iss: 'http://127.0.0.1/realms/payroll' }, /iss claim does not match/],
    ['another audience', { aud: 'payroll' }, /aud claim does not match/],
    ['a lifetime over 31 days', { expiresIn: '32d' }, /longer than Copydesk accepts/],
    ["the scheduler's subject", { sub: 'copydesk-scheduler' }, /reserved/],
    ['a subject over 200 characters', { sub: 'k'.repeat(201) }, /longer than 200/],
  ])('refuses a token for %s with 401', async (_what, claims, detail) => {
    const response = await testApp
      .http()
      .get('/articles')
      .set('authorization', bearer(await provider.sign(rsa, claims)));
    expect(response.status).toBe(401);
    expect(response.body.detail).toMatch(detail);
  });

  it('refuses with 400, naming the claim, a provider token whose name holds NUL', async () => {
    const response = await testApp
      .http()
      .get('/articles')
      .set('authorization', bearer(await provider.sign(ec, { name: 'Eddie\u0000' })));
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['Authorization', 'token.name']);
  });

  it("refuses an HS256 token keyed with the provider's public key: HS256 is checked only with JWT_SECRET", async () => {
    const forged = await new SignJWT({ name: 'Mallory', realm_access: { roles: ['admin'] } })
      .setProtectedHeader({ alg: 'HS256', kid: rsa.kid, typ: 'JWT' })
      .setSubject('mallory')
      .setIssuer(provider.issuer)
      .setAudience(provider.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(rsa.publicJwk)));
    const response = await testApp.http().get('/articles').set('authorization', bearer(forged));
    expect(response.status).toBe(401);
  });

  it('follows a key rotation: a new kid is fetched at once, and a removed key stops working', async () => {
    const oldToken = await provider.sign(rsa, { sub: 'kc-before-rotation' });
    await testApp.http().get('/articles').set('authorization', bearer(oldToken)).expect(200);

    // The provider publishes a new key beside the old one and starts signing with it.
    const next = await providerKey('rsa-2026-12', 'RS256');
    provider.published = [rsa, ec, next];
    const before = provider.fetches;
    await testApp
      .http()
      .get('/articles')
      .set('authorization', bearer(await provider.sign(next, { sub: 'kc-after-rotation' })))
      .expect(200);
    expect(provider.fetches - before).toBe(1);

    // The old key is withdrawn. Once the kept set is fetched again (JWT_JWKS_CACHE_MS), a token signed
    // with it is refused, and so is one already verified: its verification is reused no longer than that.
    provider.published = [ec, next];
    await sleep(KEY_CACHE_MS + 1_100);
    const unknownKid = await testApp
      .http()
      .get('/articles')
      .set('authorization', bearer(await provider.sign(rsa, { sub: 'kc-new-token-old-key' })));
    expect(unknownKid.status).toBe(401);
    const afterRemoval = await testApp.http().get('/articles').set('authorization', bearer(oldToken));
    expect(afterRemoval.status).toBe(401);
  });

  it('answers 503 with Retry-After while the key set cannot be fetched, writes nothing, and recovers', async () => {
    provider.failingWith = 500;
    await sleep(KEY_CACHE_MS + 100);
    const before = await eventCount(testApp.dataSource);
    const token = await provider.sign(ec, { sub: 'kc-during-outage' });
    const response = await testApp.http().post('/articles').set('authorization', bearer(token)).send(draft());
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body.type).toBe('https://copydesk.dev/problems/identity-provider-unavailable');
    expect(await eventCount(testApp.dataSource)).toBe(before);
    // HS256 tokens do not depend on the provider.
    await testApp
      .http()
      .get('/articles')
      .set('authorization', bearer(await testApp.tokenFor(people.eddie)))
      .expect(200);

    provider.failingWith = null;
    await testApp.http().get('/articles').set('authorization', bearer(token)).expect(200);
  });
});

describe('a service given only an identity provider', () => {
  let providerOnly: TestApp;

  beforeAll(async () => {
    providerOnly = await startTestApp({ ...provider.environment(KEY_CACHE_MS), JWT_SECRET: '' });
  });
  afterAll(() => providerOnly?.close());

  it("takes the provider's tokens and refuses every HS256 token", async () => {
    await providerOnly
      .http()
      .get('/articles')
      .set('authorization', bearer(await provider.sign(ec)))
      .expect(200);
    const response = await providerOnly
      .http()
      .get('/articles')
      .set('authorization', bearer(await testApp.tokenFor(people.ada)));
    expect(response.status).toBe(401);
  });
});
