import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { keptSecret } from '../common/kept-secret';

/** JWT_SECRET, or for the zero-setup default a secret generated once and kept beside the data. */
export async function resolveJwtSecret(config: Pick<AppConfig, 'jwtSecret' | 'dataDir'>): Promise<Uint8Array> {
  if (config.jwtSecret !== null) return new TextEncoder().encode(config.jwtSecret);
  await mkdir(config.dataDir, { recursive: true });
  return new TextEncoder().encode(await keptSecret(join(config.dataDir, 'jwt-secret')));
}
