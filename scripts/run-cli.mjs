// node scripts/run-cli.mjs <compiled entry, e.g. src/cli/migrate.js> [--env-file=.env] [arguments...]
//
// Runs one of the project's command-line entry points (migrate, verify, token, demo, the
// benchmarks) from a build of the current sources (scripts/fresh-build.mjs), built first when the
// sources changed: never a stale build, and never touching dist/, which a running service may be
// using. The builds are a cache in node_modules/.cache/copydesk-cli; CLI_BUILD_DIR puts them
// elsewhere inside the project (they need its node_modules).
// --env-file=PATH loads variables from PATH as `node --env-file` does (those already set win).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { freshBuild } from './fresh-build.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENV_FILE = /^--env-file(?:=(.*))?$/;

function main([entry, ...rest]) {
  if (!entry) {
    process.stderr.write('usage: node scripts/run-cli.mjs <compiled entry, e.g. src/cli/migrate.js> [arguments...]\n');
    process.exit(2);
  }
  let args;
  try {
    args = withoutEnvFiles(rest);
  } catch (error) {
    process.stderr.write(`--env-file: ${error.message}\n`);
    process.exit(2);
  }
  let built;
  try {
    built = freshBuild({
      root: ROOT,
      outRoot: process.env.CLI_BUILD_DIR || join(ROOT, 'node_modules', '.cache', 'copydesk-cli'),
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const child = spawn(process.execPath, [join(built, entry), ...args], { cwd: process.cwd(), stdio: 'inherit' });
  // The CLI decides what a signal means (verify and demo stop their work); this process waits for its answer.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  // Ended by a signal: the shell's convention, 128 + its number.
  child.on('exit', (code, signal) => process.exit(signal ? 128 + constants.signals[signal] : (code ?? 1)));
}

/** The arguments without --env-file, whose files are loaded into this environment, which the CLI inherits. */
function withoutEnvFiles(args) {
  const kept = [];
  for (let index = 0; index < args.length; index++) {
    const match = ENV_FILE.exec(args[index]);
    if (match === null) kept.push(args[index]);
    else process.loadEnvFile(match[1] ?? args[++index]);
  }
  return kept;
}

main(process.argv.slice(2));
