import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';

const MIN_SECRET_LENGTH = 32;

/**
 * A random secret made on first use and read back afterwards, readable by its owner only. It is
 * written whole to a private file and then linked into place, so a second process starting at the
 * same moment reads either nothing or the complete secret, never a half-written one.
 */
export async function keptSecret(path: string): Promise<string> {
  if (!existsSync(path)) {
    const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(draft, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      await link(draft, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(draft);
    }
  }
  const secret = (await readFile(path, 'utf8')).trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`${path} holds no usable secret (under ${MIN_SECRET_LENGTH} characters); delete it to have a new one made`);
  }
  return secret;
}
