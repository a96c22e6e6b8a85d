import { MetricsServer } from '../src/metrics/metrics-server';
import { CapturedLog } from './support/captured-log';
import { parsePrometheusText, valueOf } from './support/prometheus-text';
import { people, startTestApp, type TestApp } from './support/test-app';
import { TcpProxy } from './support/tcp-proxy';

/**
 * The database goes away under a running service: requests get 503 with Retry-After and a problem
 * type that says so, never a 500, and the service serves again by itself once the database is back.
 */
let proxy: TcpProxy;
let testApp: TestApp;
let editor: string;
const log = new CapturedLog();

beforeAll(async () => {
  const url = new URL(process.env.DATABASE_URL!);
  proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  testApp = await startTestApp({ DATABASE_URL: url.toString() }, { logger: log.logger });
  editor = `Bearer ${await testApp.tokenFor(people.eddie)}`;
});
afterAll(async () => {
  // Back up first, so that the service's pool closes cleanly.
  await proxy.restore();
  await testApp.close();
  await proxy.cut();
});

it('answers 503 with Retry-After while the database is down, and recovers without a restart', async () => {
  expect((await testApp.http().get('/articles').set('authorization', editor)).status).toBe(200);
  await proxy.cut();

  for (const request of [
    () => testApp.http().get('/articles').set('authorization', editor),
    () => testApp.http().get('/published'),
    () => testApp.http().post('/articles').set('authorization', editor).send({ headline: 'x' }),
  ]) {
    const response = await request();
    // The create above is refused for its body before it needs the database.
    if (response.status === 400) continue;
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect(response.body.type).toBe('https://copydesk.dev/problems/database-unavailable');
    // Its access line is an error, and carries what failed.
    const line = log.lines.find((each) => each.requestId === response.headers['x-request-id']);
    expect(line).toMatchObject({ level: 'error', status: 503, err: { message: expect.any(String), stack: expect.any(String) } });
  }

  await proxy.restore();
  let status = 0;
  for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
    status = (await testApp.http().get('/articles').set('authorization', editor)).status;
    if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(status).toBe(200);
});

it('still serves its metrics while the database is down, with the scheduler backlog unknown until it is back', async () => {
  const [metricsUrl] = testApp.app.get(MetricsServer).urls;
  const scrape = async () => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    return parsePrometheusText(await response.text());
  };
  await proxy.cut();
  try {
    const down = await scrape();
    expect(valueOf(down, 'copydesk_scheduler_due')).toBeNaN();
    expect(valueOf(down, 'copydesk_scheduler_late_seconds')).toBeNaN();
    expect(valueOf(down, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  } finally {
    await proxy.restore();
  }
  let due = Number.NaN;
  for (let attempt = 0; attempt < 50 && Number.isNaN(due); attempt++) {
    due = valueOf(await scrape(), 'copydesk_scheduler_due') ?? Number.NaN;
    if (Number.isNaN(due)) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(due).toBeGreaterThanOrEqual(0);
});
