import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { migrations } from '../migrations';
import { dataSourceOptions } from '../src/config/data-source-options';
import { Database } from '../src/database/database';
import { runVerify } from '../src/cli/verify-command';
import { ChainVerifier } from '../src/event-store/chain-verifier';
import { ConcurrencyError } from '../src/event-store/event-store.errors';
import { GENESIS_HASH, HASHED_COLUMNS, canonicalRow, chainHash, type HashedRow } from '../src/event-store/event-hash';
import { EventStore } from '../src/event-store/event-store';
import { noInlineProjections } from '../src/event-store/inline-projections';
import type { NewEvent } from '../src/event-store/recorded-event';
import { openScratchDatabase, withAppendOnlyTriggerOff, type ScratchDatabase } from './support/scratch-database';
import { openTestDataSource } from './support/test-database';
import { Sql } from '../src/database/sql';

let dataSource: DataSource;
let store: EventStore;

beforeAll(async () => {
  dataSource = await openTestDataSource();
  store = new EventStore(Sql.of(dataSource), noInlineProjections());
});
afterAll(() => dataSource.destroy());

const newStream = (): string => `chain-${randomUUID()}`;
const anEvent = (data: object = { text: `words ${randomUUID()}`, at: new Date('2026-11-28T12:00:00Z') }): NewEvent => ({
  eventId: randomUUID(),
  type: 'SomethingHappened',
  data,
  metadata: { actor: { id: 'tester', name: 'Tess Ter' }, occurredAt: '2026-11-28T12:00:00.000Z', note: undefined },
});

interface StoredLink extends HashedRow {
  hash: string;
}

async function storedLinks(on: DataSource, streamId: string): Promise<StoredLink[]> {
  return on.query(
    `SELECT ${HASHED_COLUMNS}, encode(hash, 'hex') AS hash
     FROM events WHERE stream_id = $1 ORDER BY stream_version`,
    [streamId],
  );
}

/** The chain recomputed here, independently of the store and the verifier, from the stored rows. */
async function expectChainHolds(streamId: string, on: DataSource = dataSource): Promise<void> {
  let previous = GENESIS_HASH;
  const links = await storedLinks(on, streamId);
  expect(links.length).toBeGreaterThan(0);
  links.forEach((link, index) => {
    expect(link.stream_version).toBe(index + 1);
    const expected = chainHash(previous, canonicalRow(link));
    expect(link.hash).toBe(expected.toString('hex'));
    previous = expected;
  });
}

/**
 * Appends until it gets in. `any` retries by itself, but only so often: under this much contention
 * it can lose every time, which is a refusal, not a fork — the chain is what these specs check.
 */
async function appendRetrying(streamId: string, events: NewEvent[], at: 'read' | 'any' = 'read'): Promise<void> {
  for (;;) {
    const version = at === 'any' ? 'any' : (await store.readStream(streamId)).length;
    try {
      await store.append(streamId, version === 0 ? 'no_stream' : version, events);
      return;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
  }
}

describe('the hash chain on append', () => {
  it('links every event to the one before it, for single and batched appends', async () => {
    const streamId = newStream();
    const first = await store.append(streamId, 'no_stream', [anEvent()]);
    await store.append(streamId, 1, [anEvent(), anEvent(), anEvent()]);
    await store.append(streamId, 'any', [anEvent()]);

    const stored = await store.readStream(streamId);
    expect(stored).toHaveLength(5);
    expect(first.events[0].hash).toBe(stored[0].hash);
    await expectChainHolds(streamId);
  });

  it('stores exactly what it hashes, for JSON that jsonb and JavaScript write differently', async () => {
    const streamId = newStream();
    const awkward = {
      numbers: [1e21, 1e-7, 0.1 + 0.2, -0, 2 ** 53, 1.5],
      text: 'Łukašenka 😀 “quoted” \u2028 <em>x</em>',
      nested: { z: 1, a: [{ y: null, b: undefined }], '€': true },
      at: new Date('2026-11-28T12:00:00.000Z'),
      left: undefined,
    };
    await store.append(streamId, 'no_stream', [anEvent(awkward)]);
    await store.append(streamId, 1, [anEvent(awkward), anEvent({ ...awkward, text: 'second' })]);

    await expectChainHolds(streamId);
    const [stored] = await store.readStream(streamId);
    expect(stored.data).toEqual(JSON.parse(JSON.stringify(awkward)));
  });

  it('never forks under concurrent writers on one stream: exact versions, "any" and batches together', async () => {
    const streamId = newStream();
    await store.append(streamId, 'no_stream', [anEvent()]);

    await Promise.all([
      ...Array.from({ length: 16 }, () => appendRetrying(streamId, [anEvent()])),
      ...Array.from({ length: 8 }, () => appendRetrying(streamId, [anEvent(), anEvent()])),
      ...Array.from({ length: 8 }, () => appendRetrying(streamId, [anEvent()], 'any')),
    ]);

    const stored = await store.readStream(streamId);
    expect(stored).toHaveLength(1 + 16 + 16 + 8);
    await expectChainHolds(streamId);
  });

  it('keeps each of many streams written at once a chain of its own, and verify finds every chain whole', async () => {
    const streams = Array.from({ length: 12 }, newStream);
    await Promise.all(streams.flatMap((streamId) => Array.from({ length: 6 }, () => store.append(streamId, 'any', [anEvent()]))));

    for (const streamId of streams) await expectChainHolds(streamId);
    const report = await new ChainVerifier(Sql.of(dataSource)).verify();
    expect(report).toMatchObject({ intact: true, broken: 0, brokenLinks: [] });
    expect(report.events).toBeGreaterThanOrEqual(streams.length * 6);
  });
});

describe('verify on a tampered log', () => {
  let scratch: ScratchDatabase;
  let scratchStore: EventStore;
  const streams = ['article-a', 'article-b', 'article-c'];

  beforeEach(async () => {
    scratch = await openScratchDatabase();
    scratchStore = new EventStore(Sql.of(scratch.dataSource), noInlineProjections());
    for (const streamId of streams) {
      await scratchStore.append(streamId, 'no_stream', [anEvent(), anEvent(), anEvent(), anEvent()]);
    }
    expect(await new ChainVerifier(Sql.of(scratch.dataSource)).verify()).toMatchObject({ intact: true, streams: 3, events: 12 });
  });
  afterEach(() => scratch.drop());

  it('names exactly the stream and version whose data was altered, with the expected and found hash', async () => {
    const [, second, before] = await storedLinks(scratch.dataSource, 'article-b');
    await withAppendOnlyTriggerOff(scratch.dataSource, async () => {
      await scratch.dataSource.query(
        `UPDATE events SET data = jsonb_set(data, '{text}', '"words nobody wrote"') WHERE stream_id = 'article-b' AND stream_version = 3`,
      );
    });

    const report = await new ChainVerifier(Sql.of(scratch.dataSource)).verify();

    const recomputed = chainHash(
      Buffer.from(second.hash, 'hex'),
      canonicalRow({ ...before, data: { ...(before.data as object), text: 'words nobody wrote' } }),
    );
    expect(report).toMatchObject({ intact: false, streams: 3, events: 12, broken: 1 });
    expect(report.brokenLinks).toEqual([
      {
        streamId: 'article-b',
        version: 3,
        problem: 'altered',
        expectedHash: recomputed.toString('hex'),
        foundHash: before.hash,
        detail: expect.stringContaining('event 3 of stream article-b'),
      },
    ]);
  });

  it('notices a change to who did it, not only to what was done', async () => {
    await withAppendOnlyTriggerOff(scratch.dataSource, async () => {
      await scratch.dataSource.query(
        `UPDATE events SET metadata = jsonb_set(metadata, '{actor,id}', '"someone-else"') WHERE stream_id = 'article-c' AND stream_version = 1`,
      );
    });
    expect((await new ChainVerifier(Sql.of(scratch.dataSource)).verify()).brokenLinks).toMatchObject([
      { streamId: 'article-c', version: 1, problem: 'altered' },
    ]);
  });

  it('makes the verify command exit with 1 and name the link, where it exits with 0 before', async () => {
    const output = { out: '', err: '' };
    const capture = { out: (text: string) => (output.out += text), err: (text: string) => (output.err += text) };
    expect(await runVerify(scratch.dataSource, capture)).toBe(0);
    expect(output.out).toMatch(/12 events in 3 streams, every chain holds/);

    await withAppendOnlyTriggerOff(scratch.dataSource, async () => {
      await scratch.dataSource.query(`UPDATE events SET type = 'Rewritten' WHERE stream_id = 'article-c' AND stream_version = 4`);
    });
    expect(await runVerify(scratch.dataSource, capture)).toBe(1);
    expect(output.err).toBe(
      'verify: broken chain: event 4 of stream article-c does not hash to what is stored: it or an earlier link was changed\n',
    );
  });

  it('names the missing version when a row is deleted', async () => {
    await withAppendOnlyTriggerOff(scratch.dataSource, async () => {
      await scratch.dataSource.query(`DELETE FROM events WHERE stream_id = 'article-a' AND stream_version = 2`);
    });
    expect((await new ChainVerifier(Sql.of(scratch.dataSource)).verify()).brokenLinks).toEqual([
      {
        streamId: 'article-a',
        version: 2,
        problem: 'missing',
        expectedHash: null,
        foundHash: null,
        detail: 'stream article-a goes from version 1 to 3: version 2 is missing',
      },
    ]);
  });

  describe('with more than one stream broken', () => {
    beforeEach(async () => {
      await withAppendOnlyTriggerOff(scratch.dataSource, async () => {
        await scratch.dataSource.query(
          `UPDATE events SET data = jsonb_set(data, '{text}', '"rewritten"') WHERE stream_id = 'article-a' AND stream_version = 2`,
        );
        await scratch.dataSource.query(`DELETE FROM events WHERE stream_id = 'article-b' AND stream_version = 3`);
        // Two changes in one stream: it is named once, at the first.
        await scratch.dataSource.query(
          `UPDATE events SET metadata = jsonb_set(metadata, '{actor,id}', '"someone-else"')
           WHERE stream_id = 'article-c' AND stream_version IN (1, 3)`,
        );
      });
    });

    it('names every broken stream at its first broken link, and counts every stream and event walked', async () => {
      const report = await new ChainVerifier(Sql.of(scratch.dataSource)).verify();
      expect(report).toMatchObject({ intact: false, streams: 3, events: 11, broken: 3 });
      expect(report.brokenLinks.map(({ streamId, version, problem }) => [streamId, version, problem])).toEqual([
        ['article-a', 2, 'altered'],
        ['article-b', 3, 'missing'],
        ['article-c', 1, 'altered'],
      ]);
    });

    it('checks one stream alone when asked, with its own counts', async () => {
      const verifier = new ChainVerifier(Sql.of(scratch.dataSource));
      expect(await verifier.verify({ streamId: 'article-b' })).toMatchObject({
        intact: false,
        streams: 1,
        events: 3,
        broken: 1,
        brokenLinks: [{ streamId: 'article-b', version: 3, problem: 'missing' }],
      });
      const clean = `article-${randomUUID()}`;
      await scratchStore.append(clean, 'no_stream', [anEvent(), anEvent()]);
      expect(await verifier.verify({ streamId: clean })).toEqual({
        intact: true,
        streams: 1,
        events: 2,
        broken: 0,
        brokenLinks: [],
      });
      expect(await verifier.verify({ streamId: 'article-nothing' })).toMatchObject({ streams: 0, events: 0 });
    });

    it('makes the verify command print a line for each broken stream and exit with 1', async () => {
      const output = { out: '', err: '' };
      const capture = { out: (text: string) => (output.out += text), err: (text: string) => (output.err += text) };
      expect(await runVerify(scratch.dataSource, capture)).toBe(1);
      expect(output.err.trim().split('\n')).toEqual([
        expect.stringMatching(/^verify: broken chain: event 2 of stream article-a /),
        'verify: broken chain: stream article-b goes from version 2 to 4: version 3 is missing',
        expect.stringMatching(/^verify: broken chain: event 1 of stream article-c /),
      ]);
      expect(JSON.parse(output.out)).toMatchObject({ intact: false, chain: { streams: 3, events: 11, broken: 3 } });
    });
  });
});

describe('verify on a database that is not migrated yet', () => {
  it('refuses to run rather than migrate, which would hash whatever rows it found', async () => {
    const older = await openScratchDatabase({ migrations: migrations.slice(0, 2) });
    try {
      await expect(
        Database.open({ databaseUrl: older.url, dataDir: '', databasePoolSize: 2 }, { migrate: false }),
      ).rejects.toThrow(/migrations pending/);
      const [{ count }] = await older.dataSource.query(`SELECT count(*)::int AS count FROM schema_migrations`);
      expect(count).toBe(2);
    } finally {
      await older.drop();
    }
  });
});

describe('the migration that brings in the chain', () => {
  it('hashes the events an older database already holds, in stream order, so verify and later appends agree', async () => {
    const older = await openScratchDatabase({ migrations: migrations.slice(0, 2) });
    try {
      for (const [streamId, count] of [
        ['article-old-1', 3],
        ['article-old-2', 2],
      ] as const) {
        for (let version = 1; version <= count; version++) {
          await older.dataSource.query(
            `INSERT INTO events (event_id, stream_id, stream_version, type, data, metadata) VALUES ($1, $2, $3, 'Old', $4, $5)`,
            [randomUUID(), streamId, version, { text: `before the chain ${version}`, nested: { b: 1, a: [1.5, 'x'] } }, {}],
          );
        }
      }
      await older.dataSource.destroy();

      // The same database, now opened with every migration, as the service does on start after an upgrade.
      const current = new DataSource(dataSourceOptions(older.url, 5));
      await current.initialize();
      try {
        await current.runMigrations({ transaction: 'each' });
        const migratedStore = new EventStore(Sql.of(current), noInlineProjections());
        await expectChainHolds('article-old-1', current);
        await migratedStore.append('article-old-2', 2, [anEvent()]);
        await expectChainHolds('article-old-2', current);
        expect(await new ChainVerifier(Sql.of(current)).verify()).toEqual({
          intact: true,
          streams: 2,
          events: 6,
          broken: 0,
          brokenLinks: [],
        });
        await expect(current.query(`UPDATE events SET type = 'x'`)).rejects.toThrow(/append-only/);
      } finally {
        await current.destroy();
      }
    } finally {
      await older.drop();
    }
  });
});
