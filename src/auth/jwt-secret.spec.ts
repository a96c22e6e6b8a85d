import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/app-config';
import { existingJwtSecret, resolveJwtSecret } from './jwt-secret';

const SECRET = 'copydesk-unit-secret-that-is-long-enough-for-hs256';
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('the JWT secret', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'copydesk-jwt-secret-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('resolveJwtSecret', () => {
    it('given JWT_SECRET, returns its bytes and writes nothing', async () => {
      const secret = await resolveJwtSecret({
        identityProvider: null,
        jwtSecret: SECRET,
        databaseUrl: 'postgres://db/copydesk',
        dataDir,
      });
      expect(secret).toEqual(bytes(SECRET));
      expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
    });

    it('given DATABASE_URL and no JWT_SECRET, refuses to invent one', async () => {
      const config = { identityProvider: null, jwtSecret: null, databaseUrl: 'postgres://db/copydesk', dataDir };
      await expect(resolveJwtSecret(config)).rejects.toThrow(ConfigError);
      await expect(resolveJwtSecret(config)).rejects.toThrow(/JWT_SECRET is required with DATABASE_URL/);
      expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
    });

    describe('with an identity provider (JWT_JWKS_URL)', () => {
      const identityProvider = {
        jwksUrl: 'https://id.example.org/jwks',
        issuer: 'https://id.example.org',
        audience: 'copydesk',
        keyCacheMs: 600_000,
        keyCooldownMs: 30_000,
      };

      it('and no JWT_SECRET, takes no HS256 tokens: no secret, none generated, none required with DATABASE_URL', async () => {
        for (const databaseUrl of [null, 'postgres://db/copydesk']) {
          await expect(resolveJwtSecret({ identityProvider, jwtSecret: null, databaseUrl, dataDir })).resolves.toBeNull();
        }
        expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
      });

      it('and JWT_SECRET, takes HS256 tokens signed with it too', async () => {
        const config = { identityProvider, jwtSecret: SECRET, databaseUrl: null, dataDir };
        await expect(resolveJwtSecret(config)).resolves.toEqual(bytes(SECRET));
      });

      it('gives tools no secret to sign with unless JWT_SECRET is set', async () => {
        const config = { identityProvider, jwtSecret: null, databaseUrl: null, dataDir };
        await expect(existingJwtSecret(config)).rejects.toThrow(/identity provider .*set JWT_SECRET/);
      });
    });

    describe('with the embedded database and no JWT_SECRET', () => {
      const embedded = () => ({
        identityProvider: null,
        jwtSecret: null,
        databaseUrl: null,
        dataDir: join(dataDir, 'not-yet-there'),
      });

      it('generates a secret file that only its owner may read', async () => {
        const secret = await resolveJwtSecret(embedded());
        const path = join(embedded().dataDir, 'jwt-secret');
        expect((await stat(path)).mode & 0o777).toBe(0o600);
        expect(secret).toEqual(bytes((await readFile(path, 'utf8')).trim()));
        expect(secret!.byteLength).toBeGreaterThanOrEqual(32);
      });

      it('returns the same secret on the next call', async () => {
        const first = await resolveJwtSecret(embedded());
        const second = await resolveJwtSecret(embedded());
        expect(second).toEqual(first);
      });

      it('refuses a secret file too short to sign with, rather than signing with it', async () => {
        await writeFile(join(dataDir, 'jwt-secret'), 'short\n', { mode: 0o600 });
        await expect(resolveJwtSecret({ ...embedded(), dataDir })).rejects.toThrow(/no usable secret/);
      });

      it('keeps a secret the service wrote before', async () => {
        await writeFile(join(dataDir, 'jwt-secret'), `${SECRET}\n`, { mode: 0o600 });
        expect(await resolveJwtSecret({ ...embedded(), dataDir })).toEqual(bytes(SECRET));
      });
    });
  });

  describe('existingJwtSecret', () => {
    it('given JWT_SECRET, returns its bytes', async () => {
      expect(await existingJwtSecret({ identityProvider: null, jwtSecret: SECRET, databaseUrl: null, dataDir })).toEqual(
        bytes(SECRET),
      );
    });

    it('given no secret file, refuses and does not create one', async () => {
      const config = { identityProvider: null, jwtSecret: null, databaseUrl: null, dataDir };
      await expect(existingJwtSecret(config)).rejects.toThrow(ConfigError);
      await expect(existingJwtSecret(config)).rejects.toThrow(/no JWT secret/);
      expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
    });

    it("given the service's secret file, returns the service's secret", async () => {
      const config = { identityProvider: null, jwtSecret: null, databaseUrl: null, dataDir };
      const services = await resolveJwtSecret(config);
      expect(await existingJwtSecret(config)).toEqual(services);
    });
  });
});
