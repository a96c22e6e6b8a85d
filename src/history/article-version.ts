import { articleEventOrNull, articleIdFromStream } from '../articles/domain/article.events';
import type { ArticleContent, ArticleDocument, Source } from '../articles/domain/article.types';
import { evolveDocument } from '../articles/domain/article-document';
import { statusAfter, type ArticleStatus } from '../articles/domain/article-status';
import type { RecordedEvent } from '../event-store/recorded-event';
import { storedActor, storedText } from './stored-event';

/** What an article said, and where it stood in the workflow, at one version. */
export interface ArticleVersion {
  readonly version: number;
  readonly status: ArticleStatus;
  readonly document: ArticleDocument;
}

/** An old version as the newsroom reads it: the copy, its sources, its status and who made that version. */
export interface ArticleVersionView extends ArticleContent {
  readonly id: string;
  readonly version: number;
  readonly status: ArticleStatus;
  readonly sources: readonly Source[];
  readonly changedBy: { readonly id: string; readonly name: string } | null;
  readonly occurredAt: string | null;
  readonly recordedAt: string;
}

/**
 * Folds a stream from its first event with the same meanings the write side uses (evolveDocument,
 * statusAfter), calling `visit` with the article after each event. An event that cannot be read
 * changes nothing, as on the write side, but still makes a version: the article as it stood.
 */
export function foldVersions(
  events: readonly RecordedEvent[],
  visit: (version: ArticleVersion) => void = () => undefined,
): ArticleVersion | null {
  let document: ArticleDocument | null = null;
  let status: ArticleStatus | null = null;
  let current: ArticleVersion | null = null;
  for (const recorded of events) {
    const event = articleEventOrNull(recorded);
    if (event !== null) {
      document = evolveDocument(document, event);
      status = statusAfter(status, event.type);
    }
    if (document === null || status === null) continue;
    current = { version: recorded.streamVersion, status, document };
    visit(current);
  }
  return current;
}

export function toVersionView(events: readonly RecordedEvent[]): ArticleVersionView | null {
  const article = foldVersions(events);
  const last = events.at(-1);
  if (article === null || last === undefined) return null;
  const actor = storedActor(last.metadata);
  return {
    id: articleIdFromStream(last.streamId),
    version: article.version,
    status: article.status,
    ...article.document.content,
    sources: article.document.sources,
    changedBy: actor,
    occurredAt: storedText(last.metadata, 'occurredAt'),
    recordedAt: last.recordedAt.toISOString(),
  };
}
