import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { articleCodec } from '../src/articles/article.codec';
import type { ArticleCommand } from '../src/articles/domain/article.commands';
import { articleDecider } from '../src/articles/domain/article.decider';
import type { ArticleState } from '../src/articles/domain/article.state';
import type { Block } from '../src/articles/domain/article.types';
import { toDraftContent } from '../src/articles/http/to-domain';
import type { CreateArticleDto } from '../src/articles/http/dto/create-article.dto';
import { loadSeedArticle } from '../src/demo/seed-article';
import type { EventStore } from '../src/event-store/event-store';
import type { NewEvent } from '../src/event-store/recorded-event';
import { BENCH_PEOPLE } from './bench-support';

const seed = loadSeedArticle(resolve(process.cwd(), 'test/fixtures/seed-article.txt'));
const EDITS = 14;
const START = Date.parse('2026-01-01T00:00:00Z');

/**
 * Whole article lives as the newsroom makes them, decided by the article's own decider from
 * commands, so that every event is one the service could have written: the seed article drafted,
 * two sources attributed, fourteen edits of one paragraph each (now and then the headline), a
 * comment, submitted, approved by someone else and published; every third one then corrected
 * (an edit, submitted, approved, republished with a note). About 21 events an article, 27 for a
 * corrected one.
 */
export function articleHistory(index: number): { streamId: string; events: NewEvent[] } {
  const articleId = randomUUID();
  let state: ArticleState = articleDecider.initialState;
  let clock = START + index * 3_600_000;
  const events: NewEvent[] = [];
  const run = (command: Record<string, unknown> & { type: ArticleCommand['type'] }, by = BENCH_PEOPLE.editor) => {
    clock += 60_000;
    const decided = articleDecider.decide({ ...command, actor: by, at: new Date(clock).toISOString() } as ArticleCommand, state);
    state = decided.reduce(articleDecider.evolve, state);
    for (const event of decided) {
      const eventId = randomUUID();
      const encoded = articleCodec.encode(event);
      events.push({
        ...encoded,
        eventId,
        metadata: { eventId, ...encoded.metadata, requestId: randomUUID(), commandId: randomUUID() },
      });
    }
  };
  const content = toDraftContent({ ...seed.draft, slug: `bench-${index}-${articleId.slice(0, 8)}` } as CreateArticleDto);
  let body: Block[] = [...content.body];
  const editParagraph = (edit: number, changes: object = {}) => {
    const at = body.findIndex((block, position) => block.type === 'paragraph' && position >= edit % body.length);
    const paragraph = body[at === -1 ? 0 : at] as Extract<Block, { type: 'paragraph' }>;
    body = body.map((block) =>
      block === paragraph ? { ...paragraph, text: `${paragraph.text.split(' [rev')[0]} [rev ${edit}]` } : block,
    );
    run({ type: 'EditArticle', changes, body });
  };
  run({ type: 'CreateDraft', articleId, content });
  run({ type: 'AttributeSource', source: { id: randomUUID(), name: 'Reuters', role: 'contributed' } });
  run({ type: 'AttributeSource', source: { id: randomUUID(), name: 'CCTV/Thomson Reuters', role: 'image' } });
  for (let edit = 1; edit <= EDITS; edit++) {
    editParagraph(edit, edit % 5 === 0 ? { headline: `${seed.draft.headline} (${index}.${edit})` } : {});
  }
  run({ type: 'AddComment', commentId: randomUUID(), text: 'Check the figures in the third paragraph.' });
  run({ type: 'SubmitForReview' });
  run({ type: 'ApproveArticle' }, BENCH_PEOPLE.reviewer);
  run({ type: 'PublishArticle' }, BENCH_PEOPLE.publisher);
  if (index % 3 === 0) {
    editParagraph(EDITS + 1);
    run({ type: 'SubmitForReview' });
    run({ type: 'ApproveArticle' }, BENCH_PEOPLE.reviewer);
    run({ type: 'PublishArticle', kind: 'correction', note: 'An earlier version misstated a figure.' }, BENCH_PEOPLE.publisher);
  }
  return { streamId: `article-${articleId}`, events };
}

/** Appends article histories until `events` are stored, `writers` articles at a time; answers how many were. */
export async function appendArticleHistories(store: EventStore, events: number, writers = 8): Promise<number> {
  let appended = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (appended < events) {
        const { streamId, events: history } = articleHistory(next++);
        appended += history.length;
        await store.append(streamId, 'no_stream', history);
      }
    }),
  );
  return appended;
}
