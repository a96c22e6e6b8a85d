import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { loadSeedArticle } from '../src/demo/seed-article';
import { MetricsServer } from '../src/metrics/metrics-server';
import { Sql } from '../src/database/sql';
import { ArticleDriver } from './support/desk-client';
import { holdTransaction } from './support/held-transaction';
import { untilConsumersCaughtUp } from './support/projections';
import { parsePrometheusText, valueOf } from './support/prometheus-text';
import { openScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { authorizationsFor, people, startTestApp, type TestApp } from './support/test-app';
import { WebhookReceiver, type ReceivedDelivery } from './support/webhook-receiver';

const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
const { eddie, rita, paul } = people;

/** Small delays, so retries, dead letters and disabling happen within a test. */
const SETTINGS = {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_ATTEMPTS: '2',
  WEBHOOK_RETRY_DELAY_SECONDS: '1',
  WEBHOOK_TIMEOUT_MS: '1500',
  WEBHOOK_DISABLE_AFTER_MS: '4000',
  WEBHOOK_POLL_MS: '500',
  PROJECTION_POLL_MS: '100',
};

let scratch: ScratchDatabase;
let testApp: TestApp;
let as: Awaited<ReturnType<typeof authorizationsFor>>;
let tokens: Map<string, string>;
const receivers: WebhookReceiver[] = [];
let counter = 0;

const start = async (overrides: Record<string, string> = {}) => {
  testApp = await startTestApp({ DATABASE_URL: scratch.url, ...SETTINGS, ...overrides });
  as = await authorizationsFor(testApp);
  tokens = await ArticleDriver.tokensFor(testApp, Object.values(people));
};

beforeAll(async () => {
  scratch = await openScratchDatabase();
  await start();
});

afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.stop()));
  await testApp?.close();
  await scratch?.drop();
});

async function receiver(answer?: ConstructorParameters<typeof WebhookReceiver>[0]): Promise<WebhookReceiver> {
  const started = await new WebhookReceiver(answer).start();
  receivers.push(started);
  return started;
}

async function createWebhook(body: Record<string, unknown>) {
  const response = await testApp.http().post('/webhooks').set('authorization', as.ada).send(body);
  expect(response.status).toBe(201);
  return response.body as { id: string; secret: string; url: string };
}

async function draft(headline = 'A story worth a webhook'): Promise<ArticleDriver> {
  const article = new ArticleDriver(testApp, tokens);
  counter += 1;
  const slug = `webhooks-${Date.now()}-${counter}`;
  expect((await article.create(eddie, { ...seed.draft, headline, slug })).status).toBe(201);
  return article;
}

async function publish(article: ArticleDriver): Promise<void> {
  expect((await article.act(eddie, 'submit')).status).toBe(200);
  expect((await article.act(rita, 'approve')).status).toBe(200);
  expect((await article.act(paul, 'publish')).status).toBe(200);
}

const deliveries = async (webhookId: string, query = '') =>
  (await testApp.http().get(`/webhooks/${webhookId}/deliveries${query}`).set('authorization', as.ada).expect(200)).body as {
    items: {
      id: string;
      eventId: string;
      eventType: string;
      articleId: string;
      version: number;
      state: string;
      attemptCount: number;
      attempts: { attempt: number; startedAt: string; status: number | null; error: string | null; durationMs: number }[];
      deadReason: string | null;
    }[];
    nextCursor: string | null;
  };

async function untilDeliveries(webhookId: string, settled: (items: Awaited<ReturnType<typeof deliveries>>['items']) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { items } = await deliveries(webhookId, '?limit=100');
    if (settled(items)) return items;
    if (Date.now() > deadline) throw new Error(`deliveries did not settle: ${JSON.stringify(items, null, 1)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const versionOf = (delivery: ReceivedDelivery): number => JSON.parse(delivery.body).data.event.version;
const articleOf = (delivery: ReceivedDelivery): string => JSON.parse(delivery.body).data.event.articleId;

describe('signed deliveries', () => {
  it('sends each event of an article, signed with the secret shown once, with the public representation', async () => {
    const hooks = await receiver();
    const webhook = await createWebhook({ url: hooks.url() });
    expect(webhook.secret).toMatch(/^whsec_/);
    const shown = await testApp.http().get(`/webhooks/${webhook.id}`).set('authorization', as.ada).expect(200);
    expect(shown.body).not.toHaveProperty('secret');
    expect(shown.body).toMatchObject({ id: webhook.id, url: hooks.url(), enabled: true, eventTypes: null, articleIds: null });

    const article = await draft();
    await publish(article);
    expect((await article.act(paul, 'unpublish', { reason: 'Legal asked us to.' })).status).toBe(200);
    await hooks.until((r) => r.accepted().filter((d) => articleOf(d) === article.id).length === 5);

    const verifier = new Webhook(webhook.secret);
    const mine = hooks.received.filter((d) => articleOf(d) === article.id);
    const events = await article.events();
    for (const [index, delivery] of mine.entries()) {
      // Throws unless the signature, made with the secret over id, timestamp and body, is right.
      const payload = verifier.verify(delivery.body, delivery.headers as Record<string, string>) as {
        type: string;
        data: { event: { id: string; version: number } };
      };
      expect(payload.type).toBe(events[index].type);
      expect(payload.data.event.version).toBe(index + 1);
      expect(delivery.headers['webhook-id']).toBe(payload.data.event.id);
      expect(delivery.headers['content-type']).toBe('application/json');
    }
    const eventIds = await testApp.dataSource.query(`SELECT event_id FROM events WHERE stream_id = $1 ORDER BY stream_version`, [
      `article-${article.id}`,
    ]);
    expect(mine.map((d) => d.headers['webhook-id'])).toEqual(eventIds.map((row: { event_id: string }) => row.event_id));

    const [published, unpublished] = [JSON.parse(mine[3].body), JSON.parse(mine[4].body)];
    expect(published.type).toBe('ArticlePublished');
    const slug = published.data.article.slug;
    expect(unpublished.type).toBe('ArticleUnpublished');
    expect(unpublished.data.killNotice).toMatchObject({ pubStatus: 'canceled', slugline: slug });
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(
        mine[0].body,
        mine[0].headers as Record<string, string>,
      ),
    ).toThrow();
  });

  it('sends the published article as GET /published/:slug serves it', async () => {
    const hooks = await receiver();
    await createWebhook({ url: hooks.url(), eventTypes: ['ArticlePublished'] });
    const article = await draft('Served the same way');
    await publish(article);
    await hooks.until((r) => r.accepted().some((d) => articleOf(d) === article.id));
    const payload = JSON.parse(hooks.accepted().find((d) => articleOf(d) === article.id)!.body);
    const served = await testApp.http().get(`/published/${payload.data.article.slug}`).expect(200);
    expect(payload.data.article).toEqual(served.body);
  });

  it('takes a secret in the Standard Webhooks form, and signs with it', async () => {
    const secret = `whsec_${Buffer.alloc(32, 42).toString('base64')}`;
    const hooks = await receiver();
    const webhook = await createWebhook({ url: hooks.url(), secret, eventTypes: ['ArticleDrafted'] });
    expect(webhook.secret).toBe(secret);
    const article = await draft();
    await hooks.until((r) => r.accepted().some((d) => articleOf(d) === article.id));
    const delivery = hooks.accepted().find((d) => articleOf(d) === article.id)!;
    expect(new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>)).toMatchObject({
      type: 'ArticleDrafted',
    });
  });
});

describe('filters', () => {
  it('sends only the event types and articles a webhook asks for', async () => {
    const [one, other] = [await draft('Followed'), await draft('Not followed')];
    const hooks = await receiver();
    await createWebhook({ url: hooks.url(), eventTypes: ['ArticleSubmitted', 'ArticlePublished'], articleIds: [one.id] });
    await publish(one);
    await publish(other);
    await hooks.until((r) => r.accepted().length === 2);
    // Give a wrongly sent delivery the time to arrive before concluding none was.
    const everything = await receiver();
    await createWebhook({ url: everything.url(), eventTypes: ['ArticlePublished'] });
    const last = await draft('After both');
    await publish(last);
    await everything.until((r) => r.accepted().some((d) => articleOf(d) === last.id));
    expect(hooks.received.map((d) => [articleOf(d), JSON.parse(d.body).type])).toEqual([
      [one.id, 'ArticleSubmitted'],
      [one.id, 'ArticlePublished'],
    ]);
  });

  it('does not send events committed before the webhook was made', async () => {
    const before = await draft('Older than the webhook');
    const hooks = await receiver();
    await createWebhook({ url: hooks.url(), articleIds: [before.id] });
    expect((await before.act(eddie, 'submit')).status).toBe(200);
    await hooks.until((r) => r.accepted().length === 1);
    expect(JSON.parse(hooks.received[0].body).type).toBe('ArticleSubmitted');
  });
});

describe('where a webhook starts', () => {
  it('sends nothing committed before it was made, even while an older transaction was still running', async () => {
    // An older transaction still open holds PostgreSQL's oldest running transaction id below the draft's.
    const older = await holdTransaction(Sql.of(testApp.dataSource));
    await older.client.query(`SELECT pg_current_xact_id()`);
    const article = await draft('Committed just before');
    const hooks = await receiver();
    await createWebhook({ url: hooks.url(), articleIds: [article.id] });
    await older.rollback();
    expect((await article.act(eddie, 'submit')).status).toBe(200);
    await hooks.until((r) => r.accepted().length >= 1);
    const later = await draft('After it');
    await later.act(eddie, 'submit');
    await untilConsumersCaughtUp(testApp.dataSource);
    expect(hooks.received.map((d) => JSON.parse(d.body).type)).toEqual(['ArticleSubmitted']);
  });
});

describe('at least once, in stream order per article', () => {
  it('holds an article’s later events back until an earlier one that failed is delivered, and retries with backoff', async () => {
    const failFirstTryOf = new Set<string>();
    const hooks = await receiver((delivery) => {
      const key = `${articleOf(delivery)}:${versionOf(delivery)}`;
      // Version 2 of every article fails once, then succeeds.
      if (versionOf(delivery) === 2 && !failFirstTryOf.has(key)) {
        failFirstTryOf.add(key);
        return 503;
      }
      return 200;
    });
    const [a, b] = [await draft('Lane A'), await draft('Lane B')];
    const webhook = await createWebhook({ url: hooks.url(), articleIds: [a.id, b.id] });
    for (const article of [a, b]) {
      expect((await article.edit(eddie, { standfirst: 'An edit.' })).status).toBe(200);
      expect((await article.act(eddie, 'submit')).status).toBe(200);
      expect((await article.act(rita, 'approve')).status).toBe(200);
    }
    await hooks.until((r) => r.accepted().length === 6);

    for (const article of [a, b]) {
      const lane = hooks.received.filter((d) => articleOf(d) === article.id);
      // 2 failed once and was retried; 3 and 4 came only after 2 had succeeded.
      expect(lane.map((d) => [versionOf(d), d.answered])).toEqual([
        [2, 503],
        [2, 200],
        [3, 200],
        [4, 200],
      ]);
      expect(lane[1].receivedAt - lane[0].receivedAt).toBeGreaterThanOrEqual(1000);
    }
    const items = await untilDeliveries(webhook.id, (list) => list.filter((d) => d.state === 'delivered').length === 6);
    const retried = items.filter((d) => d.version === 2);
    expect(retried.map((d) => d.attemptCount)).toEqual([2, 2]);
    expect(retried[0].attempts[0]).toMatchObject({ attempt: 1, status: 503, error: expect.stringContaining('answered 503') });
    expect(retried[0].attempts[1]).toMatchObject({ attempt: 2, status: 200, error: null });
  });

  it('dead-letters a delivery that used up its attempts, with the reason, then goes on with the article’s next event', async () => {
    let refusing = true;
    const hooks = await receiver((delivery) => (refusing && versionOf(delivery) === 2 ? 500 : 200));
    const article = await draft('Dead letter');
    const webhook = await createWebhook({ url: hooks.url(), articleIds: [article.id] });
    expect((await article.act(eddie, 'submit')).status).toBe(200);
    expect((await article.act(rita, 'approve')).status).toBe(200);
    const items = await untilDeliveries(
      webhook.id,
      (list) => list.length === 2 && list.every((d) => d.state === 'delivered' || d.state === 'dead'),
    );
    const dead = items.find((d) => d.version === 2)!;
    expect(dead).toMatchObject({ state: 'dead', attemptCount: 2, eventType: 'ArticleSubmitted' });
    expect(dead.deadReason).toMatch(/^gave up after 2 attempts; the last: answered 500/);
    expect(hooks.received.map((d) => [versionOf(d), d.answered])).toEqual([
      [2, 500],
      [2, 500],
      [3, 200],
    ]);
    const onlyDead = await deliveries(webhook.id, '?state=dead');
    expect(onlyDead.items.map((d) => d.id)).toEqual([dead.id]);

    // Replayed, it is delivered with a fresh set of attempts.
    refusing = false;
    await testApp.http().post(`/webhooks/${webhook.id}/deliveries/${dead.id}/replay`).set('authorization', as.ada).expect(202);
    await untilDeliveries(webhook.id, (list) => list.every((d) => d.state === 'delivered'));
    expect(hooks.accepted().map(versionOf)).toEqual([3, 2]);
    await testApp.http().post(`/webhooks/${webhook.id}/deliveries/${dead.id}/replay`).set('authorization', as.ada).expect(409);
  });

  it('disables a webhook that keeps failing for the configured time, says why, and sends what waited once enabled again', async () => {
    let down = true;
    const hooks = await receiver(() => (down ? 502 : 200));
    const article = await draft('Down for a while');
    const webhook = await createWebhook({ url: hooks.url(), articleIds: [article.id] });
    expect((await article.edit(eddie, { standfirst: 'One.' })).status).toBe(200);
    expect((await article.edit(eddie, { standfirst: 'Two.' })).status).toBe(200);
    expect((await article.edit(eddie, { standfirst: 'Three.' })).status).toBe(200);
    expect((await article.edit(eddie, { standfirst: 'Four.' })).status).toBe(200);
    const deadline = Date.now() + 30_000;
    let shown;
    do {
      shown = (await testApp.http().get(`/webhooks/${webhook.id}`).set('authorization', as.ada).expect(200)).body;
      if (Date.now() > deadline) throw new Error(`not disabled: ${JSON.stringify(shown)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } while (shown.enabled);
    expect(shown.disabled.reason).toMatch(/failed without a success since .* for longer than 4000 ms; the last: answered 502/);
    const listed = (await testApp.http().get('/webhooks').set('authorization', as.ada).expect(200)).body.items;
    expect(listed.find((each: { id: string }) => each.id === webhook.id)).toMatchObject({ enabled: false });
    const tried = hooks.received.length;
    // Two retry delays: a disabled webhook's deliveries are not tried meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(hooks.received.length).toBe(tried);

    down = false;
    const enabled = await testApp.http().post(`/webhooks/${webhook.id}/enable`).set('authorization', as.ada).expect(200);
    expect(enabled.body).toMatchObject({ enabled: true, disabled: null, failingSince: null });
    await untilDeliveries(webhook.id, (list) => list.every((d) => d.state === 'delivered' || d.state === 'dead'));
    const accepted = hooks.accepted().map(versionOf);
    expect(accepted).toEqual([...accepted].sort((x, y) => x - y));
    expect(accepted.at(-1)).toBe(5);
  });

  it('loses nothing when the service restarts in the middle of a delivery', async () => {
    let holding = true;
    const hooks = await receiver(() => (holding ? 'hold' : 200));
    const article = await draft('Across a restart');
    const webhook = await createWebhook({ url: hooks.url(), articleIds: [article.id] });
    expect((await article.act(eddie, 'submit')).status).toBe(200);
    await hooks.until((r) => r.received.length === 1);
    expect((await article.act(rita, 'approve')).status).toBe(200);
    await testApp.close();
    holding = false;
    await start();
    const items = await untilDeliveries(webhook.id, (list) => list.length === 2 && list.every((d) => d.state === 'delivered'));
    expect(items.map((d) => d.version).sort()).toEqual([2, 3]);
    expect(hooks.accepted().map(versionOf)).toEqual([2, 3]);
    const interrupted = items.find((d) => d.version === 2)!;
    expect(interrupted.attempts[0]).toMatchObject({ error: 'interrupted: the service was stopping', status: null });
  });
});

describe('metrics', () => {
  it('counts attempts by result, and shows disabled webhooks and dead deliveries', async () => {
    const [metricsUrl] = testApp.app.get(MetricsServer).urls;
    const scrape = async () => parsePrometheusText(await (await fetch(metricsUrl)).text());
    // The earlier specs' webhooks, once nothing of theirs is in flight, would count this article's events too.
    const deadline = Date.now() + 20_000;
    while (
      (await testApp.dataSource.query(`SELECT 1 FROM webhook_deliveries WHERE state IN ('pending', 'failed') AND queued`))
        .length > 0
    ) {
      if (Date.now() > deadline) throw new Error('earlier deliveries did not settle');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await testApp.dataSource.query(`DELETE FROM webhooks`);
    const before = await scrape();
    const hooks = await receiver((delivery) => (versionOf(delivery) === 2 ? 500 : 200));
    const article = await draft('Counted');
    const webhook = await createWebhook({ url: hooks.url(), articleIds: [article.id] });
    expect((await article.act(eddie, 'submit')).status).toBe(200);
    expect((await article.act(rita, 'approve')).status).toBe(200);
    await untilDeliveries(
      webhook.id,
      (list) => list.length === 2 && list.every((d) => d.state === 'delivered' || d.state === 'dead'),
    );
    const after = await scrape();
    const moved = (name: string, labels?: Record<string, string>) =>
      (valueOf(after, name, labels) ?? 0) - (valueOf(before, name, labels) ?? 0);
    expect(moved('copydesk_webhook_attempts_total', { result: 'failed' })).toBe(2);
    expect(moved('copydesk_webhook_attempts_total', { result: 'delivered' })).toBe(1);
    expect(moved('copydesk_webhook_attempt_seconds_count', { result: 'failed' })).toBe(2);
    expect(moved('copydesk_webhook_dead_lettered_total')).toBe(1);
    expect(moved('copydesk_webhook_deliveries_dead')).toBe(1);
    const disabled = await testApp.dataSource.query(`SELECT count(*)::integer AS n FROM webhooks WHERE disabled_at IS NOT NULL`);
    expect(valueOf(after, 'copydesk_webhooks_disabled')).toBe(disabled[0].n);
    expect(valueOf(after, 'copydesk_webhook_deliveries_unfinished')).toBeGreaterThanOrEqual(0);
  });
});

describe('managing webhooks', () => {
  it('lists, deletes, and pages the delivery log', async () => {
    const hooks = await receiver();
    const article = await draft('Paged');
    const webhook = await createWebhook({ url: hooks.url(), articleIds: [article.id] });
    expect((await article.edit(eddie, { standfirst: 'One.' })).status).toBe(200);
    expect((await article.edit(eddie, { standfirst: 'Two.' })).status).toBe(200);
    expect((await article.edit(eddie, { standfirst: 'Three.' })).status).toBe(200);
    await untilDeliveries(webhook.id, (list) => list.length === 3 && list.every((d) => d.state === 'delivered'));
    const first = await deliveries(webhook.id, '?limit=2');
    expect(first.items.map((d) => d.version)).toEqual([4, 3]);
    const second = await deliveries(webhook.id, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((d) => d.version)).toEqual([2]);
    expect(second.nextCursor).toBeNull();

    await testApp.http().delete(`/webhooks/${webhook.id}`).set('authorization', as.ada).expect(204);
    await testApp.http().get(`/webhooks/${webhook.id}`).set('authorization', as.ada).expect(404);
    await testApp.http().get(`/webhooks/${webhook.id}/deliveries`).set('authorization', as.ada).expect(404);
    await testApp.http().delete(`/webhooks/${webhook.id}`).set('authorization', as.ada).expect(404);
  });

  it('is for admins only', async () => {
    await testApp.http().get('/webhooks').set('authorization', as.eddie).expect(403);
    await testApp.http().post('/webhooks').set('authorization', as.paul).send({ url: 'http://127.0.0.1:9/' }).expect(403);
    await testApp.http().get('/webhooks').expect(401);
  });
});

describe('bad input', () => {
  const webhookCount = async () => Number((await testApp.dataSource.query(`SELECT count(*) AS n FROM webhooks`))[0].n);

  it.each([
    [{}, 'url'],
    [{ url: 42 }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ url: 'ftp://hooks.example.org/' }, 'url'],
    [{ url: 'https://user:pass@hooks.example.org/' }, 'url'],
    [{ url: 'https://hooks.example.org/#x' }, 'url'],
    [{ url: 'http://127.0.0.1:9/', secret: 'hunter2' }, 'secret'],
    [{ url: 'http://127.0.0.1:9/', secret: `whsec_${Buffer.alloc(8).toString('base64')}` }, 'secret'],
    [{ url: 'http://127.0.0.1:9/', eventTypes: ['ArticleExploded'] }, 'eventTypes'],
    [{ url: 'http://127.0.0.1:9/', eventTypes: [] }, 'eventTypes'],
    [{ url: 'http://127.0.0.1:9/', eventTypes: 'ArticlePublished' }, 'eventTypes'],
    [{ url: 'http://127.0.0.1:9/', articleIds: ['not-a-uuid'] }, 'articleIds'],
    [{ url: 'http://127.0.0.1:9/', articleIds: null }, 'articleIds'],
    [{ url: 'http://127.0.0.1:9/', secret: null }, 'secret'],
    [{ url: 'http://127.0.0.1:9/', colour: 'blue' }, 'colour'],
  ])('refuses %j naming %s, and writes nothing', async (body, field) => {
    const before = await webhookCount();
    const response = await testApp.http().post('/webhooks').set('authorization', as.ada).send(body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await webhookCount()).toBe(before);
  });

  it.each([
    ['get', '/webhooks/not-a-uuid', 'id'],
    ['delete', '/webhooks/not-a-uuid', 'id'],
    ['get', '/webhooks/5b0e4a52-8d4b-4c1e-9a57-2d1f3c0b6a11/deliveries?state=lost', 'state'],
    ['get', '/webhooks/5b0e4a52-8d4b-4c1e-9a57-2d1f3c0b6a11/deliveries?limit=0', 'limit'],
    ['get', '/webhooks/5b0e4a52-8d4b-4c1e-9a57-2d1f3c0b6a11/deliveries?cursor=nonsense', 'cursor'],
    ['post', '/webhooks/5b0e4a52-8d4b-4c1e-9a57-2d1f3c0b6a11/deliveries/x/replay', 'deliveryId'],
  ] as const)('refuses %s %s naming %s', async (method, path, field) => {
    const before = await webhookCount();
    const response = await testApp.http()[method](path).set('authorization', as.ada);
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await webhookCount()).toBe(before);
  });

  it('refuses a field in enable', async () => {
    const hooks = await receiver();
    const webhook = await createWebhook({ url: hooks.url() });
    const response = await testApp.http().post(`/webhooks/${webhook.id}/enable`).set('authorization', as.ada).send({ now: true });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('now');
    await testApp.http().delete(`/webhooks/${webhook.id}`).set('authorization', as.ada).expect(204);
  });
});
