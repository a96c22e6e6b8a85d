import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSeedArticle } from '../src/demo/seed-article';
import { MetricsServer } from '../src/metrics/metrics-server';
import { ScheduledPublisher } from '../src/scheduling/scheduled-publisher';
import { ArticleDriver } from './support/desk-client';
import { parsePrometheusText, valueOf, type Sample } from './support/prometheus-text';
import { openScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { people, startTestApp, type TestApp } from './support/test-app';

/**
 * The metrics as Prometheus reads them: scraped over HTTP from the app's own metrics port, before
 * and after the requests that should move them. The app has a database of its own, so that the
 * scheduler's backlog is this spec's alone.
 */
const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
const { eddie, rita, paul } = people;

let scratch: ScratchDatabase;
let testApp: TestApp;
let tokens: Map<string, string>;
let metricsUrl: string;

beforeAll(async () => {
  scratch = await openScratchDatabase();
  // The scheduler checks once at start and then not for an hour: the spec fires it when it wants.
  testApp = await startTestApp({ DATABASE_URL: scratch.url, SCHEDULER_POLL_MS: '3600000' });
  tokens = await ArticleDriver.tokensFor(testApp, Object.values(people));
  [metricsUrl] = testApp.app.get(MetricsServer).urls;
});
afterAll(async () => {
  await testApp?.close();
  await scratch?.drop();
});

async function scrape(): Promise<Sample[]> {
  const response = await fetch(metricsUrl);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

/** How much `work` moved each named sample. */
async function deltas(work: () => Promise<void>, ...wanted: [name: string, labels?: Record<string, string>][]) {
  const before = await scrape();
  await work();
  const after = await scrape();
  return wanted.map(([name, labels]) => (valueOf(after, name, labels) ?? 0) - (valueOf(before, name, labels) ?? 0));
}

async function draft(): Promise<ArticleDriver> {
  const article = new ArticleDriver(testApp, tokens);
  expect((await article.create(eddie, { ...seed.draft, slug: `metrics-${randomUUID()}` })).status).toBe(201);
  return article;
}

describe('the metrics endpoint', () => {
  it('is its own server on loopback, and the API does not serve it', async () => {
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    await testApp.http().get('/metrics').expect(404);
    expect((await fetch(new URL('/other', metricsUrl))).status).toBe(404);
    const post = await fetch(metricsUrl, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it("includes the process's and Node's own metrics", async () => {
    const names = new Set((await scrape()).map((sample) => sample.name));
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(names).toContain(name);
    }
  });
});

describe('http_request_duration_seconds', () => {
  it('times requests by method, route template and status class, never by the URL itself', async () => {
    const id = randomUUID();
    const [known, unmatched] = await deltas(
      async () => {
        await testApp.http().get(`/articles/${id}`).set('authorization', tokens.get(eddie.id)!).expect(404);
        await testApp.http().get(`/nowhere/${id}`).expect(404);
      },
      ['http_request_duration_seconds_count', { method: 'GET', route: '/articles/:id', status_class: '4xx' }],
      ['http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_class: '4xx' }],
    );
    expect([known, unmatched]).toEqual([1, 1]);
    const labelValues = (await scrape()).flatMap((sample) => Object.values(sample.labels));
    expect(labelValues.filter((value) => value.includes(id))).toEqual([]);
  });
});

describe('copydesk_commands_total', () => {
  it('counts each write as its command and outcome: accepted, invalid, conflict or refused', async () => {
    let article: ArticleDriver;
    const counts = await deltas(
      async () => {
        article = await draft();
        const invalid = await testApp.http().post('/articles').set('authorization', tokens.get(eddie.id)!).send({ headline: 42 });
        expect(invalid.status).toBe(400);
        const stale = await testApp
          .http()
          .patch(`/articles/${article.id}`)
          .set('authorization', tokens.get(eddie.id)!)
          .set('if-match', '"7"')
          .send({ headline: 'Too late' });
        expect(stale.status).toBe(412);
        // A draft has not been submitted: the workflow refuses to approve it.
        expect((await article.act(rita, 'approve')).status).toBe(409);
      },
      ['copydesk_commands_total', { command: 'CreateDraft', outcome: 'accepted' }],
      ['copydesk_commands_total', { command: 'CreateDraft', outcome: 'invalid' }],
      ['copydesk_commands_total', { command: 'EditArticle', outcome: 'conflict' }],
      ['copydesk_commands_total', { command: 'ApproveArticle', outcome: 'refused' }],
    );
    expect(counts).toEqual([1, 1, 1, 1]);
  });
});

describe('copydesk_append_duration_seconds', () => {
  it('times every append, and only appends', async () => {
    const [appends, seconds] = await deltas(
      async () => {
        const article = await draft();
        expect((await article.edit(eddie, { headline: 'A second version' })).status).toBe(200);
        // Refused: nothing is appended, nothing is timed.
        expect((await article.act(rita, 'approve')).status).toBe(409);
      },
      ['copydesk_append_duration_seconds_count'],
      ['copydesk_append_duration_seconds_sum'],
    );
    expect(appends).toBe(2);
    expect(seconds).toBeGreaterThan(0);
  });
});

describe('the scheduler backlog', () => {
  it('shows publications due and not yet published, and how late the oldest is, until the scheduler fires them', async () => {
    const before = await scrape();
    expect(valueOf(before, 'copydesk_scheduler_due')).toBe(0);
    expect(valueOf(before, 'copydesk_scheduler_late_seconds')).toBe(0);

    const article = await draft();
    for (const [by, action] of [
      [eddie, 'submit'],
      [rita, 'approve'],
    ] as const) {
      expect((await article.act(by, action)).status).toBe(200);
    }
    expect((await article.act(paul, 'publish', { at: new Date(Date.now() + 1000).toISOString() })).status).toBe(200);
    await sleep(1500);

    const due = await scrape();
    expect(valueOf(due, 'copydesk_scheduler_due')).toBe(1);
    expect(valueOf(due, 'copydesk_scheduler_late_seconds')).toBeGreaterThanOrEqual(0.4);

    const [fired] = await deltas(
      async () => expect(await testApp.app.get(ScheduledPublisher).publishDue()).toBe(1),
      ['copydesk_commands_total', { command: 'FireScheduledPublication', outcome: 'accepted' }],
    );
    expect(fired).toBe(1);
    const after = await scrape();
    expect(valueOf(after, 'copydesk_scheduler_due')).toBe(0);
    expect(valueOf(after, 'copydesk_scheduler_late_seconds')).toBe(0);
  });
});

describe('the asynchronous consumers', () => {
  it('are on the service’s own metrics port: running, and caught up once the feed has applied an edit', async () => {
    const article = await draft();
    expect((await article.edit(eddie, { headline: 'Seen by the activity feed' })).status).toBe(200);
    let samples = await scrape();
    for (
      let waited = 0;
      valueOf(samples, 'copydesk_projection_lag_events', { projection: 'article-activity' }) !== 0;
      waited += 100
    ) {
      expect(waited).toBeLessThan(10_000);
      await sleep(100);
      samples = await scrape();
    }
    expect(valueOf(samples, 'copydesk_projection_running', { projection: 'article-activity' })).toBe(1);
    expect(valueOf(samples, 'copydesk_projection_paused', { projection: 'article-activity' })).toBe(0);
    expect(valueOf(samples, 'copydesk_projection_lag_seconds', { projection: 'article-activity' })).toBe(0);
  });
});
