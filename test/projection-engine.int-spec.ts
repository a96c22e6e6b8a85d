import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { Sql, type SqlClient } from '../src/database/sql';
import type { AsyncConsumer, PoisonPolicy } from '../src/event-store/async-consumer';
import { AsyncConsumers } from '../src/event-store/async-consumers';
import { CommitSignal } from '../src/event-store/commit-signal';
import { ConsumerCheckpoints } from '../src/event-store/consumer-checkpoints';
import { ConsumerStatusReader } from '../src/event-store/consumer-status';
import { EventStore } from '../src/event-store/event-store';
import { noInlineProjections } from '../src/event-store/inline-projections';
import { ProjectionEngine } from '../src/event-store/projection-engine';
import type { NewEvent, RecordedEvent } from '../src/event-store/recorded-event';
import { holdTransaction } from './support/held-transaction';
import { openScratchDatabase, type ScratchDatabase } from './support/scratch-database';

/**
 * The engine on a database of its own, with consumers that record every application in a table
 * without a unique key: an event applied twice shows as two rows, one skipped as none.
 */
const POLL_MS = 100;

let scratch: ScratchDatabase;
let sql: Sql;
let store: EventStore;
const engines: ProjectionEngine[] = [];

beforeAll(async () => {
  Logger.overrideLogger(false);
  scratch = await openScratchDatabase();
  sql = Sql.of(scratch.dataSource);
  store = new EventStore(sql, noInlineProjections());
  await sql.query(`CREATE TABLE applications (consumer text NOT NULL, position bigint NOT NULL, stream_id text NOT NULL,
    stream_version integer NOT NULL, epoch bigint NOT NULL)`);
});
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.stop()));
});
afterAll(() => scratch.drop());

class Recorder implements AsyncConsumer {
  readonly tables = [{ name: 'applications', key: 'position', keyOf: () => null }];
  readonly retry = { attempts: 3, firstDelayMs: 10, maxDelayMs: 40 };
  readonly seen: RecordedEvent[][] = [];

  constructor(
    readonly name: string,
    readonly onPoison: PoisonPolicy = 'pause',
    private readonly refuses: (event: RecordedEvent) => boolean = () => false,
  ) {}

  async apply(events: readonly RecordedEvent[], transaction: SqlClient): Promise<void> {
    this.seen.push([...events]);
    const refused = events.find(this.refuses);
    if (refused) throw new Error(`refused event ${refused.position}`);
    await transaction.query(
      `INSERT INTO applications (consumer, position, stream_id, stream_version, epoch)
       SELECT $1, e.position, e.stream_id, e.version,
              (SELECT epoch FROM projection_checkpoints WHERE name = $1)
       FROM unnest($2::bigint[], $3::text[], $4::integer[]) AS e(position, stream_id, version)`,
      [this.name, events.map((e) => e.position), events.map((e) => e.streamId), events.map((e) => e.streamVersion)],
    );
  }
}

function engineFor(...consumers: AsyncConsumer[]): ProjectionEngine {
  const engine = new ProjectionEngine(sql, store, new AsyncConsumers(consumers), { pollMs: POLL_MS, batchSize: 50 });
  engines.push(engine);
  return engine;
}

const anEvent = (type = 'Happened'): NewEvent => ({ eventId: randomUUID(), type, data: {}, metadata: {} });

async function appendMany(streams: number, perStream: number): Promise<string[]> {
  const ids = Array.from({ length: streams }, () => `engine-${randomUUID()}`);
  for (let version = 0; version < perStream; version++) {
    await Promise.all(ids.map((id) => store.append(id, version === 0 ? 'no_stream' : version, [anEvent()])));
  }
  return ids;
}

async function applied(consumer: string): Promise<{ position: number; stream_id: string; stream_version: number }[]> {
  return sql.query(
    `SELECT position::int AS position, stream_id, stream_version FROM applications WHERE consumer = $1 ORDER BY position`,
    [consumer],
  );
}

async function totalEvents(): Promise<number> {
  const [{ count }] = await sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM events`);
  return count;
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function report(name: string) {
  const [found] = (await new ConsumerStatusReader(sql, [new Recorder(name)]).reports()).filter((r) => r.name === name);
  return found;
}

/** Each event exactly once, and each stream's versions in order of application. */
async function expectEveryEventOnce(consumer: string): Promise<void> {
  const rows = await applied(consumer);
  const positions = rows.map((row) => row.position);
  expect(new Set(positions).size).toBe(positions.length);
  expect(positions.length).toBe(await totalEvents());
}

describe('the projection engine', () => {
  it('applies every event once, in commit-safe order, with the checkpoint in the same transaction', async () => {
    const recorder = new Recorder(`every-${randomUUID()}`);
    await appendMany(5, 4);
    await engineFor(recorder).start();
    await until(async () => (await applied(recorder.name)).length === (await totalEvents()), 'the consumer to catch up');
    await expectEveryEventOnce(recorder.name);
    const status = await report(recorder.name);
    expect(status).toMatchObject({ state: 'running', lag: { events: 0, seconds: 0 }, deadLetters: 0, failure: null });
    const [last] = await sql.query<{ position: number }>(
      `SELECT position::int AS position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1`,
    );
    expect(status.checkpoint.position).toBe(last.position);
  });

  it('is woken by a NOTIFY after commit, long before it would look again by itself', async () => {
    const recorder = new Recorder(`woken-${randomUUID()}`);
    const engine = new ProjectionEngine(sql, store, new AsyncConsumers([recorder]), { pollMs: 60_000, batchSize: 50 });
    engines.push(engine);
    await engine.start();
    await until(async () => (await report(recorder.name)).lag.events === 0, 'the first catch-up');
    // Idle, it looks again ever later (20 ms, doubling): by now its next look is seconds away.
    await sleep(3_000);
    const [streamId] = await appendMany(1, 1);
    const appended = Date.now();
    new CommitSignal(sql).committed();
    await until(async () => (await applied(recorder.name)).some((row) => row.stream_id === streamId), 'the woken runner');
    expect(Date.now() - appended).toBeLessThan(1_500);
  });

  it('delivers an event whose transaction commits late with a lower position, after waiting for it', async () => {
    const recorder = new Recorder(`late-${randomUUID()}`);
    await engineFor(recorder).start();
    const slow = await holdTransaction(sql);
    const slowStream = `slow-${randomUUID()}`;
    try {
      await store.appendWithin(slow.client, slowStream, 'no_stream', [anEvent('Slow')]);
      const [fastStream] = await appendMany(1, 3);
      await sleep(POLL_MS * 3);
      // Held back behind the open transaction: nothing past it is applied yet, so nothing can be passed.
      expect((await applied(recorder.name)).some((row) => row.stream_id === fastStream)).toBe(false);
      await slow.commit();
      await until(async () => (await applied(recorder.name)).some((row) => row.stream_id === fastStream), 'the catch-up');
    } finally {
      await slow.rollback();
    }
    const rows = await applied(recorder.name);
    expect(rows.some((row) => row.stream_id === slowStream)).toBe(true);
    await expectEveryEventOnce(recorder.name);
  });

  it('runs each consumer on exactly one of three engines, and another takes over when the holder stops', async () => {
    const name = `single-${randomUUID()}`;
    const trio = [engineFor(new Recorder(name)), engineFor(new Recorder(name)), engineFor(new Recorder(name))];
    await Promise.all(trio.map((engine) => engine.start()));
    await until(async () => trio.filter((engine) => engine.running.includes(name)).length === 1, 'one runner');
    await appendMany(4, 3);
    await until(async () => (await report(name)).lag.events === 0, 'the catch-up');
    const holder = trio.find((engine) => engine.running.includes(name))!;
    const { epoch: firstEpoch } = (await new ConsumerCheckpoints(sql).read(name))!;
    await holder.stop();
    await until(async () => trio.filter((engine) => engine.running.includes(name)).length === 1, 'a new runner');
    expect((await new ConsumerCheckpoints(sql).read(name))!.epoch).not.toBe(firstEpoch);
    await appendMany(4, 3);
    await until(async () => (await report(name)).lag.events === 0, 'the catch-up after the takeover');
    await expectEveryEventOnce(name);
    for (let round = 0; round < 5; round++) {
      await sleep(POLL_MS);
      expect(trio.filter((engine) => engine.running.includes(name))).toHaveLength(1);
    }
  });

  it('refuses the checkpoint write of a runner whose lease was taken, so it writes nothing', async () => {
    const name = `fenced-${randomUUID()}`;
    const checkpoints = new ConsumerCheckpoints(sql);
    await checkpoints.ensure([name]);
    const { lease: old, checkpoint } = await checkpoints.takeLease(name, 'old runner');
    await checkpoints.takeLease(name, 'new runner');
    const to = { transactionId: '1', position: 1 };
    await expect(
      sql.transaction(async (transaction) => {
        await transaction.query(`INSERT INTO applications VALUES ($1, 1, 's', 1, 0)`, [name]);
        await checkpoints.advance(transaction, old, checkpoint.cursor, to);
      }),
    ).rejects.toThrow(/moved under its runner/);
    expect(await applied(name)).toEqual([]);
    expect((await checkpoints.read(name))!.cursor).toEqual(checkpoint.cursor);
  });

  it('pauses a consumer on an event that keeps failing, saying so, and goes on from it once resumed', async () => {
    let refusing = true;
    const [poisonStream] = await appendMany(1, 1);
    const recorder = new Recorder(`poison-${randomUUID()}`, 'pause', (event) => refusing && event.streamId === poisonStream);
    await engineFor(recorder).start();
    await until(async () => (await report(recorder.name)).state === 'paused', 'the pause');
    const paused = await report(recorder.name);
    expect(paused.paused?.reason).toMatch(/failed 3 times: refused event \d+/);
    expect(paused.failure).toMatchObject({ attempts: 3, streamId: poisonStream, type: 'Happened' });
    expect(paused.lag.events).toBeGreaterThan(0);
    expect((await applied(recorder.name)).some((row) => row.stream_id === poisonStream)).toBe(false);

    refusing = false;
    const checkpoints = new ConsumerCheckpoints(sql);
    await checkpoints.resume(recorder.name);
    await until(async () => (await report(recorder.name)).lag.events === 0, 'the catch-up after resuming', 10_000);
    expect(await report(recorder.name)).toMatchObject({ state: 'running', failure: null, paused: null });
    await expectEveryEventOnce(recorder.name);
  });

  it('records an event that keeps failing in the dead-letter ledger and moves on, when configured to', async () => {
    const [poisonStream] = await appendMany(1, 1);
    const recorder = new Recorder(`dead-${randomUUID()}`, 'dead-letter', (event) => event.streamId === poisonStream);
    await engineFor(recorder).start();
    await until(async () => (await report(recorder.name)).lag.events === 0, 'the catch-up past the poison');
    expect(await report(recorder.name)).toMatchObject({ state: 'running', deadLetters: 1, failure: null });
    const [letter] = await sql.query(`SELECT stream_id, attempts, error FROM projection_dead_letters WHERE consumer = $1`, [
      recorder.name,
    ]);
    expect(letter).toMatchObject({ stream_id: poisonStream, attempts: 3, error: expect.stringMatching(/refused event/) });
    const rows = await applied(recorder.name);
    expect(rows.some((row) => row.stream_id === poisonStream)).toBe(false);
    expect(rows.length).toBe((await totalEvents()) - 1);
  });

  it('waits out a failure its consumer calls transient, whole batches, never pausing or dead-lettering, and catches up after', async () => {
    await appendMany(3, 2);
    let outage = true;
    class Delivery extends Recorder {
      override async apply(events: readonly RecordedEvent[], transaction: SqlClient): Promise<void> {
        if (outage) {
          this.seen.push([...events]);
          throw new BrokerDown();
        }
        await super.apply(events, transaction);
      }
      isTransient = (error: unknown) => error instanceof BrokerDown;
    }
    const delivery = new Delivery(`transient-${randomUUID()}`, 'dead-letter');
    await engineFor(delivery).start();
    // Well past the 3 attempts its retry policy allows an event, with the delay capped at 40 ms.
    await until(async () => ((await report(delivery.name)).failure?.attempts ?? 0) >= 6, 'six failed attempts', 10_000);
    const failing = await report(delivery.name);
    expect(failing).toMatchObject({ state: 'retrying', paused: null, deadLetters: 0, failure: { error: 'the broker is down' } });
    expect(failing.lag.events).toBe(await totalEvents());
    expect(delivery.seen.every((batch) => batch.length === delivery.seen[0].length && batch.length > 1)).toBe(true);

    outage = false;
    await until(async () => (await report(delivery.name)).lag.events === 0, 'the catch-up after the outage', 10_000);
    expect(await report(delivery.name)).toMatchObject({ state: 'running', failure: null, deadLetters: 0 });
    await expectEveryEventOnce(delivery.name);
  });
});

class BrokerDown extends Error {
  constructor() {
    super('the broker is down');
  }
}
