import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSeedArticle } from '../src/demo/seed-article';
import { Sql } from '../src/database/sql';
import { AsyncConsumers } from '../src/event-store/async-consumers';
import { ConsumerStatusReader, type ConsumerReport } from '../src/event-store/consumer-status';
import { ProjectionEngine } from '../src/event-store/projection-engine';
import { MetricsServer } from '../src/metrics/metrics-server';
import { ArticleDriver } from './support/desk-client';
import { describeWithNatsServer, NatsServer } from './support/nats-server';
import { streamConfig, streamMessages, type StreamedMessage } from './support/nats-stream';
import { parsePrometheusText, valueOf } from './support/prometheus-text';
import { openScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { authorizationsFor, people, startTestApp, type TestApp } from './support/test-app';

/**
 * The NATS delivery against a real nats-server with JetStream, each spec on a broker and a database
 * of its own: the stream must hold exactly the database's events, once each, in commit order.
 */
const seed = loadSeedArticle(join(__dirname, 'fixtures', 'seed-article.txt'));
const { eddie } = people;
const NATS = 'nats-jetstream';

describeWithNatsServer('publishing every event to NATS JetStream', (natsServerBinary) => {
  let broker: NatsServer;
  let scratch: ScratchDatabase;
  const apps: TestApp[] = [];

  beforeEach(async () => {
    [broker, scratch] = await Promise.all([NatsServer.start(natsServerBinary()), openScratchDatabase()]);
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await Promise.all([broker.remove(), scratch.drop()]);
  });

  async function startApp(): Promise<TestApp> {
    const app = await startTestApp({ DATABASE_URL: scratch.url, NATS_URL: broker.url, PROJECTION_POLL_MS: '100' });
    apps.push(app);
    return app;
  }

  async function closeApp(app: TestApp): Promise<void> {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  }

  /** Writes `count` articles through the API, each drafted then submitted: two events apiece. */
  async function writeArticles(app: TestApp, count: number): Promise<void> {
    const tokens = await ArticleDriver.tokensFor(app, [eddie]);
    for (let i = 0; i < count; i++) {
      const article = new ArticleDriver(app, tokens);
      expect((await article.create(eddie, { ...seed.draft, slug: `nats-${randomUUID()}` })).status).toBe(201);
      expect((await article.act(eddie, 'submit')).status).toBe(200);
    }
  }

  /** The event ids in commit-safe order: the order the stream must hold them in. */
  async function committedEventIds(): Promise<string[]> {
    const rows = await scratch.dataSource.query(`SELECT event_id FROM events ORDER BY transaction_id, position`);
    return rows.map((row: { event_id: string }) => row.event_id);
  }

  async function natsReport(app: TestApp): Promise<ConsumerReport> {
    const consumers = app.app.get(AsyncConsumers).all.filter((consumer) => consumer.name === NATS);
    const [report] = await new ConsumerStatusReader(Sql.of(scratch.dataSource), consumers).reports();
    return report;
  }

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
      await sleep(50);
    }
  }

  const untilPublished = (app: TestApp) =>
    until(
      () => natsReport(app),
      (report) => report.lag.events === 0 && report.state === 'running',
      'the NATS consumer to publish every event',
    );

  async function published(app: TestApp): Promise<{ stored: number; duplicate: number }> {
    const [url] = app.app.get(MetricsServer).urls;
    const samples = parsePrometheusText(await (await fetch(url)).text());
    const count = (result: string) => valueOf(samples, 'copydesk_nats_published_total', { result }) ?? 0;
    return { stored: count('stored'), duplicate: count('duplicate') };
  }

  /** The stream holds each committed event once, in commit order, at sequences 1, 2, 3 …, as JSON on its subject. */
  async function expectStreamToMatchTheLog(): Promise<StreamedMessage[]> {
    const [messages, eventIds] = await Promise.all([streamMessages(broker.url), committedEventIds()]);
    expect(messages.map((message) => message.msgId)).toEqual(eventIds);
    expect(messages.map((message) => message.seq)).toEqual(eventIds.map((_, index) => index + 1));
    return messages;
  }

  it('publishes every event once, in commit order, on copydesk.<stream type>.<event type> with the event id as Nats-Msg-Id', async () => {
    const app = await startApp();
    await writeArticles(app, 3);
    await untilPublished(app);

    const messages = await expectStreamToMatchTheLog();
    expect(messages).toHaveLength(6);
    expect(messages.map((message) => message.subject)).toEqual(
      Array.from({ length: 3 }, () => ['copydesk.article.ArticleDrafted', 'copydesk.article.ArticleSubmitted']).flat(),
    );
    const [stored] = await scratch.dataSource.query(
      `SELECT event_id, position::int AS position, stream_id, stream_version, type, schema_version, data, metadata, recorded_at
       FROM events ORDER BY transaction_id, position LIMIT 1`,
    );
    expect(messages[0]).toMatchObject({ contentType: 'application/json' });
    expect(messages[0].payload).toEqual({
      eventId: stored.event_id,
      position: stored.position,
      streamId: stored.stream_id,
      streamType: 'article',
      articleId: stored.stream_id.slice('article-'.length),
      version: stored.stream_version,
      type: stored.type,
      schemaVersion: stored.schema_version,
      recordedAt: stored.recorded_at.toISOString(),
      data: stored.data,
      metadata: stored.metadata,
    });
    expect(await published(app)).toEqual({ stored: 6, duplicate: 0 });

    // The stream it made: every copydesk subject, on disk, with the configured hour of deduplication.
    expect(await streamConfig(broker.url)).toMatchObject({
      name: 'COPYDESK',
      subjects: ['copydesk.>'],
      storage: 'file',
      duplicate_window: 3600 * 1e9,
    });
  });

  it('loses and duplicates nothing when the broker restarts while writes go on, retrying meanwhile and saying so', async () => {
    const app = await startApp();
    await writeArticles(app, 2);
    await untilPublished(app);

    await broker.stop();
    await writeArticles(app, 3);
    // Longer than the tries its retry policy gives an event before dead-lettering it.
    const { attempts } = app.app.get(AsyncConsumers).named(NATS)!.retry!;
    const failing = await until(
      () => natsReport(app),
      (report) => report.state === 'retrying' && report.failure!.attempts > attempts,
      'the consumer to report the outage',
    );
    expect(failing).toMatchObject({ lag: { events: 6 }, paused: null, deadLetters: 0 });
    const { body } = await app
      .http()
      .get('/admin/projections')
      .set('authorization', (await authorizationsFor(app)).ada)
      .expect(200);
    expect(body.projections.find((projection: { name: string }) => projection.name === NATS)).toMatchObject({
      state: 'retrying',
      failure: { attempts: expect.any(Number), error: expect.any(String) },
    });
    const [url] = app.app.get(MetricsServer).urls;
    expect(
      valueOf(parsePrometheusText(await (await fetch(url)).text()), 'copydesk_projection_failing', { projection: NATS }),
    ).toBe(1);

    // Back on the same store, while articles are still being written.
    const writing = writeArticles(app, 3);
    await broker.start();
    await writing;
    await untilPublished(app);

    expect(await expectStreamToMatchTheLog()).toHaveLength(16);
    expect((await natsReport(app)).deadLetters).toBe(0);
  });

  it('publishes nothing twice when the instance restarts between publishing a batch and committing its checkpoint', async () => {
    // The checkpoint's commit fails after every publish, as if the instance died right there.
    await scratch.dataSource.query(`
      CREATE FUNCTION refuse_nats_checkpoint() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the instance died before its checkpoint committed'; END $$;
      CREATE CONSTRAINT TRIGGER refuse_nats_checkpoint AFTER UPDATE ON projection_checkpoints
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.name = '${NATS}' AND NEW.position > 0)
        EXECUTE FUNCTION refuse_nats_checkpoint()`);
    const first = await startApp();
    await writeArticles(first, 3);
    await until(
      () => streamMessages(broker.url),
      (messages) => messages.length === 6,
      'the first publishes',
    );
    const stuck = await until(
      () => natsReport(first),
      (report) => report.failure !== null,
      'the failed checkpoint',
    );
    expect(stuck.checkpoint.position).toBe(0);
    await closeApp(first);

    await scratch.dataSource.query(`DROP TRIGGER refuse_nats_checkpoint ON projection_checkpoints`);
    const second = await startApp();
    await untilPublished(second);
    expect(await published(second)).toEqual({ stored: 0, duplicate: 6 });
    expect(await expectStreamToMatchTheLog()).toHaveLength(6);
  });

  it('sends every event again after a reset, which the stream drops as duplicates; it has nothing to rebuild', async () => {
    const app = await startApp();
    await writeArticles(app, 2);
    await untilPublished(app);
    const { ada } = await authorizationsFor(app);

    const refused = await app.http().post(`/admin/projections/${NATS}/rebuild`).set('authorization', ada).send({}).expect(409);
    expect(refused.body).toMatchObject({ type: 'https://copydesk.dev/problems/nothing-to-rebuild' });
    await app.http().post(`/admin/projections/${NATS}/reset`).set('authorization', ada).send({}).expect(200);
    await until(
      () => published(app),
      ({ duplicate }) => duplicate === 4,
      'the events sent again',
    );
    await untilPublished(app);
    expect(await published(app)).toEqual({ stored: 4, duplicate: 4 });
    expect(await expectStreamToMatchTheLog()).toHaveLength(4);
  });

  it('dead-letters an event too large for the broker, and publishes the rest in order', async () => {
    await broker.remove();
    // A draft with the seed article's body is larger than this; its submission is not.
    broker = await NatsServer.start(natsServerBinary(), { maxPayload: 2048 });
    const app = await startApp();
    await writeArticles(app, 2);
    await untilPublished(app);

    const letters = await scratch.dataSource.query(
      `SELECT event_id, type, attempts, error FROM projection_dead_letters WHERE consumer = $1 ORDER BY position`,
      [NATS],
    );
    expect(letters).toEqual([
      expect.objectContaining({ type: 'ArticleDrafted', attempts: 3, error: expect.stringMatching(/max_payload/) }),
      expect.objectContaining({ type: 'ArticleDrafted', attempts: 3, error: expect.stringMatching(/max_payload/) }),
    ]);
    const deadLettered = new Set(letters.map((letter: { event_id: string }) => letter.event_id));
    const messages = await streamMessages(broker.url);
    expect(messages.map((message) => message.msgId)).toEqual((await committedEventIds()).filter((id) => !deadLettered.has(id)));
    expect(messages.map((message) => message.subject)).toEqual([
      'copydesk.article.ArticleSubmitted',
      'copydesk.article.ArticleSubmitted',
    ]);
    expect(await natsReport(app)).toMatchObject({ state: 'running', deadLetters: 2, failure: null });
  });

  it('is published by one instance of two, and by the other once the first stops, without a gap or a duplicate', async () => {
    const [one, two] = [await startApp(), await startApp()];
    await Promise.all([writeArticles(one, 2), writeArticles(two, 2)]);
    await untilPublished(one);
    const holders = [one, two].filter((app) => app.app.get(ProjectionEngine).running.includes(NATS));
    expect(holders).toHaveLength(1);
    const [holder] = holders;
    const other = holder === one ? two : one;
    expect(await published(holder)).toEqual({ stored: 8, duplicate: 0 });
    expect(await published(other)).toEqual({ stored: 0, duplicate: 0 });

    await closeApp(holder);
    await writeArticles(other, 2);
    await untilPublished(other);
    expect(await published(other)).toEqual({ stored: 4, duplicate: 0 });
    expect(await expectStreamToMatchTheLog()).toHaveLength(12);
  });
});
