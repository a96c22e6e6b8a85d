import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { mintToken } from '../src/auth/tokens';
import { loadConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';
import { loadSeedArticle } from '../src/demo/seed-article';
import { EventStore } from '../src/event-store/event-store';
import { median, onBenchDatabase, printTable, runBenchmark } from './bench-support';

/**
 * The cost of an edit against the length of the article's history: p50 of sequential HTTP PATCHes
 * (one field, If-Match chained from the last ETag) on a 10-event article and on a 10,000-event one,
 * through the whole service over a socket, as production takes it. Target: ratio ≤ 1.5.
 */
const LONG = 10_000;
const SHORT = 10;
const EDITS_PER_ROUND = 200;
const ROUNDS = 3;

runBenchmark(() =>
  onBenchDatabase(async (url, target) => {
    const config = loadConfig({ ...process.env, DATABASE_URL: url, JWT_SECRET: 'bench-secret-bench-secret-bench-secret-32' });
    const app = await createApp(config, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = await app.getUrl();
    const token = `Bearer ${await mintToken({ id: 'bench', name: 'Bench Editor', roles: ['editor'] }, new TextEncoder().encode(config.jwtSecret!))}`;
    const seed = loadSeedArticle(resolve(process.cwd(), 'test/fixtures/seed-article.txt'));
    const store = app.get(EventStore);

    const createArticle = async (events: number): Promise<{ id: string; version: number }> => {
      const response = await fetch(`${base}/articles`, {
        method: 'POST',
        headers: { authorization: token, 'content-type': 'application/json' },
        body: JSON.stringify({ ...seed.draft, slug: `bench-${randomUUID()}` }),
      });
      const { id } = (await response.json()) as { id: string };
      // Grown through the store in batches: 10,000 edits one by one through HTTP would take as long as the point being made.
      for (let version = 1; version < events;) {
        const batch = Math.min(500, events - version);
        await store.append(
          `article-${id}`,
          version,
          Array.from({ length: batch }, (_, index) => ({
            eventId: randomUUID(),
            type: 'ArticleEdited',
            data: { changes: { headline: `History ${version + index}` }, bodyOperations: [] },
            metadata: { actor: { id: 'bench', name: 'Bench Editor', roles: ['editor'] }, occurredAt: new Date().toISOString() },
          })),
        );
        version += batch;
      }
      return { id, version: events };
    };

    const editRound = async (article: { id: string; version: number }): Promise<number[]> => {
      const latencies: number[] = [];
      for (let index = 0; index < EDITS_PER_ROUND; index++) {
        const started = performance.now();
        const response = await fetch(`${base}/articles/${article.id}`, {
          method: 'PATCH',
          headers: { authorization: token, 'content-type': 'application/json', 'if-match': `"${article.version}"` },
          body: JSON.stringify({ headline: `Edit ${article.version}` }),
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`edit answered ${response.status}`);
        article.version = Number(JSON.parse(response.headers.get('etag')!));
      }
      return latencies;
    };

    try {
      const short = await createArticle(SHORT);
      const long = await createArticle(LONG);
      // One round each first, so both start with warm statements and connections.
      await editRound(short);
      await editRound(long);
      const p50 = { short: [] as number[], long: [] as number[] };
      for (let round = 0; round < ROUNDS; round++) {
        p50.short.push(median(await editRound(short)));
        p50.long.push(median(await editRound(long)));
      }
      console.log(
        `Edit p50 by history length, ${EDITS_PER_ROUND} sequential HTTP edits per round, median of ${ROUNDS} rounds, on ${target}\n`,
      );
      printTable(
        ['article', 'p50 per round (ms)', 'median p50 (ms)'],
        [
          [`${SHORT} events`, p50.short.map((value) => value.toFixed(2)).join(' / '), median(p50.short).toFixed(2)],
          [
            `${LONG.toLocaleString('en')} events`,
            p50.long.map((value) => value.toFixed(2)).join(' / '),
            median(p50.long).toFixed(2),
          ],
        ],
      );
      console.log(`\nratio long/short: ${(median(p50.long) / median(p50.short)).toFixed(2)}× (target ≤ 1.5×)`);
    } finally {
      await app.close();
    }
  }),
);
