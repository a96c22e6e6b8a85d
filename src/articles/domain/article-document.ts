import type { ArticleEvent } from './article.events';
import type { ArticleDocument } from './article.types';
import { applyBodyOperations } from './body-operations';

/**
 * What the content events mean for the article's copy. The write side folds it into its state and
 * the read sides use it to rebuild what a given version said, so there is one meaning for each event.
 */
export function evolveDocument(document: ArticleDocument | null, event: ArticleEvent): ArticleDocument | null {
  switch (event.type) {
    case 'ArticleDrafted': {
      const { articleId: _articleId, ...content } = event.data;
      return { content, sources: [] };
    }
    case 'ArticleEdited':
      if (document === null) return null;
      return {
        ...document,
        content: {
          ...document.content,
          ...event.data.changes,
          body: applyBodyOperations(document.content.body, event.data.bodyOperations),
        },
      };
    case 'RevisionRestored':
      if (document === null) return null;
      return {
        content: {
          ...document.content,
          ...event.data.changes,
          body: applyBodyOperations(document.content.body, event.data.bodyOperations),
        },
        sources: event.data.sources ?? document.sources,
      };
    case 'SourceAttributed':
      if (document === null) return null;
      return { ...document, sources: [...document.sources, event.data.source] };
    case 'SourceRemoved':
      if (document === null) return null;
      return { ...document, sources: document.sources.filter((source) => source.id !== event.data.sourceId) };
    default:
      return document;
  }
}

/** What the article said after these events (its first ones, in order); null before it was drafted. */
export function documentAfter(events: readonly ArticleEvent[]): ArticleDocument | null {
  return events.reduce<ArticleDocument | null>(evolveDocument, null);
}
