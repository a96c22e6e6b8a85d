import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';
import { loadSeedArticle } from '../src/demo/seed-article';
import { benchTokens, median, onBenchDatabase, printTable, publishSeed, runBenchmark, type BenchTokens } from './bench-support';

/**
 * The public formats against the page they derive from, in the same run on the same server: the
 * stored representation (`GET /published/:slug`, sent as it is), a revalidation of it (304), ninjs,
 * JSON-LD and 50-entry feeds, each derived from the representation (rendered once per ETag, then
 * served from memory). HTTP over loopback at 50 connections with autocannon (its load runs on a
 * worker thread, beside the server); the size of each answer is printed, since a full-content feed
 * is mostly bytes to send.
 */

const CONNECTIONS = 50;
const ARTICLES = 60;
const ROUNDS = 3;
const ROUND_SECONDS = 5;
const WARMUP_SECONDS = 2;

const seed = loadSeedArticle(resolve(process.cwd(), 'test/fixtures/seed-article.txt'));

interface Target {
  readonly name: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
}

async function benchmark(url: string, target: string): Promise<void> {
  const secret = randomBytes(32).toString('hex');
  // The load comes from one address: the public-read limit (RATE_LIMIT_PUBLIC_READS) would answer it with 429s.
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url,
    JWT_SECRET: secret,
    LOG_LEVEL: 'error',
    FEED_LENGTH: '50',
    RATE_LIMIT_PUBLIC_READS: '0',
  });
  const app = await createApp(config, { logger: false });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = await app.getUrl();
    const tokens = await benchTokens(secret);
    const section = `Bench ${Date.now()}`;
    let slug = '';
    for (let index = 0; index < ARTICLES; index++) slug = await publishOne(app, tokens, section, index);
    const etag = (await app.inject({ method: 'GET', url: `/published/${slug}` })).headers.etag as string;
    const feedEntries = (await app.inject({ method: 'GET', url: `/feeds/json?section=${encodeURIComponent(section)}` })).json()
      .items.length;

    const targets: Target[] = [
      { name: 'GET /published/:slug (stored representation)', path: `/published/${slug}` },
      { name: 'GET /published/:slug, If-None-Match (304)', path: `/published/${slug}`, headers: { 'if-none-match': etag } },
      { name: 'GET /published/:slug/ninjs (3.1)', path: `/published/${slug}/ninjs` },
      { name: 'GET /published/:slug/ninjs?version=2.2', path: `/published/${slug}/ninjs?version=2.2` },
      { name: 'GET /published/:slug/jsonld', path: `/published/${slug}/jsonld` },
      { name: `GET /feeds/atom (${feedEntries} entries)`, path: `/feeds/atom?section=${encodeURIComponent(section)}` },
      { name: `GET /feeds/json (${feedEntries} entries)`, path: `/feeds/json?section=${encodeURIComponent(section)}` },
      {
        name: `GET /feeds/atom?content=summary (${feedEntries})`,
        path: `/feeds/atom?section=${encodeURIComponent(section)}&content=summary`,
      },
    ];
    for (const each of targets) await load(base, each, WARMUP_SECONDS);
    const results = new Map(targets.map((each) => [each.name, { perSecond: [] as number[], p99: [] as number[], bytes: 0 }]));
    for (let round = 0; round < ROUNDS; round++) {
      // Each round in another order, so a slow spell on the shared machine does not always hit the same route.
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      for (const each of order) {
        const result = await load(base, each, ROUND_SECONDS);
        results.get(each.name)!.perSecond.push(result.perSecond);
        results.get(each.name)!.p99.push(result.p99);
        results.get(each.name)!.bytes = result.bytesPerResponse;
      }
    }

    console.log(`Copydesk public formats, ${target}; the seed article; ${ARTICLES} published, feeds of ${feedEntries}`);
    console.log(
      `autocannon, ${CONNECTIONS} connections over loopback; ${ROUNDS} rounds of ${ROUND_SECONDS} s per route after a ` +
        `${WARMUP_SECONDS} s warm-up, medians; ratio = route ÷ GET /published/:slug (req/s)\n`,
    );
    const page = median(results.get(targets[0].name)!.perSecond);
    printTable(
      ['route', 'req/s', 'p99 ms', 'ratio', 'KB/answer'],
      targets.map((each) => {
        const { perSecond, p99, bytes } = results.get(each.name)!;
        return [
          each.name,
          median(perSecond).toFixed(0),
          median(p99).toFixed(1),
          (median(perSecond) / page).toFixed(2),
          (bytes / 1024).toFixed(1),
        ];
      }),
    );
  } finally {
    await app.close();
  }
}

async function load(
  base: string,
  target: Target,
  seconds: number,
): Promise<{ perSecond: number; p99: number; bytesPerResponse: number }> {
  const result = await autocannon({
    url: `${base}${target.path}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: target.headers ?? {},
    workers: 1,
  });
  const expected = target.headers?.['if-none-match'] ? '3xx' : '2xx';
  const answered = expected === '3xx' ? result['3xx'] : result['2xx'];
  if (answered === 0 || result.non2xx - (expected === '3xx' ? result['3xx'] : 0) > 0 || result.errors > 0) {
    throw new Error(`${target.name}: expected ${expected} answers, got ${JSON.stringify({ ...result, latency: undefined })}`);
  }
  return {
    perSecond: result.requests.average,
    p99: result.latency.p99,
    bytesPerResponse: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
  };
}

/** One seed article through the real workflow, as the newsroom publishes it; returns its slug. */
async function publishOne(app: NestFastifyApplication, tokens: BenchTokens, section: string, index: number): Promise<string> {
  const slug = `bench-outputs-${Date.now()}-${index}`;
  await publishSeed(app, tokens, seed, { section, slug });
  return slug;
}

runBenchmark(() => onBenchDatabase(benchmark));
