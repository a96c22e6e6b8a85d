import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, link, lstat, mkdir, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { PostgresBinaries } from './packaged-binaries';

/**
 * A copy of a PostgreSQL installation under `base`, readable and runnable by every user. Files are
 * hard links where the file system and their modes allow (no space, no time), copies otherwise.
 *
 * The folder's name carries the version and a fingerprint of the tree (paths, sizes, link targets):
 * an install that changed gets a mirror of its own instead of running stale files, and an unchanged
 * one reuses the mirror that is there. A mirror is built under a temporary name and renamed into
 * place, so a process that finds it finds it whole, even while another is building the same one.
 */
export async function mirrorBinaries(source: PostgresBinaries, version: string, base: string): Promise<PostgresBinaries> {
  const entries = await walk(source.root);
  const fingerprint = createHash('sha256')
    .update(entries.map((entry) => `${entry.path}\t${entry.kind}\t${entry.detail}`).join('\n'))
    .digest('hex')
    .slice(0, 12);
  const target = join(base, `postgres-${version}-${fingerprint}`);
  if (!existsSync(target)) await build(source.root, entries, target);
  return {
    root: target,
    initdb: join(target, relative(source.root, source.initdb)),
    postgres: join(target, relative(source.root, source.postgres)),
  };
}

interface Entry {
  readonly path: string;
  readonly kind: 'directory' | 'file' | 'symlink';
  /** The size of a file, the target of a link. */
  readonly detail: string;
  readonly mode: number;
}

async function walk(root: string, folder = root): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const name of (await readdir(folder)).sort()) {
    const path = join(folder, name);
    const info = await lstat(path);
    const relativePath = relative(root, path);
    if (info.isSymbolicLink()) {
      entries.push({ path: relativePath, kind: 'symlink', detail: await readlink(path), mode: info.mode });
    } else if (info.isDirectory()) {
      entries.push({ path: relativePath, kind: 'directory', detail: '', mode: info.mode });
      entries.push(...(await walk(root, path)));
    } else {
      entries.push({ path: relativePath, kind: 'file', detail: String(info.size), mode: info.mode });
    }
  }
  return entries;
}

async function build(sourceRoot: string, entries: readonly Entry[], target: string): Promise<void> {
  const draft = `${target}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await makeFolder(draft);
    for (const entry of entries) {
      const to = join(draft, entry.path);
      if (entry.kind === 'directory') await makeFolder(to);
      else if (entry.kind === 'symlink') await symlink(entry.detail, to);
      else await placeFile(join(sourceRoot, entry.path), to, entry.mode);
    }
    await rename(draft, target);
  } catch (error) {
    await rm(draft, { recursive: true, force: true });
    // Another process finished the same mirror first: use theirs.
    if (existsSync(target)) return;
    throw error;
  }
}

/** Mode bits (umask aside) that every user needs: read, and run what its owner can run. */
function openMode(mode: number): number {
  return (mode & 0o777) | 0o444 | ((mode & 0o100) !== 0 ? 0o111 : 0);
}

async function placeFile(from: string, to: string, mode: number): Promise<void> {
  // A hard link shares its mode with the original, so only an already open file can be linked.
  if (openMode(mode) === (mode & 0o777)) {
    try {
      await link(from, to);
      return;
    } catch (error) {
      if (!['EXDEV', 'EPERM', 'EMLINK'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
  await copyFile(from, to);
  await chmod(to, openMode(mode));
}

async function makeFolder(path: string): Promise<void> {
  await mkdir(path);
  // mkdir's mode is narrowed by the umask, which for root is often 077.
  await chmod(path, 0o755);
}
