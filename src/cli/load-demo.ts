import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ArticleView } from '../articles/article.view';
import type { Actor } from '../common/domain/actor';
import { slugify } from '../articles/domain/slug';
import { existingJwtSecret } from '../auth/jwt-secret';
import { mintToken } from '../auth/tokens';
import { loadConfig } from '../config/app-config';
import { loadSeedArticle, type SeedArticle } from '../demo/seed-article';
import type { PublishedArticle } from '../published/published-article';

/**
 * Takes the seed article from draft to published through the HTTP API of a running service, as
 * three different people: the API is the only way in, so the demo exercises every rule a client meets.
 */

const USAGE = 'usage: npm run demo -- [--url http://localhost:3000] [--fixture test/fixtures/seed-article.txt]';
const TIMEOUT_MS = 30_000;
const EDITOR: Actor = { id: 'eddie', name: 'Eddie Editor', roles: ['editor'] };
// Approval is a second pair of eyes, so the reviewer must not be the editor.
const REVIEWER: Actor = { id: 'rita', name: 'Rita Reviewer', roles: ['reviewer'] };
const PUBLISHER: Actor = { id: 'paul', name: 'Paul Publisher', roles: ['publisher'] };

class UsageError extends Error {}

interface Call {
  readonly token?: string;
  readonly ifMatch?: string;
  readonly body?: unknown;
  /** Non-2xx statuses the caller handles itself. */
  readonly allow?: readonly number[];
}

interface Reply<T> {
  readonly status: number;
  readonly etag: string;
  readonly body: T;
}

class Api {
  constructor(readonly baseUrl: string) {}

  async send<T>(method: string, path: string, call: Call = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (call.token) headers.authorization = `Bearer ${call.token}`;
    if (call.ifMatch) headers['if-match'] = call.ifMatch;
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: JSON.stringify(call.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      throw new Error(`no Copydesk answers at ${this.baseUrl}: start it with \`npm start\` first\n  (${cause})`, {
        cause: error,
      });
    }
    const text = await response.text();
    if (!response.ok && !call.allow?.includes(response.status)) throw new Error(failure(method, path, response.status, text));
    return {
      status: response.status,
      etag: response.headers.get('etag') ?? '',
      body: parseJson<T>(text, method, path, response.status),
    };
  }
}

function failure(method: string, path: string, status: number, text: string): string {
  const hint =
    status === 401
      ? '\nThe demo signs its tokens with JWT_SECRET or the secret in DATA_DIR: run it with the same environment as the service.'
      : '';
  return `${method} ${path} answered ${status}:\n${prettyJson(text)}${hint}`;
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function parseJson<T>(text: string, method: string, path: string, status: number): T {
  try {
    return (text === '' ? null : JSON.parse(text)) as T;
  } catch {
    throw new Error(
      `${method} ${path} answered ${status} with a body that is not JSON: is this a Copydesk?\n${text.slice(0, 500)}`,
    );
  }
}

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

/** Editor drafts, attributes and submits; reviewer approves; publisher publishes. */
async function publishSeed(
  api: Api,
  seed: SeedArticle,
  tokens: { editor: string; reviewer: string; publisher: string },
): Promise<ArticleView> {
  const created = await api.send<ArticleView>('POST', '/articles', { token: tokens.editor, body: seed.draft });
  const id = created.body.id;
  say(`${EDITOR.name} created draft ${id}`);
  let etag = created.etag;
  for (const source of seed.sources) {
    ({ etag } = await api.send<ArticleView>('POST', `/articles/${id}/sources`, {
      token: tokens.editor,
      ifMatch: etag,
      body: source,
    }));
    say(`${EDITOR.name} attributed ${source.name} (${source.role})`);
  }
  const steps = [
    { action: 'submit', token: tokens.editor, who: EDITOR, done: 'submitted it for review' },
    { action: 'approve', token: tokens.reviewer, who: REVIEWER, done: 'approved it' },
    { action: 'publish', token: tokens.publisher, who: PUBLISHER, done: 'published it' },
  ];
  let article = created.body;
  for (const step of steps) {
    ({ etag, body: article } = await api.send<ArticleView>('POST', `/articles/${id}/${step.action}`, {
      token: step.token,
      ifMatch: etag,
      body: {},
    }));
    say(`${step.who.name} ${step.done} (version ${article.version})`);
  }
  return article;
}

function summary(api: Api, articleId: string, published: PublishedArticle, seed: SeedArticle): string {
  const check = (actual: string | null, expected: string) => (actual === expected ? '' : `   <- the fixture has "${expected}"`);
  return [
    '',
    `Published: ${published.headline}`,
    `  author:            ${published.authors.map((author) => author.name).join(', ')}`,
    `  body blocks:       ${published.body.length}`,
    `  attribution line:  ${published.attributionLine ?? '(none)'}${check(published.attributionLine, seed.expected.attributionLine)}`,
    `  image credit line: ${published.imageCreditLine ?? '(none)'}${check(published.imageCreditLine, seed.expected.imageCreditLine)}`,
    `  first published:   ${published.firstPublishedAt}`,
    `  newsroom view:     ${api.baseUrl}/articles/${articleId}  (needs a token: npm run -s token)`,
    `  public page:       ${api.baseUrl}/published/${published.slug}`,
  ].join('\n');
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const options = parseArguments(process.argv.slice(2), config.port);
  const seed = readFixture(options.fixture);
  const api = new Api(options.url);

  // The decider derives the slug from the headline the same way, so this finds an earlier run's article.
  const slug = slugify(seed.draft.headline);
  const existing = await api.send<PublishedArticle & { detail?: string }>('GET', `/published/${slug}`, { allow: [404, 410] });
  if (existing.status === 200) {
    say(`"${existing.body.headline}" is already published: ${api.baseUrl}/published/${slug}`);
    return;
  }
  // Unpublished (the README's walk-through ends that way): its slug stays reserved, so a second copy cannot go out.
  if (existing.status === 410) {
    say(`The seed article was published here and then withdrawn (${existing.body.detail}); its slug stays reserved.`);
    return;
  }

  const secret = await existingJwtSecret(config);
  const [editor, reviewer, publisher] = await Promise.all(
    [EDITOR, REVIEWER, PUBLISHER].map((actor) => mintToken(actor, secret, '15m', config.jwtRolesClaim)),
  );
  const article = await publishSeed(api, seed, { editor, reviewer, publisher });
  const published = await api.send<PublishedArticle>('GET', `/published/${article.slug}`);
  say(summary(api, article.id, published.body, seed));
}

main().catch((error: unknown) => {
  const usage = error instanceof UsageError;
  process.stderr.write(`load-demo: ${error instanceof Error ? error.message : String(error)}\n${usage ? `${USAGE}\n` : ''}`);
  process.exitCode = usage ? 2 : 1;
});
