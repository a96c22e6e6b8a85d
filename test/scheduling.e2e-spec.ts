import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CommandBus } from '@nestjs/cqrs';
import { RunArticleCommand } from '../src/articles/commands/article-command.handler';
import { SCHEDULER } from '../src/common/domain/actor';
import { loadSeedArticle } from '../src/demo/seed-article';
import { ANY_VERSION } from '../src/event-store/expected-version';
import { ScheduledPublisher } from '../src/scheduling/scheduled-publisher';
import { ArticleDriver } from './support/desk-client';
import { openScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { eventCount, people, startTestApp, type TestApp } from './support/test-app';

const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
const { eddie, rita, paul } = people;
/** Long enough that only the check at start runs: the service is "down" for polling. */
const POLL_ONLY_AT_START = '3600000';

let counter = 0;

async function approvedArticle(testApp: TestApp, tokens: Map<string, string>): Promise<ArticleDriver> {
  const article = new ArticleDriver(testApp, tokens);
  counter += 1;
  expect((await article.create(eddie, { ...seed.draft, slug: `scheduled-${Date.now()}-${counter}` })).status).toBe(201);
  expect((await article.act(eddie, 'submit')).status).toBe(200);
  expect((await article.act(rita, 'approve')).status).toBe(200);
  return article;
}

const inMs = (ms: number): string => new Date(Date.now() + ms).toISOString();

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const publications = async (article: ArticleDriver) =>
  (await article.events()).filter((event) => event.type === 'ArticlePublished');

async function isPublished(article: ArticleDriver): Promise<boolean> {
  return (await publications(article)).length > 0;
}

describe('a scheduled publication', () => {
  let scratch: ScratchDatabase;
  let testApp: TestApp;
  let tokens: Map<string, string>;

  beforeAll(async () => {
    scratch = await openScratchDatabase();
    testApp = await startTestApp({ DATABASE_URL: scratch.url, SCHEDULER_POLL_MS: '50' });
    tokens = await ArticleDriver.tokensFor(testApp, Object.values(people));
  });
  afterAll(async () => {
    await testApp.close();
    await scratch.drop();
  });

  it('goes out at its time, recording when it was due, who scheduled it and who fired it', async () => {
    const article = await approvedArticle(testApp, tokens);
    const at = inMs(3_000);
    const scheduled = await article.act(paul, 'publish', { at });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toMatchObject({ status: 'scheduled', schedule: { publishAt: at, by: { id: 'paul' } } });
    const slug = scheduled.body.slug as string;
    await testApp.http().get(`/published/${slug}`).expect(404);

    await waitFor(() => isPublished(article), 'the scheduled publication');
    const [publication] = await publications(article);
    expect(publication).toMatchObject({
      data: { kind: 'first', scheduledFor: at, scheduledBy: { id: 'paul', name: paul.name } },
      metadata: { actor: { id: SCHEDULER.id } },
    });
    expect(Date.parse(publication.metadata.occurredAt as string)).toBeGreaterThanOrEqual(Date.parse(at));
    await testApp.http().get(`/published/${slug}`).expect(200);
    expect((await article.read(eddie)).body).toMatchObject({ status: 'published', schedule: null });
  });

  it('accepts any UTC offset and stores the time in UTC', async () => {
    const article = await approvedArticle(testApp, tokens);
    const response = await article.act(paul, 'publish', { at: '2999-12-31T23:00:00-02:00' });
    expect(response.status).toBe(200);
    expect(response.body.schedule.publishAt).toBe('3000-01-01T01:00:00.000Z');
    await article.act(paul, 'cancel-schedule');
  });

  it('refuses a time in the past, a time without an offset and a non-time, writing nothing', async () => {
    const article = await approvedArticle(testApp, tokens);
    const past = await article.act(paul, 'publish', { at: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(422);
    expect(past.body.detail).toMatch(/future/);
    for (const at of ['2999-01-01T00:00:00', 'tomorrow', '2999-02-30T00:00:00Z', 42]) {
      const response = await article.act(paul, 'publish', { at });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['at']);
    }
    expect(await eventCount(testApp.dataSource, article.id)).toBe(3);
  });

  it('does not go out once cancelled', async () => {
    const article = await approvedArticle(testApp, tokens);
    const at = inMs(3_000);
    expect((await article.act(paul, 'publish', { at })).status).toBe(200);
    const cancelled = await article.act(paul, 'cancel-schedule', { reason: 'Embargo moved to Monday.' });
    expect(cancelled.body).toMatchObject({ status: 'approved', schedule: null });
    await sleep(Date.parse(at) - Date.now() + 200);
    await testApp.app.get(ScheduledPublisher).publishDue();
    expect(await publications(article)).toEqual([]);
    expect((await article.act(paul, 'cancel-schedule')).status).toBe(409);
  });

  it('is voided, with the approval, by an edit after scheduling', async () => {
    const article = await approvedArticle(testApp, tokens);
    const at = inMs(3_000);
    expect((await article.act(paul, 'publish', { at })).status).toBe(200);
    const edited = await article.edit(eddie, { standfirst: 'A late change of mind.' });
    expect(edited.body).toMatchObject({ status: 'draft', approval: null, schedule: null });
    await sleep(Date.parse(at) - Date.now() + 200);
    await testApp.app.get(ScheduledPublisher).publishDue();
    expect(await publications(article)).toEqual([]);
  });

  it('is cancelled, saying why, when its URL was taken meanwhile: never retried in silence', async () => {
    const holder = await approvedArticle(testApp, tokens);
    const slug = (await holder.read(eddie)).body.slug as string;
    await holder.act(paul, 'publish');
    await holder.act(paul, 'unpublish', { reason: 'Withdrawn; the URL stays reserved.' });

    const article = new ArticleDriver(testApp, tokens);
    await article.create(eddie, { ...seed.draft, slug });
    await article.act(eddie, 'submit');
    await article.act(rita, 'approve');
    expect((await article.act(paul, 'publish', { at: inMs(3_000) })).status).toBe(200);

    await waitFor(async () => (await article.read(eddie)).body.status !== 'scheduled', 'the scheduler to give up');
    expect(await publications(article)).toEqual([]);
    const [cancellation] = (await article.events()).filter((event) => event.type === 'ScheduleCancelled');
    expect(cancellation.metadata).toMatchObject({ actor: { id: SCHEDULER.id } });
    expect(cancellation.metadata.reason).toMatch(new RegExp(`could not publish at .*slug "${slug}"`));
    expect((await article.read(eddie)).body.status).toBe('approved');
  });
});

describe('catching up after downtime', () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await openScratchDatabase();
  });
  afterAll(() => scratch.drop());

  it('publishes on start what fell due while the service was stopped, recording both times', async () => {
    const before = await startTestApp({ DATABASE_URL: scratch.url, SCHEDULER_POLL_MS: POLL_ONLY_AT_START });
    const tokens = await ArticleDriver.tokensFor(before, Object.values(people));
    const article = await approvedArticle(before, tokens);
    const at = inMs(3_000);
    expect((await article.act(paul, 'publish', { at })).status).toBe(200);
    await before.close();

    await sleep(Date.parse(at) - Date.now() + 700);
    const after = await startTestApp({ DATABASE_URL: scratch.url, SCHEDULER_POLL_MS: POLL_ONLY_AT_START });
    try {
      const restarted = new ArticleDriver(after, tokens);
      restarted.id = article.id;
      await waitFor(() => isPublished(restarted), 'the catch-up publication');
      const [publication] = await publications(restarted);
      expect(publication.data.scheduledFor).toBe(at);
      expect(Date.parse(publication.metadata.occurredAt as string)).toBeGreaterThan(Date.parse(at) + 500);
    } finally {
      await after.close();
    }
  });
});

describe('several instances over one database', () => {
  let scratch: ScratchDatabase;
  let instances: TestApp[];
  let tokens: Map<string, string>;

  beforeAll(async () => {
    scratch = await openScratchDatabase();
    instances = [];
    for (let index = 0; index < 3; index += 1) {
      instances.push(await startTestApp({ DATABASE_URL: scratch.url, SCHEDULER_POLL_MS: '10' }));
    }
    tokens = await ArticleDriver.tokensFor(instances[0], Object.values(people));
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.close()));
    await scratch.drop();
  });

  it('publish each scheduled article exactly once', async () => {
    const articles: ArticleDriver[] = [];
    for (let index = 0; index < 8; index += 1) articles.push(await approvedArticle(instances[index % instances.length], tokens));
    const at = inMs(3_000);
    for (const article of articles) expect((await article.act(paul, 'publish', { at })).status).toBe(200);
    await waitFor(async () => (await Promise.all(articles.map(isPublished))).every(Boolean), 'every publication');
    await sleep(300);
    for (const article of articles) expect(await publications(article)).toHaveLength(1);
  });

  it('append one publication even when two instances fire the same schedule at once', async () => {
    const article = await approvedArticle(instances[0], tokens);
    const at = '2999-01-01T00:00:00.000Z';
    await article.act(paul, 'publish', { at });
    const fire = (instance: TestApp) => {
      const commandId = randomUUID();
      return instance.app
        .get(CommandBus)
        .execute(
          new RunArticleCommand(
            article.id,
            ANY_VERSION,
            { type: 'FireScheduledPublication', actor: SCHEDULER, at: '2999-01-01T00:00:01.000Z', publishAt: at },
            { requestId: `test-${commandId}`, commandId },
          ),
        );
    };
    const outcomes = await Promise.allSettled(instances.map(fire));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(await publications(article)).toHaveLength(1);
  });
});
