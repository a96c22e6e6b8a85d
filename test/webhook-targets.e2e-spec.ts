import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { loadSeedArticle } from '../src/demo/seed-article';
import { generateWebhookSecret } from '../src/webhooks/webhook-secret';
import { ArticleDriver } from './support/desk-client';
import { openScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { authorizationsFor, people, startTestApp, type TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));

/** The SSRF guard as it stands by default: WEBHOOK_ALLOW_PRIVATE_TARGETS unset. */
let scratch: ScratchDatabase;
let testApp: TestApp;
let as: Awaited<ReturnType<typeof authorizationsFor>>;
let hooks: WebhookReceiver;

beforeAll(async () => {
  scratch = await openScratchDatabase();
  testApp = await startTestApp({
    DATABASE_URL: scratch.url,
    WEBHOOK_ATTEMPTS: '1',
    WEBHOOK_POLL_MS: '500',
    PROJECTION_POLL_MS: '100',
  });
  as = await authorizationsFor(testApp);
  hooks = await new WebhookReceiver().start();
});

afterAll(async () => {
  await hooks?.stop();
  await testApp?.close();
  await scratch?.drop();
});

const webhookCount = async () => Number((await testApp.dataSource.query(`SELECT count(*) AS n FROM webhooks`))[0].n);

describe('the SSRF guard when a webhook is made', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['http://2130706433/hook', 'loopback'],
    ['http://[::1]/hook', 'loopback'],
    ['http://localhost/hook', 'loopback'],
    ['http://10.0.0.7/hook', 'private'],
    ['http://192.168.1.20/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://[fe80::1]/hook', 'link-local'],
    ['http://[fd00::1]/hook', 'unique-local'],
    ['http://0.0.0.0/hook', 'unspecified'],
    ['http://[::]/hook', 'unspecified'],
    ['http://100.64.0.1/hook', 'carrier-grade NAT'],
    ['http://[::ffff:127.0.0.1]/hook', 'IPv4-mapped'],
    ['http://[::ffff:10.0.0.1]/hook', 'IPv4-mapped'],
  ])('refuses %s (%s) with a 400 naming url, and writes nothing', async (url, range) => {
    const response = await testApp.http().post('/webhooks').set('authorization', as.ada).send({ url });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'url', messages: [expect.stringContaining(range)] }]);
    expect(await webhookCount()).toBe(0);
  });

  it('refuses a host that does not resolve', async () => {
    const response = await testApp.http().post('/webhooks').set('authorization', as.ada).send({ url: 'https://hooks.invalid/' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'url', messages: [expect.stringContaining('could not be resolved')] }]);
    expect(await webhookCount()).toBe(0);
  });
});

describe('the SSRF guard at delivery time', () => {
  it('refuses a host that resolves to a private address when the delivery connects (DNS rebinding), and sends nothing', async () => {
    // As if `localhost` had resolved to a public address when the webhook was made and to loopback now.
    const id = randomUUID();
    await testApp.dataSource.query(`INSERT INTO webhooks (id, url, secret, created_by) VALUES ($1, $2, $3, 'ada')`, [
      id,
      `http://localhost:${hooks.port}/hook`,
      generateWebhookSecret(),
    ]);
    const tokens = await ArticleDriver.tokensFor(testApp, [people.eddie]);
    const article = new ArticleDriver(testApp, tokens);
    expect((await article.create(people.eddie, { ...seed.draft, slug: `rebinding-${Date.now()}` })).status).toBe(201);

    const deadline = Date.now() + 20_000;
    let delivery;
    do {
      const { body } = await testApp.http().get(`/webhooks/${id}/deliveries`).set('authorization', as.ada).expect(200);
      delivery = body.items[0];
      if (Date.now() > deadline) throw new Error(`no dead delivery: ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } while (delivery?.state !== 'dead');
    expect(delivery.attempts[0]).toMatchObject({
      status: null,
      error: expect.stringMatching(/^refused: localhost resolves to (127\.0\.0\.1|::1) is a loopback address$/),
    });
    expect(delivery.deadReason).toMatch(/^gave up after 1 attempt; the last: refused: localhost resolves to/);
    expect(hooks.received).toEqual([]);
  });
});
