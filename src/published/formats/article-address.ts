import type { PublicationConfig } from '../../config/app-config';
import type { PublishedArticle } from '../published-article';

/**
 * The reader-facing address of an article, from the configured pattern. The section becomes a path
 * segment ("World" → "world", "Middle East" → "middle-east"); every value is percent-encoded so a
 * slug or section can never change the URL's structure.
 */
export function articleUrl(publication: PublicationConfig, article: Pick<PublishedArticle, 'id' | 'slug' | 'section'>): string {
  const values: Record<string, string> = {
    section: encodeURIComponent(sectionPath(article.section)),
    slug: encodeURIComponent(article.slug),
    id: encodeURIComponent(article.id),
  };
  return publication.articleUrlPattern.replace(/\{(base|section|slug|id)\}/g, (_, name: string) =>
    name === 'base' ? publication.baseUrl : values[name],
  );
}

/**
 * The article's identity for syndication (ninjs `uri`, feed entry ids): built from the base URL and
 * the article id, never the slug, so it survives a slug change and a republication.
 */
export function articleUri(publication: PublicationConfig, articleId: string): string {
  return `${publication.baseUrl}/articles/${encodeURIComponent(articleId)}`;
}

export function sectionPath(section: string): string {
  return section
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}
