import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';

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
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
