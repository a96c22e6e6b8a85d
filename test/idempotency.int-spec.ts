import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { articleCodec } from '../src/articles/article.codec';
import type { ArticleCommand } from '../src/articles/domain/article.commands';
import { articleDecider } from '../src/articles/domain/article.decider';
import { ArticleNotFound } from '../src/articles/domain/article.errors';
import { articleStreamId } from '../src/articles/domain/article.events';
import { alice, create, edit } from '../src/articles/domain/testing/article-scenario';
import { CommandRunner, type CommandOutcome } from '../src/event-store/command-runner';
import { ConcurrencyError, IdempotencyKeyReused } from '../src/event-store/event-store.errors';
import { EventStore } from '../src/event-store/event-store';
import type { ExpectedVersion } from '../src/event-store/expected-version';
import { claimIdempotencyKey, type IdempotentRequest } from '../src/event-store/idempotency-keys';
import { noInlineProjections } from '../src/event-store/inline-projections';
import { openTestDataSource } from './support/test-database';
import { Sql } from '../src/database/sql';
import { holdTransaction } from './support/held-transaction';

const CONCURRENT_RETRIES = 16;

let dataSource: DataSource;
let store: EventStore;
let runner: CommandRunner;

beforeAll(async () => {
  dataSource = await openTestDataSource();
  store = new EventStore(Sql.of(dataSource), noInlineProjections());
  runner = new CommandRunner(store);
});
afterAll(() => dataSource.destroy());

type ArticleOutcome = CommandOutcome<ReturnType<typeof articleDecider.evolve>>;

/** A keyed request as the HTTP layer makes it; `fingerprint` stands for the request's method, path, If-Match and body. */
const keyed = (key: string, fingerprint = 'a'.repeat(64), location: string | null = null): IdempotentRequest => ({
  scope: alice.id,
  key,
  fingerprint,
  location,
});

function runArticleCommand(
  articleId: string,
  expectedVersion: ExpectedVersion,
  command: ArticleCommand,
  idempotency?: IdempotentRequest,
): Promise<ArticleOutcome> {
  return runner.run({
    streamId: articleStreamId(articleId),
    expectedVersion,
    command,
    metadata: { requestId: randomUUID(), commandId: randomUUID() },
    decider: articleDecider,
    codec: articleCodec,
    ...(idempotency ? { idempotency } : {}),
  });
}

/** Each request picks its own article id, as POST /articles does before the command runs. */
function createWithKey(key: string): Promise<ArticleOutcome> {
  const articleId = randomUUID();
  return runArticleCommand(
    articleId,
    'no_stream',
    create(alice, undefined, articleId),
    keyed(key, 'c'.repeat(64), `/articles/${articleId}`),
  );
}

async function eventsWithKey(key: string): Promise<{ stream_id: string; stream_version: number; type: string }[]> {
  return dataSource.query(`SELECT stream_id, stream_version, type FROM events WHERE metadata->>'idempotencyKey' = $1`, [key]);
}

async function storedKeys(key: string): Promise<number> {
  const [{ count }]: { count: string }[] = await dataSource.query(`SELECT count(*) FROM idempotency_keys WHERE key = $1`, [key]);
  return Number(count);
}

describe('an idempotency key under concurrency', () => {
  it(`lets ${CONCURRENT_RETRIES} concurrent creates with one key write one article, and answers all of them with it`, async () => {
    const key = randomUUID();

    const outcomes = await Promise.all(Array.from({ length: CONCURRENT_RETRIES }, () => createWithKey(key)));

    const written = await eventsWithKey(key);
    expect(written).toEqual([expect.objectContaining({ stream_version: 1, type: 'ArticleDrafted' })]);
    const articleId = written[0].stream_id.replace('article-', '');
    expect(outcomes.filter((outcome) => outcome.replayed === null)).toHaveLength(1);
    const [first] = outcomes.filter((outcome) => outcome.replayed === null);
    for (const outcome of outcomes) {
      expect(outcome.state).toEqual(first.state);
      expect(outcome.version).toBe(1);
      expect(outcome.state.articleId).toBe(articleId);
    }
    for (const outcome of outcomes.filter((each) => each.replayed !== null)) {
      expect(outcome.replayed).toEqual({ location: `/articles/${articleId}` });
    }
  });

  it(`makes ${CONCURRENT_RETRIES} concurrent edits with one key wait for the first instead of losing the race`, async () => {
    const articleId = randomUUID();
    await runArticleCommand(articleId, 'no_stream', create(alice, undefined, articleId));
    const key = randomUUID();

    const outcomes = await Promise.all(
      Array.from({ length: CONCURRENT_RETRIES }, () =>
        runArticleCommand(articleId, 1, edit(alice, { headline: 'Bridge approved at last' }), keyed(key)),
      ),
    );

    expect(await eventsWithKey(key)).toEqual([
      { stream_id: articleStreamId(articleId), stream_version: 2, type: 'ArticleEdited' },
    ]);
    expect(outcomes.filter((outcome) => outcome.replayed === null)).toHaveLength(1);
    for (const outcome of outcomes) {
      expect(outcome.version).toBe(2);
      expect(outcome.state).toEqual(outcomes[0].state);
    }
  });

  it('lets a waiting retry run the command itself when the first request rolls back', async () => {
    const articleId = randomUUID();
    const key = randomUUID();
    const first = await holdTransaction(Sql.of(dataSource));
    try {
      await claimIdempotencyKey(first.client, articleStreamId(articleId), keyed(key));

      const retry = runArticleCommand(articleId, 'no_stream', create(alice, undefined, articleId), keyed(key));
      await untilSomeoneWaitsForALock();
      await first.rollback();

      expect((await retry).replayed).toBeNull();
      expect(await eventsWithKey(key)).toHaveLength(1);
    } finally {
      await first.rollback();
    }
  });
});

describe('an idempotency key commits with the command or not at all', () => {
  it('stores nothing for a command the decider refuses, so the retry is decided afresh', async () => {
    const articleId = randomUUID();
    const key = randomUUID();

    await expect(runArticleCommand(articleId, 1, edit(alice, { headline: 'Nothing here' }), keyed(key))).rejects.toBeInstanceOf(
      ArticleNotFound,
    );
    expect(await storedKeys(key)).toBe(0);

    await runArticleCommand(articleId, 'no_stream', create(alice, undefined, articleId));
    const retried = await runArticleCommand(articleId, 1, edit(alice, { headline: 'Something here' }), keyed(key));
    expect(retried.replayed).toBeNull();
    expect(await eventsWithKey(key)).toHaveLength(1);
  });

  it('stores nothing for a command that loses on its expected version', async () => {
    const articleId = randomUUID();
    await runArticleCommand(articleId, 'no_stream', create(alice, undefined, articleId));
    await runArticleCommand(articleId, 1, edit(alice, { headline: 'Moved on' }));
    const key = randomUUID();

    await expect(runArticleCommand(articleId, 1, edit(alice, { headline: 'Stale' }), keyed(key))).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect(await storedKeys(key)).toBe(0);
  });

  it('stores the key of a command that changed nothing, with the version it answered', async () => {
    const articleId = randomUUID();
    const { state } = await runArticleCommand(articleId, 'no_stream', create(alice, undefined, articleId));
    const key = randomUUID();

    const unchanged = await runArticleCommand(
      articleId,
      1,
      edit(alice, { headline: state.document!.content.headline }),
      keyed(key),
    );
    await runArticleCommand(articleId, 1, edit(alice, { headline: 'Changed since' }));
    const retried = await runArticleCommand(
      articleId,
      1,
      edit(alice, { headline: state.document!.content.headline }),
      keyed(key),
    );

    expect(unchanged.events).toHaveLength(0);
    expect(retried.replayed).not.toBeNull();
    expect(retried.version).toBe(1);
    expect(retried.state).toEqual(unchanged.state);
  });

  it('refuses the key with a different request and writes nothing', async () => {
    const articleId = randomUUID();
    await runArticleCommand(articleId, 'no_stream', create(alice, undefined, articleId));
    const key = randomUUID();
    await runArticleCommand(articleId, 1, edit(alice, { headline: 'First' }), keyed(key, '1'.repeat(64)));

    await expect(
      runArticleCommand(articleId, 2, edit(alice, { headline: 'Second' }), keyed(key, '2'.repeat(64))),
    ).rejects.toBeInstanceOf(IdempotencyKeyReused);
    expect(await store.readStream(articleStreamId(articleId))).toHaveLength(2);
  });
});

/** Polls until a backend is blocked on a lock: the retry has reached the claimed key and waits on it. */
async function untilSomeoneWaitsForALock(): Promise<void> {
  for (;;) {
    const [{ waiting }]: { waiting: boolean }[] = await dataSource.query(
      `SELECT exists (SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%idempotency_keys%') AS waiting`,
    );
    if (waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
