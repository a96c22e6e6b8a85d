import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { articleCodec } from '../src/articles/article.codec';
import type { ArticleCommand } from '../src/articles/domain/article.commands';
import { articleDecider, fold } from '../src/articles/domain/article.decider';
import { articleStreamId } from '../src/articles/domain/article.events';
import type { ArticleState } from '../src/articles/domain/article.state';
import { alice, create, edit } from '../src/articles/domain/testing/article-scenario';
import { CommandRunner } from '../src/event-store/command-runner';
import { EventStore } from '../src/event-store/event-store';
import { SNAPSHOT_EVERY } from '../src/event-store/folded-state';
import { NO_STREAM, type ExpectedVersion } from '../src/event-store/expected-version';
import { noInlineProjections } from '../src/event-store/inline-projections';
import { openTestDataSource } from './support/test-database';
import { Sql } from '../src/database/sql';

/**
 * Snapshots and the in-process cache spare a command from reading the whole stream, and are never
 * trusted over the events: a damaged, stale or foreign snapshot is not used, and the state a
 * command decides on is always the fold of every event.
 */
let dataSource: DataSource;
let store: EventStore;

beforeAll(async () => {
  dataSource = await openTestDataSource();
  store = new EventStore(Sql.of(dataSource), noInlineProjections());
});
afterAll(() => dataSource.destroy());

/** A runner of its own, as a freshly started instance would have: an empty cache. */
const freshRunner = () => new CommandRunner(store);

function run(runner: CommandRunner, streamId: string, expectedVersion: ExpectedVersion, command: ArticleCommand) {
  return runner.run({
    streamId,
    expectedVersion,
    command,
    metadata: { requestId: randomUUID(), commandId: randomUUID() },
    decider: articleDecider,
    codec: articleCodec,
  });
}

async function articleWithEdits(edits: number): Promise<{ streamId: string; version: number }> {
  const articleId = randomUUID();
  const streamId = articleStreamId(articleId);
  const runner = freshRunner();
  let { version } = await run(runner, streamId, NO_STREAM, create(alice, undefined, articleId));
  for (let index = 1; index <= edits; index++) {
    ({ version } = await run(runner, streamId, version, edit(alice, { headline: `Edit ${index}` })));
  }
  return { streamId, version };
}

/** The truth: every event folded from the start. */
async function foldedFromEvents(streamId: string): Promise<ArticleState> {
  return fold((await store.readStream(streamId)).map((recorded) => articleCodec.decode(recorded)));
}

const snapshotOf = async (streamId: string) =>
  (
    (await dataSource.query(`SELECT version, fold_version FROM stream_snapshots WHERE stream_id = $1`, [streamId])) as {
      version: number;
      fold_version: string;
    }[]
  )[0];

it(`stores the state every ${SNAPSHOT_EVERY} events, in the command's transaction, under the fold's version`, async () => {
  const { streamId } = await articleWithEdits(SNAPSHOT_EVERY + 10);
  expect(await snapshotOf(streamId)).toEqual({ version: SNAPSHOT_EVERY, fold_version: articleDecider.foldVersion });
});

it('a new instance starts from the snapshot and decides on exactly the state the events give', async () => {
  const { streamId, version } = await articleWithEdits(SNAPSHOT_EVERY + 5);
  const outcome = await run(freshRunner(), streamId, version, edit(alice, { headline: 'From the snapshot' }));
  expect(outcome.state).toEqual(await foldedFromEvents(streamId));
  expect(outcome.state.version).toBe(version + 1);
});

describe('a snapshot is never trusted over the events', () => {
  it.each([
    [
      'its state was changed (the checksum no longer matches)',
      `UPDATE stream_snapshots SET state = jsonb_set(state, '{document,content,headline}', '"HACKED"') WHERE stream_id = $1`,
    ],
    [
      'it names an event hash the events do not have',
      `UPDATE stream_snapshots SET event_hash = repeat('0', 64) WHERE stream_id = $1`,
    ],
    ['another fold made it', `UPDATE stream_snapshots SET fold_version = 'article-fold-0' WHERE stream_id = $1`],
    ['it claims a version past the stream', `UPDATE stream_snapshots SET version = version + 1000 WHERE stream_id = $1`],
  ])('is not used when %s', async (_, damage) => {
    const { streamId, version } = await articleWithEdits(SNAPSHOT_EVERY + 2);
    await dataSource.query(damage, [streamId]);
    const outcome = await run(freshRunner(), streamId, version, edit(alice, { standfirst: 'After the damage' }));
    expect(outcome.state).toEqual(await foldedFromEvents(streamId));
    expect(outcome.state.document?.content.headline).not.toBe('HACKED');
  });

  it('can be thrown away: the table emptied, commands fold from the start and write new ones', async () => {
    const { streamId, version } = await articleWithEdits(SNAPSHOT_EVERY - 2);
    await dataSource.query(`DELETE FROM stream_snapshots WHERE stream_id = $1`, [streamId]);
    const outcome = await run(freshRunner(), streamId, version, edit(alice, { headline: 'Rebuilt' }));
    expect(outcome.state).toEqual(await foldedFromEvents(streamId));
    expect(await snapshotOf(streamId)).toEqual({ version: SNAPSHOT_EVERY, fold_version: articleDecider.foldVersion });
  });
});

it('a cached state another instance has moved past is caught up from the events, and a race still loses', async () => {
  const { streamId, version } = await articleWithEdits(3);
  const first = freshRunner();
  const second = freshRunner();
  await run(first, streamId, version, edit(alice, { headline: 'First instance' }));
  // The second instance has never seen the stream; the first's cache is now one version behind after this.
  await run(second, streamId, version + 1, edit(alice, { headline: 'Second instance' }));
  const outcome = await run(first, streamId, version + 2, edit(alice, { headline: 'First again' }));
  expect(outcome.state).toEqual(await foldedFromEvents(streamId));
  await expect(run(first, streamId, version + 2, edit(alice, { headline: 'Stale' }))).rejects.toMatchObject({
    name: 'ConcurrencyError',
    actual: version + 3,
  });
});
