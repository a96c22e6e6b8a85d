import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RunArticleCommand } from '../src/articles/commands/article-command.handler';
import type { Actor } from '../src/common/domain/actor';
import type { ArticleCommand } from '../src/articles/domain/article.commands';
import { loadConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';
import { loadSeedArticle } from '../src/demo/seed-article';
import { ANY_VERSION, NO_STREAM, type ExpectedVersion } from '../src/event-store/expected-version';
import { ScheduledPublisher } from '../src/scheduling/scheduled-publisher';
import { median, onBenchDatabase, runBenchmark } from './bench-support';

/**
 * How fast the scheduler catches up on publications that fell due while the service was down, on
 * one instance and on three over one database, against the baseline of the same publications made
 * directly (POST .../publish through the command bus) by as many workers, in the same run.
 */

const ARTICLES = 150;
const ROUNDS = 3;
const INSTANCE_COUNTS = [1, 3];
const POLL_ONLY_WHEN_ASKED = '3600000';

const editor: Actor = { id: 'bench-editor', name: 'Bench Editor', roles: ['editor'] };
const reviewer: Actor = { id: 'bench-reviewer', name: 'Bench Reviewer', roles: ['reviewer'] };
const publisher: Actor = { id: 'bench-publisher', name: 'Bench Publisher', roles: ['publisher'] };
const seed = loadSeedArticle(resolve(process.cwd(), 'test/fixtures/seed-article.txt'));

async function main(url: string, target: string): Promise<void> {
  const instances: INestApplication[] = [];
  try {
    const env = {
      ...process.env,
      DATABASE_URL: url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      SCHEDULER_POLL_MS: POLL_ONLY_WHEN_ASKED,
      LOG_LEVEL: 'error',
    };
    for (let index = 0; index < Math.max(...INSTANCE_COUNTS); index += 1) {
      const app = await createApp(loadConfig(env), { logger: false });
      await app.init();
      instances.push(app);
    }
    await benchmark(instances, target);
  } finally {
    await Promise.all(instances.map((app) => app.close()));
  }
}

async function benchmark(instances: INestApplication[], target: string): Promise<void> {
  console.log(`scheduler catch-up: ${ARTICLES} overdue publications, median of ${ROUNDS} rounds, ${target}`);
  const results = new Map<string, number[]>();
  const record = (name: string, perSecond: number) => results.set(name, [...(results.get(name) ?? []), perSecond]);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const count of INSTANCE_COUNTS) {
      const active = instances.slice(0, count);
      record(`direct ${count}`, await directPublications(active));
      record(`scheduled ${count}`, await scheduledCatchUp(active));
    }
  }
  console.log('instances | catch-up publications/s | direct publications/s (same workers) | ratio');
  for (const count of INSTANCE_COUNTS) {
    const scheduled = median(results.get(`scheduled ${count}`)!);
    const direct = median(results.get(`direct ${count}`)!);
    console.log(
      `${String(count).padStart(9)} | ${scheduled.toFixed(0).padStart(23)} | ${direct.toFixed(0).padStart(37)} | ${(scheduled / direct).toFixed(2)}`,
    );
  }
}

/** Baseline: one worker per instance publishes approved articles now, one after another. */
async function directPublications(active: INestApplication[]): Promise<number> {
  const ids = await approvedArticles(active[0]);
  const queue = [...ids];
  const start = performance.now();
  await Promise.all(
    active.map(async (app) => {
      for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
        await run(app, id, ANY_VERSION, { type: 'PublishArticle', actor: publisher, at: new Date().toISOString() });
      }
    }),
  );
  return ids.length / ((performance.now() - start) / 1000);
}

/** The same publications, scheduled, fallen due, and caught up by the active instances' schedulers. */
async function scheduledCatchUp(active: INestApplication[]): Promise<number> {
  const ids = await approvedArticles(active[0]);
  const publishAt = new Date(Date.now() + 2_000).toISOString();
  for (const id of ids) {
    await run(active[0], id, ANY_VERSION, { type: 'PublishArticle', actor: publisher, at: new Date().toISOString(), publishAt });
  }
  await sleep(Date.parse(publishAt) - Date.now() + 50);
  const start = performance.now();
  const fired = await Promise.all(active.map((app) => app.get(ScheduledPublisher).publishDue()));
  const seconds = (performance.now() - start) / 1000;
  const total = fired.reduce((sum, count) => sum + count, 0);
  if (total !== ids.length) throw new Error(`expected ${ids.length} publications, the schedulers made ${total}`);
  return total / seconds;
}

async function approvedArticles(app: INestApplication): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < ARTICLES; index += 1) {
    const articleId = randomUUID();
    const at = () => new Date().toISOString();
    const { authors, leadImage, relatedLinks, body, ...rest } = seed.draft;
    await run(app, articleId, NO_STREAM, {
      type: 'CreateDraft',
      actor: editor,
      at: at(),
      articleId,
      content: {
        ...rest,
        slug: `bench-${articleId}`,
        standfirst: null,
        authors,
        leadImage,
        relatedLinks,
        body: body.map((block, position) => ({ ...block, id: `b${position}` })),
      },
    });
    await run(app, articleId, ANY_VERSION, { type: 'SubmitForReview', actor: editor, at: at() });
    await run(app, articleId, ANY_VERSION, { type: 'ApproveArticle', actor: reviewer, at: at() });
    ids.push(articleId);
  }
  return ids;
}

function run(app: INestApplication, articleId: string, expected: ExpectedVersion, command: ArticleCommand) {
  const commandId = randomUUID();
  return app
    .get(CommandBus)
    .execute(new RunArticleCommand(articleId, expected, command, { requestId: `bench-${commandId}`, commandId }));
}

runBenchmark(() => onBenchDatabase(main));
