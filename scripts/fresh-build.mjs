import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import process from 'node:process';

/** What the compiled JavaScript depends on: the sources tsconfig.build.json compiles, its settings, the installed versions. */
export const BUILD_INPUTS = ['src', 'migrations', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

/** A digest of every input file's path and content: equal digests, equal builds. */
export function sourceFingerprint(root, inputs = BUILD_INPUTS) {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap((input) => filesUnder(join(root, input)))) {
    hash.update(`${relative(root, file)}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/**
 * The folder under `outRoot` that holds a build of the current sources, built first if there is
 * none. Each build has a folder of its own, named by the sources' fingerprint, and appears whole
 * (built beside it, then renamed), so a build never writes over one that something runs from, and
 * a build of old sources is never taken for the current one. `dist/`, the service's build, is not
 * touched. Earlier builds are removed once a newer one is in place.
 */
export function freshBuild({ root, outRoot, inputs = BUILD_INPUTS, build = compileWithTsc, log = () => {} }) {
  const fingerprint = sourceFingerprint(root, inputs);
  const target = join(outRoot, fingerprint);
  if (existsSync(target)) return target;
  mkdirSync(outRoot, { recursive: true });
  const staging = `${target}.building-${process.pid}`;
  log(`building the current sources into ${relative(root, target)}`);
  try {
    build(root, staging);
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another process built the same sources at the same time: its build is as good as this one.
    if (!existsSync(target)) throw error;
  }
  removeOtherBuilds(outRoot, fingerprint);
  return target;
}

/** Earlier builds, and half-made ones whose builder is gone; a build still being made by a live process stays. */
function removeOtherBuilds(outRoot, fingerprint) {
  for (const name of readdirSync(outRoot)) {
    const builder = /\.building-(\d+)$/.exec(name);
    if (name === fingerprint || (builder !== null && isAlive(Number(builder[1])))) continue;
    rmSync(join(outRoot, name), { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** tsc with the service's own build settings, into `outDir`; its messages go to stderr, so a CLI's stdout stays its own. */
export function compileWithTsc(root, outDir, tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')) {
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  if (result.status !== 0) throw new Error(`the build failed (tsc exited with ${result.status ?? result.signal})`);
}
