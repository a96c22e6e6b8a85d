import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mintToken } from '../src/auth/tokens';
import { loadConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';
import { median, printTable, runBenchmark } from './bench-support';

/**
 * What an Idempotency-Key costs a command: the same requests with and without a (fresh) key, through
 * the whole application (Fastify inject: routing, auth, validation, fingerprint, the claim and the
 * answer, append, inline projections), on the same database in the same run. A third line shows what
 * a retry that is answered from the stored key costs.
 */

const CONCURRENCIES = [1, 8];
const WARMUP_MS = 1_500;
// Short rounds with alternating order, reported by their median: the machine is shared and noisy.
const ROUNDS = 5;
const ROUND_MS = 2_000;
// Each worker edits its own article and starts a new one after this many edits, so that the fold
// of the stream (read on every command) costs the same on both sides whatever their throughput.
const EDITS_PER_ARTICLE = 20;

/** One timed request; returns its latency in ms (set-up work it needs is done first, untimed). */
type Operation = () => Promise<number>;
/** Makes one worker's operation: each worker keeps its own article and version. */
type Subject = { readonly name: string; readonly worker: () => Operation };

interface RoundResult {
  perSecond: number;
  p50: number;
}

let app: NestFastifyApplication;
let authorization: string;

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'copydesk-bench-idempotency-'));
  const jwtSecret = randomBytes(32).toString('hex');
  try {
    const config = loadConfig({ ...process.env, DATA_DIR: dataDir, JWT_SECRET: jwtSecret, LOG_LEVEL: 'error' });
    app = await createApp(config, { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    authorization = `Bearer ${await mintToken({ id: 'bench', name: 'Bench Editor', roles: ['editor'] }, new TextEncoder().encode(jwtSecret))}`;
    await benchmark(config.databaseUrl ? 'DATABASE_URL' : 'throwaway embedded PostgreSQL');
  } finally {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function benchmark(target: string): Promise<void> {
  const pairs: [string, Subject, Subject][] = [
    ['create (POST /articles)', createSubject('unkeyed'), createSubject('keyed')],
    ['edit (PATCH /articles/:id)', editSubject('unkeyed'), editSubject('keyed')],
    ['create, retried', createSubject('unkeyed'), createSubject('replayed')],
  ];
  for (const [, unkeyed, keyed] of pairs) {
    await runRound(unkeyed, Math.max(...CONCURRENCIES), WARMUP_MS);
    await runRound(keyed, Math.max(...CONCURRENCIES), WARMUP_MS);
  }
  console.log(`Copydesk over Fastify inject, ${target}; ${ROUNDS} rounds of ${ROUND_MS / 1000} s per side, alternating`);
  console.log('medians over rounds; ratio = keyed ÷ unkeyed (throughput), overhead = keyed − unkeyed (median latency)\n');

  const header = ['command', 'concurrency', 'unkeyed/s', 'p50 ms', 'keyed/s', 'p50 ms', 'ratio', 'overhead ms'];
  const rows: string[][] = [];
  for (const [title, unkeyed, keyed] of pairs) {
    for (const concurrency of CONCURRENCIES) {
      const results = { unkeyed: [] as RoundResult[], keyed: [] as RoundResult[] };
      for (let round = 0; round < ROUNDS; round++) {
        // Rotating who goes first keeps a slow spell from always hitting the same side.
        const order = round % 2 === 0 ? (['unkeyed', 'keyed'] as const) : (['keyed', 'unkeyed'] as const);
        for (const side of order) results[side].push(await runRound(side === 'keyed' ? keyed : unkeyed, concurrency, ROUND_MS));
      }
      const plain = summarise(results.unkeyed);
      const withKey = summarise(results.keyed);
      rows.push([
        keyed.name === 'replayed' ? `${title} (keyed = answered from the key)` : title,
        String(concurrency),
        plain.perSecond.toFixed(0),
        plain.p50.toFixed(2),
        withKey.perSecond.toFixed(0),
        withKey.p50.toFixed(2),
        (withKey.perSecond / plain.perSecond).toFixed(2),
        (withKey.p50 - plain.p50).toFixed(2),
      ]);
    }
  }
  printTable(header, rows);
}

function createSubject(name: 'unkeyed' | 'keyed' | 'replayed'): Subject {
  return {
    name,
    worker: () => {
      const retriedKey = randomUUID();
      const retriedBody = draft();
      return async () => {
        if (name === 'replayed') return timed(() => send('POST', '/articles', retriedBody, { 'idempotency-key': retriedKey }));
        return timed(() => send('POST', '/articles', draft(), name === 'keyed' ? { 'idempotency-key': randomUUID() } : {}));
      };
    },
  };
}

function editSubject(name: 'unkeyed' | 'keyed'): Subject {
  return {
    name,
    worker: () => {
      let articleId = '';
      let version = EDITS_PER_ARTICLE + 1;
      return async () => {
        if (version > EDITS_PER_ARTICLE) {
          ({ id: articleId, version } = (await send('POST', '/articles', draft(), {})) as { id: string; version: number });
        }
        const headers = { 'if-match': `"${version}"`, ...(name === 'keyed' ? { 'idempotency-key': randomUUID() } : {}) };
        return timed(async () => {
          ({ version } = (await send('PATCH', `/articles/${articleId}`, { headline: `Edit ${version}` }, headers)) as {
            version: number;
          });
        });
      };
    },
  };
}

async function send(method: 'POST' | 'PATCH', url: string, payload: object, headers: Record<string, string>): Promise<unknown> {
  const response = await app.inject({ method, url, payload, headers: { authorization, ...headers } });
  if (response.statusCode >= 300) throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
  return response.json();
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const begun = performance.now();
  await work();
  return performance.now() - begun;
}

/** A short draft: the same size on both sides, its slug unique so that nothing collides. */
function draft(): object {
  return {
    headline: 'Council approves the new harbour bridge after a decade of debate',
    slug: `bench-${randomUUID()}`,
    section: 'Local',
    language: 'en',
    tags: ['harbour', 'council'],
    authors: [{ name: 'Bench Reporter' }],
    body: [
      { type: 'paragraph', text: 'The council voted on Tuesday to approve the bridge, ending years of argument.' },
      { type: 'paragraph', text: 'Residents who opposed the plan said they would keep watching the budget.' },
    ],
  };
}

/** Closed loop: `concurrency` workers each issue their next request as soon as the last one returns. */
async function runRound(subject: Subject, concurrency: number, durationMs: number): Promise<RoundResult> {
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const operation = subject.worker();
      while (performance.now() < deadline) latencies.push(await operation());
    }),
  );
  const elapsedSeconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / elapsedSeconds, p50: latencies[Math.floor(latencies.length / 2)] };
}

function summarise(rounds: RoundResult[]): RoundResult {
  return { perSecond: median(rounds.map((round) => round.perSecond)), p50: median(rounds.map((round) => round.p50)) };
}

runBenchmark(main);
