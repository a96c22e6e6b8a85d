import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileWithTsc, freshBuild } from '../scripts/fresh-build.mjs';

/**
 * The CLIs' build (scripts/fresh-build.mjs) on a project of one file, compiled by the real tsc:
 * built when there is none, reused while the sources stay, rebuilt when they change, and the old
 * build removed only once the new one is in place.
 */
const TSC = join(__dirname, '..', 'node_modules', 'typescript', 'bin', 'tsc');

let root: string;
let builds: number;
const build = () =>
  freshBuild({
    root,
    outRoot: join(root, 'dist-cli'),
    inputs: ['src', 'tsconfig.json', 'tsconfig.build.json'],
    build: (projectRoot: string, outDir: string) => {
      builds += 1;
      compileWithTsc(projectRoot, outDir, TSC);
    },
  });
const run = (built: string) => execFileSync(process.execPath, [join(built, 'src', 'hello.js')], { encoding: 'utf8' });
const writeSource = (says: string) => writeFileSync(join(root, 'src', 'hello.ts'), `console.log(${JSON.stringify(says)});\n`);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'copydesk-fresh-build-'));
  builds = 0;
  mkdirSync(join(root, 'src'));
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'commonjs', target: 'ES2023', rootDir: '.', outDir: 'dist', types: [], skipLibCheck: true },
    }),
  );
  writeFileSync(join(root, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', include: ['src/**/*.ts'] }));
  writeSource('first');
});
afterEach(() => rm(root, { recursive: true, force: true }));

it('builds the current sources once and runs that build while they stay; a changed source makes a new one, and the old one goes', () => {
  const first = build();
  expect(run(first)).toBe('first\n');
  expect(build()).toBe(first);
  expect(builds).toBe(1);

  writeSource('second');
  const second = build();
  expect(second).not.toBe(first);
  expect(run(second)).toBe('second\n');
  expect(builds).toBe(2);
  expect(readdirSync(join(root, 'dist-cli'))).toEqual([second.split('/').at(-1)]);
});

it('leaves no half-made build behind when the build fails, and keeps the last good one', () => {
  const first = build();
  writeFileSync(join(root, 'src', 'hello.ts'), 'const broken: number = "not a number";\n');
  expect(() => build()).toThrow(/the build failed/);
  expect(readdirSync(join(root, 'dist-cli'))).toEqual([first.split('/').at(-1)]);
});
