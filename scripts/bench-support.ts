import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mintToken } from '../src/auth/tokens';
import type { Actor } from '../src/common/domain/actor';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';
import type { SeedArticle } from '../src/demo/seed-article';

/**
 * What every benchmark script shares: a server to measure on (DATABASE_URL, or a throwaway embedded
 * PostgreSQL removed afterwards), medians and a plain table. Scripts, never tests: they print figures.
 */
export async function onBenchDatabase(run: (url: string, target: string) => Promise<void>): Promise<void> {
  const external = process.env.DATABASE_URL;
  if (external) return run(external, 'DATABASE_URL');
  const dataDir = await mkdtemp(join(tmpdir(), 'copydesk-bench-'));
  const server = await EmbeddedPostgres.start(dataDir);
  try {
    await run(server.url, 'throwaway embedded PostgreSQL');
  } finally {
    await server.discard();
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** First column left-aligned, figures right-aligned. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const row of rows) console.log(line(row));
}

export function runBenchmark(main: () => Promise<void>): void {
  // The apps a benchmark starts serve their metrics on free ports, beside any service running here.
  process.env.METRICS_PORT ??= '0';
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

/** The newsroom a benchmark acts as: one person for each step from draft to publication. */
export const BENCH_PEOPLE: Record<'editor' | 'reviewer' | 'publisher', Actor> = {
  editor: { id: 'bench-editor', name: 'Bench Editor', roles: ['editor'] },
  reviewer: { id: 'bench-reviewer', name: 'Bench Reviewer', roles: ['reviewer'] },
  publisher: { id: 'bench-publisher', name: 'Bench Publisher', roles: ['publisher'] },
};
export type BenchTokens = Record<keyof typeof BENCH_PEOPLE, string>;

/** An Authorization header for each of BENCH_PEOPLE, signed with the app's secret. */
export async function benchTokens(secret: string): Promise<BenchTokens> {
  const key = new TextEncoder().encode(secret);
  const entries = await Promise.all(
    Object.entries(BENCH_PEOPLE).map(async ([role, actor]) => [role, `Bearer ${await mintToken(actor, key)}`]),
  );
  return Object.fromEntries(entries) as BenchTokens;
}

/** The seed article through the real workflow (create, sources, submit, approve, publish), as the newsroom publishes it. */
export async function publishSeed(
  app: NestFastifyApplication,
  tokens: BenchTokens,
  seed: SeedArticle,
  fields: { section: string; slug: string },
): Promise<void> {
  const created = await app.inject({
    method: 'POST',
    url: '/articles',
    headers: { authorization: tokens.editor },
    payload: { ...seed.draft, ...fields },
  });
  if (created.statusCode !== 201) throw new Error(`create: ${created.statusCode} ${created.body}`);
  const id = created.json().id as string;
  let version = 1;
  const act = async (who: keyof BenchTokens, action: string, payload: object = {}) => {
    const response = await app.inject({
      method: 'POST',
      url: `/articles/${id}/${action}`,
      headers: { authorization: tokens[who], 'if-match': `"${version}"` },
      payload,
    });
    if (response.statusCode >= 300) throw new Error(`${action}: ${response.statusCode} ${response.body}`);
    version = Number(JSON.parse(response.headers.etag as string));
  };
  for (const source of seed.sources) await act('editor', 'sources', source);
  await act('editor', 'submit');
  await act('reviewer', 'approve');
  await act('publisher', 'publish');
}
