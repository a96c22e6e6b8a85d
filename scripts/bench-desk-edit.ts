import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { articleCodec, articleStreamFold } from '../src/articles/article.codec';
import { articleStreamId, type ArticleEvent } from '../src/articles/domain/article.events';
import type { ParagraphBlock } from '../src/articles/domain/article.types';
import { dataSourceOptions } from '../src/config/data-source-options';
import { DeskProjection } from '../src/desk/desk.projection';
import { EventStore } from '../src/event-store/event-store';
import { InlineProjections, noInlineProjections } from '../src/event-store/inline-projections';
import { onBenchDatabase, runBenchmark } from './bench-support';
import { Sql } from '../src/database/sql';

/**
 * What a one-block edit costs with the desk projection keeping its row and search text current, as
 * the article's history grows, three ways:
 * - state given: as a command appends, with the stream's state before the event in hand, so the
 *   projection writes its one UPDATE without reading anything;
 * - state folded: an append outside the command path, where the projections fold that state from the
 *   stream first (tools and specs take this path, never a request);
 * - no projection: the bare append of the same event, for scale.
 * Median of the timed edits at each history length, on the same server in the same run.
 */

const BLOCKS = 40;
const BLOCK_CHARS = 600;
const HISTORY_LENGTHS = [10, 100, 500];
const SAMPLES = 30;

const actor = { id: 'bench', name: 'Bench Editor', roles: ['editor' as const] };
const paragraph = (index: number, revision: number): ParagraphBlock => ({
  id: `block-${index}`,
  type: 'paragraph',
  text: `Revision ${revision} of paragraph ${index}. `.padEnd(BLOCK_CHARS, 'lorem ipsum dolor sit amet '),
});

async function main(url: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url, 4));
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const store = new EventStore(Sql.of(dataSource), new InlineProjections(articleStreamFold, [new DeskProjection()]));
    const bare = new EventStore(Sql.of(dataSource), noInlineProjections());
    console.log(`one-block edit of a ${BLOCKS}-block article (~${(BLOCKS * BLOCK_CHARS) / 1000} kB of text), median ms`);
    console.log('history  state given  state folded  no projection');
    for (const length of HISTORY_LENGTHS) {
      const columns = [
        await timeEdits(store, length, true),
        await timeEdits(store, length, false),
        await timeEdits(bare, length, false),
      ];
      console.log(
        `${String(length).padStart(7)}  ${columns.map((ms, index) => ms.toFixed(2).padStart([11, 12, 13][index])).join('  ')}`,
      );
    }
  } finally {
    await dataSource.destroy();
  }
}

async function timeEdits(store: EventStore, historyLength: number, stateGiven: boolean): Promise<number> {
  const articleId = randomUUID();
  const streamId = articleStreamId(articleId);
  let version = 0;
  let state = articleStreamFold.initialState;
  const append = async (event: ArticleEvent) => {
    const encoded = articleCodec.encode(event);
    const eventId = randomUUID();
    const expected = version === 0 ? 'no_stream' : version;
    const events = [{ ...encoded, eventId, metadata: { eventId, ...encoded.metadata } }];
    if (stateGiven)
      await store.inTransaction((transaction) => store.appendWithin(transaction, streamId, expected, events, { state }));
    else await store.append(streamId, expected, events);
    state = articleStreamFold.evolve(state, event);
    version += 1;
  };
  const edit = (revision: number): ArticleEvent => ({
    type: 'ArticleEdited',
    actor,
    occurredAt: new Date().toISOString(),
    data: { changes: {}, bodyOperations: [{ op: 'replace', block: paragraph(revision % BLOCKS, revision) }] },
  });

  await append({
    type: 'ArticleDrafted',
    actor,
    occurredAt: new Date().toISOString(),
    data: {
      articleId,
      headline: 'Benchmark article',
      standfirst: null,
      slug: `bench-${articleId}`,
      section: 'Bench',
      tags: [],
      language: 'en',
      authors: [{ name: 'Bench' }],
      body: Array.from({ length: BLOCKS }, (_, index) => paragraph(index, 0)),
      leadImage: null,
      relatedLinks: [],
    },
  });
  while (version < historyLength) await append(edit(version));

  const timings: number[] = [];
  for (let sample = 0; sample < SAMPLES; sample++) {
    const started = performance.now();
    await append(edit(version));
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  return timings[Math.floor(timings.length / 2)];
}

runBenchmark(() => onBenchDatabase(main));
