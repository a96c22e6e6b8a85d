import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, type AppConfig } from '../config/app-config';
import { keptSecret } from '../common/kept-secret';

type SecretConfig = Pick<AppConfig, 'jwtSecret' | 'dataDir' | 'databaseUrl' | 'identityProvider'>;

/**
 * JWT_SECRET, or for the zero-setup default (embedded database) a secret generated once and kept
 * beside the data. A service on a real DATABASE_URL must be given its secret: several instances
 * must share it, and none may invent its own. A service given an identity provider (JWT_JWKS_URL)
 * takes HS256 tokens only if it is also given JWT_SECRET: null, otherwise.
 */
export async function resolveJwtSecret(config: SecretConfig): Promise<Uint8Array | null> {
  if (config.jwtSecret !== null) return encode(config.jwtSecret);
  if (config.identityProvider !== null) return null;
  if (config.databaseUrl !== null) {
    throw new ConfigError(
      'JWT_SECRET is required with DATABASE_URL (or JWT_JWKS_URL, for tokens from an identity provider); only the embedded default generates its own',
    );
  }
  await mkdir(config.dataDir, { recursive: true });
  return encode(await keptSecret(secretPath(config)));
}

/** For tools that sign tokens for a running service: use its secret, never make a new one. */
export async function existingJwtSecret(config: SecretConfig): Promise<Uint8Array> {
  if (config.jwtSecret === null && config.identityProvider !== null) {
    throw new ConfigError(
      'no JWT secret: this service takes tokens from its identity provider (JWT_JWKS_URL); set JWT_SECRET to sign development tokens too',
    );
  }
  if (config.jwtSecret === null && !existsSync(secretPath(config))) {
    throw new ConfigError(
      `no JWT secret: set JWT_SECRET, or point DATA_DIR at the service's data folder (${secretPath(config)} does not exist; ` +
        'the service writes it on its first start)',
    );
  }
  return (await resolveJwtSecret(config))!;
}

const secretPath = (config: SecretConfig): string => join(config.dataDir, 'jwt-secret');
const encode = (secret: string): Uint8Array => new TextEncoder().encode(secret);
