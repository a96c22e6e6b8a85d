import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ConcurrencyError, DuplicateEventError } from '../src/event-store/event-store.errors';
import { EventStore } from '../src/event-store/event-store';
import type { ExpectedVersion } from '../src/event-store/expected-version';
import type { InlineProjection } from '../src/event-store/inline-projection';
import { InlineProjections, noInlineProjections } from '../src/event-store/inline-projections';
import type { NewEvent } from '../src/event-store/recorded-event';
import { openTestDataSource } from './support/test-database';
import { Sql } from '../src/database/sql';
import { holdTransaction } from './support/held-transaction';

const CONCURRENT_WRITERS = 32;

let dataSource: DataSource;
let store: EventStore;

beforeAll(async () => {
  dataSource = await openTestDataSource();
  store = new EventStore(Sql.of(dataSource), noInlineProjections());
});
afterAll(() => dataSource.destroy());

const newStream = (): string => `test-${randomUUID()}`;
const anEvent = (type = 'SomethingHappened', data: object = { payload: 'x'.repeat(64) }): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: { actor: { id: 'tester' } },
});

async function versionsOf(streamId: string): Promise<number[]> {
  return (await store.readStream(streamId)).map((event) => event.streamVersion);
}

async function settle(expected: ExpectedVersion, streamId: string, writers: number) {
  const events = Array.from({ length: writers }, () => anEvent());
  const outcomes = await Promise.allSettled(events.map((event) => store.append(streamId, expected, [event])));
  return { events, outcomes };
}

describe('append with an expected version', () => {
  it(`lets exactly one of ${CONCURRENT_WRITERS} concurrent writers at the same version win`, async () => {
    const streamId = newStream();
    await store.append(streamId, 'no_stream', [anEvent()]);

    const { events, outcomes } = await settle(1, streamId, CONCURRENT_WRITERS);

    const winners = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [events[index].eventId] : []));
    const losers = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(CONCURRENT_WRITERS - 1);
    for (const loser of losers) expect((loser as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    const stored = await store.readStream(streamId);
    expect(stored.map((event) => event.streamVersion)).toEqual([1, 2]);
    expect(stored[1].eventId).toBe(winners[0]);
  });

  it('loses nothing when every loser re-reads and tries again: versions stay contiguous', async () => {
    const streamId = newStream();
    const events = Array.from({ length: CONCURRENT_WRITERS }, () => anEvent());

    await Promise.all(
      events.map(async (event) => {
        for (;;) {
          const version = (await versionsOf(streamId)).length;
          try {
            return await store.append(streamId, version === 0 ? 'no_stream' : version, [event]);
          } catch (error) {
            if (!(error instanceof ConcurrencyError)) throw error;
          }
        }
      }),
    );

    const stored = await store.readStream(streamId);
    expect(stored.map((event) => event.streamVersion)).toEqual(Array.from({ length: CONCURRENT_WRITERS }, (_, i) => i + 1));
    expect(new Set(stored.map((event) => event.eventId))).toEqual(new Set(events.map((event) => event.eventId)));
  });

  it('enforces "no stream": of concurrent creators exactly one wins, and a later one is refused', async () => {
    const streamId = newStream();

    const { outcomes } = await settle('no_stream', streamId, CONCURRENT_WRITERS);

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    await expect(store.append(streamId, 'no_stream', [anEvent()])).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await versionsOf(streamId)).toEqual([1]);
  });

  it('refuses a version the stream has not reached, so no hole can appear', async () => {
    const streamId = newStream();
    await store.append(streamId, 'no_stream', [anEvent()]);

    await expect(store.append(streamId, 5, [anEvent()])).rejects.toThrow(/at version 1, not at 5/);
    await expect(store.append(newStream(), 1, [anEvent()])).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await versionsOf(streamId)).toEqual([1]);
  });

  it('refuses a version the stream has already moved past, leaving it as it was', async () => {
    const streamId = newStream();
    await store.append(streamId, 'no_stream', [anEvent(), anEvent(), anEvent()]);

    await expect(store.append(streamId, 1, [anEvent()])).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append(streamId, 2, [anEvent(), anEvent()])).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await versionsOf(streamId)).toEqual([1, 2, 3]);
  });

  it('appends several events at once as consecutive versions', async () => {
    const streamId = newStream();
    const result = await store.append(streamId, 'no_stream', [anEvent(), anEvent(), anEvent()]);
    expect(result.version).toBe(3);
    expect(result.events.map((event) => event.streamVersion)).toEqual([1, 2, 3]);
    expect(await versionsOf(streamId)).toEqual([1, 2, 3]);
  });

  it('appends at "any" version from concurrent writers without losing one', async () => {
    const streamId = newStream();
    const { outcomes } = await settle('any', streamId, 8);
    expect(outcomes.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    expect(await versionsOf(streamId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('refuses an event id that is already stored', async () => {
    const event = anEvent();
    await store.append(newStream(), 'no_stream', [event]);
    await expect(store.append(newStream(), 'no_stream', [event])).rejects.toBeInstanceOf(DuplicateEventError);
  });

  it('records the transaction id, time, type, schema version, data and metadata', async () => {
    const streamId = newStream();
    const event = anEvent('Recorded', { headline: 'Belarus' });
    const { events } = await store.append(streamId, 'no_stream', [event]);
    const [stored] = await store.readStream(streamId);
    expect(stored).toEqual(events[0]);
    expect(stored).toMatchObject({ eventId: event.eventId, type: 'Recorded', schemaVersion: 1, data: { headline: 'Belarus' } });
    expect(BigInt(stored.transactionId)).toBeGreaterThan(0n);
    expect(stored.recordedAt).toBeInstanceOf(Date);
  });
});

describe('inline projections', () => {
  it('run in the append transaction: a failing projection leaves nothing written', async () => {
    const failing: InlineProjection = {
      name: 'failing-for-test',
      handles: new Set(['ProjectionFails']),
      tables: [],
      apply: async () => {
        throw new Error('projection refused');
      },
    };
    const withFailing = new EventStore(
      Sql.of(dataSource),
      new InlineProjections({ initialState: null, decode: (recorded) => recorded, evolve: () => null }, [failing]),
    );
    const streamId = newStream();

    await expect(withFailing.append(streamId, 'no_stream', [anEvent('ProjectionFails')])).rejects.toThrow('projection refused');
    expect(await versionsOf(streamId)).toEqual([]);
  });
});

describe('the events table is append-only', () => {
  it.each([
    ['UPDATE', `UPDATE events SET type = 'Rewritten' WHERE stream_id = $1`],
    ['DELETE', `DELETE FROM events WHERE stream_id = $1`],
  ])('refuses %s', async (operation, sql) => {
    const streamId = newStream();
    await store.append(streamId, 'no_stream', [anEvent()]);
    await expect(dataSource.query(sql, [streamId])).rejects.toThrow(`append-only: ${operation} is refused`);
    expect((await store.readStream(streamId))[0].type).toBe('SomethingHappened');
  });

  it('refuses TRUNCATE', async () => {
    await expect(dataSource.query('TRUNCATE events')).rejects.toThrow('append-only: TRUNCATE is refused');
  });
});

describe('reading the whole log', () => {
  it('never passes an event that a slower, earlier transaction commits later', async () => {
    const { cursor: start } = await drain();
    const slow = await holdTransaction(Sql.of(dataSource));
    try {
      // The slow transaction takes its transaction id first, then a faster one commits.
      const slowStream = newStream();
      await store.appendWithin(slow.client, slowStream, 'no_stream', [anEvent('Slow')]);
      const fastStream = newStream();
      await store.append(fastStream, 'no_stream', [anEvent('Fast')]);

      const whileSlowIsOpen = await drain(start);
      expect(whileSlowIsOpen.events.filter((event) => event.streamId === fastStream || event.streamId === slowStream)).toEqual(
        [],
      );

      await slow.commit();
      const afterCommit = await drain(start);
      expect(afterCommit.events.map((event) => event.type).filter((type) => type === 'Slow' || type === 'Fast')).toEqual([
        'Slow',
        'Fast',
      ]);
    } finally {
      await slow.rollback();
    }
  });
});

describe('commit-safe order within a stream', () => {
  it("keeps a stream's versions in order when the later one's transaction took its id first", async () => {
    const { cursor: start } = await drain();
    const streamId = newStream();
    await store.append(streamId, 'no_stream', [anEvent('First')]);
    // Like an idempotency key's claim, a first write takes the transaction's id before the stream is read.
    const early = await holdTransaction(Sql.of(dataSource));
    try {
      await early.client.query(`SELECT pg_current_xact_id()`);
      await store.append(streamId, 1, [anEvent('Second')]);
      await store.appendWithin(early.client, streamId, 2, [anEvent('Third')]);
      await early.commit();
    } finally {
      await early.rollback();
    }
    const [, second, third] = await store.readStream(streamId);
    expect(BigInt(third.transactionId)).toBeGreaterThanOrEqual(BigInt(second.transactionId));
    const { events } = await drain(start);
    expect(events.filter((event) => event.streamId === streamId).map((event) => event.type)).toEqual([
      'First',
      'Second',
      'Third',
    ]);
  });
});

async function drain(from?: Awaited<ReturnType<EventStore['readAll']>>['cursor']) {
  const all = [];
  let cursor = from;
  for (;;) {
    const page = await store.readAll(cursor, 1000);
    all.push(...page.events);
    if (page.events.length === 0) return { events: all, cursor: page.cursor };
    cursor = page.cursor;
  }
}
