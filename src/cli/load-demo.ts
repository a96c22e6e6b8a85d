import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Actor } from '../common/domain/actor';
import { slugify } from '../articles/domain/slug';
import { existingJwtSecret } from '../auth/jwt-secret';
import { mintToken } from '../auth/tokens';
import { loadConfig } from '../config/app-config';
import type { components } from '../demo/copydesk-api';
import { copydeskClient, CopydeskRefusal } from '../demo/copydesk-client';
import { publishSeed, type SeedTokens } from '../demo/publish-seed';
import { loadSeedArticle, type SeedArticle } from '../demo/seed-article';

type PublishedArticle = components['schemas']['PublishedArticle'];

/**
 * Takes the seed article from draft to published through the HTTP API of a running service, as
 * three different people: the API is the only way in, so the demo exercises every rule a client meets.
 */

const USAGE = 'usage: npm run demo -- [--url http://localhost:3000] [--fixture test/fixtures/seed-article.txt]';
const TIMEOUT_MS = 30_000;
const PEOPLE: Record<keyof SeedTokens, Actor> = {
  editor: { id: 'eddie', name: 'Eddie Editor', roles: ['editor'] },
  // Approval is a second pair of eyes, so the reviewer must not be the editor.
  reviewer: { id: 'rita', name: 'Rita Reviewer', roles: ['reviewer'] },
  publisher: { id: 'paul', name: 'Paul Publisher', roles: ['publisher'] },
};

class UsageError extends Error {}

function parseArguments(args: string[], port: number): { url: string; fixture: string } {
  let values: { url?: string; fixture?: string };
  try {
    values = parseArgs({ args, options: { url: { type: 'string' }, fixture: { type: 'string' } }, strict: true }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const url = values.url ?? process.env.COPYDESK_URL ?? `http://localhost:${port}`;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    throw new UsageError(`--url (or COPYDESK_URL) must be an http(s) URL; got "${url}"`);
  return { url: url.replace(/\/+$/, ''), fixture: resolve(process.cwd(), values.fixture ?? 'test/fixtures/seed-article.txt') };
}

function readFixture(path: string): SeedArticle {
  try {
    return loadSeedArticle(path);
  } catch (error) {
    throw new UsageError(
      `cannot read the fixture ${path}: ${(error as Error).message} (run from the project folder, or pass --fixture)`,
    );
  }
}

function summary(baseUrl: string, articleId: string, published: PublishedArticle, seed: SeedArticle): string {
  const check = (actual: string | null, expected: string) => (actual === expected ? '' : `   <- the fixture has "${expected}"`);
  return [
    '',
    `Published: ${published.headline}`,
    `  author:            ${published.authors.map((author) => author.name).join(', ')}`,
    `  body blocks:       ${published.body.length}`,
    `  attribution line:  ${published.attributionLine ?? '(none)'}${check(published.attributionLine, seed.expected.attributionLine)}`,
    `  image credit line: ${published.imageCreditLine ?? '(none)'}${check(published.imageCreditLine, seed.expected.imageCreditLine)}`,
    `  first published:   ${published.firstPublishedAt}`,
    `  newsroom view:     ${baseUrl}/articles/${articleId}  (needs a token: npm run -s token)`,
    `  public page:       ${baseUrl}/published/${published.slug}`,
  ].join('\n');
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const options = parseArguments(process.argv.slice(2), config.port);
  const seed = readFixture(options.fixture);
  const client = copydeskClient(options.url, TIMEOUT_MS);

  // The decider derives the slug from the headline the same way, so this finds an earlier run's article.
  const slug = slugify(seed.draft.headline);
  const existing = await reach(options.url, () => client.GET('/published/{slug}', { params: { path: { slug } } }));
  if (existing.data !== undefined) {
    say(`"${existing.data.headline}" is already published: ${options.url}/published/${slug}`);
    return;
  }
  // Unpublished (the README's walk-through ends that way): its slug stays reserved, so a second copy cannot go out.
  if (existing.response.status === 410) {
    say(`The seed article was published here and then withdrawn (${existing.error?.detail}); its slug stays reserved.`);
    return;
  }
  if (existing.response.status !== 404)
    throw new CopydeskRefusal(`GET /published/${slug}`, existing.response.status, existing.error);

  const secret = await existingJwtSecret(config);
  const [editor, reviewer, publisher] = await Promise.all(
    [PEOPLE.editor, PEOPLE.reviewer, PEOPLE.publisher].map((actor) => mintToken(actor, secret, '15m', config.jwtRolesClaim)),
  );
  const article = await publishSeed(client, seed, { editor, reviewer, publisher }, (who, what) =>
    say(`${PEOPLE[who].name} ${what}`),
  );
  const published = await client.GET('/published/{slug}', { params: { path: { slug: article.slug } } });
  if (published.data === undefined)
    throw new CopydeskRefusal(`GET /published/${article.slug}`, published.response.status, published.error);
  say(summary(options.url, article.id, published.data, seed));
}

/** The first call, with a hint when nothing answers at the address at all. */
async function reach<T>(url: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new Error(`no Copydesk answers at ${url}: start it with \`npm start\` first\n  (${cause})`, { cause: error });
  }
}

main().catch((error: unknown) => {
  const usage = error instanceof UsageError;
  const hint =
    error instanceof CopydeskRefusal && error.status === 401
      ? 'The demo signs its tokens with JWT_SECRET or the secret in DATA_DIR: run it with the same environment as the service.\n'
      : '';
  process.stderr.write(
    `load-demo: ${error instanceof Error ? error.message : String(error)}\n${hint}${usage ? `${USAGE}\n` : ''}`,
  );
  process.exitCode = usage ? 2 : 1;
});
