import { articleEventOrNull, articleIdFromStream } from '../articles/domain/article.events';
import { documentAfter } from '../articles/domain/article-document';
import type { ArticleDocument } from '../articles/domain/article.types';
import type { RecordedEvent } from '../event-store/recorded-event';
import { publishedArticle, type Publication, type PublishedArticle } from './published-article';

/**
 * The representation a publication put out, from its stream up to and including that publication:
 * the document folded up to the version it published — exactly what was approved, however many
 * events came after — with every publication so far (the earlier ones and their correction notes are
 * part of it). The published projection stores it; webhooks send it as it was at that event.
 */
export function representationAtPublication(
  streamId: string,
  history: readonly RecordedEvent[],
  publishedVersion: number,
): { readonly article: PublishedArticle; readonly document: ArticleDocument } {
  const read = history.map((stored) => ({ stored, event: articleEventOrNull(stored) }));
  const document = documentAfter(
    read.flatMap(({ stored, event }) => (event !== null && stored.streamVersion <= publishedVersion ? [event] : [])),
  );
  if (document === null) throw new Error(`${streamId} has no content at version ${publishedVersion}`);
  const publications: Publication[] = read.flatMap(({ event }) =>
    event?.type === 'ArticlePublished'
      ? [{ kind: event.data.kind, at: event.occurredAt, ...(event.data.note === undefined ? {} : { note: event.data.note }) }]
      : [],
  );
  return { article: publishedArticle(articleIdFromStream(streamId), document, publications), document };
}
