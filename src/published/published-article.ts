import type { PublicationKind } from '../articles/domain/article.events';
import type { ArticleDocument, Author, Block, LeadImage, RelatedLink, Source } from '../articles/domain/article.types';
import { renderAttributionLine, renderImageCreditLine } from './attribution';

/** A correction as readers see it, listed on the article for as long as it exists. */
export interface PublishedCorrection {
  readonly note: string;
  readonly correctedAt: string;
}

/** One time the article went out: the first publication, an update or a correction. */
export interface Publication {
  readonly kind: PublicationKind;
  readonly at: string;
  readonly note?: string;
}

/**
 * The one published representation of an article. The projection builds it once per publication
 * and stores it; `GET /published/:slug` serves it as it is, and every other format (ninjs, JSON-LD,
 * feeds, sitemaps) is a pure function of it, so no format can disagree with the page.
 */
export interface PublishedArticle {
  /** The article's id: stable across slug changes, the root of the ninjs `uri` and the feed entry id. */
  readonly id: string;
  readonly slug: string;
  readonly headline: string;
  readonly standfirst: string | null;
  readonly section: string;
  readonly language: string;
  readonly tags: readonly string[];
  readonly authors: readonly Author[];
  readonly body: readonly Block[];
  readonly leadImage: LeadImage | null;
  readonly imageCreditLine: string | null;
  readonly relatedLinks: readonly RelatedLink[];
  readonly attributionLine: string | null;
  /** Public attribution only: names, roles and links, not the desk's internal notes. */
  readonly sources: readonly Pick<Source, 'name' | 'role' | 'url'>[];
  readonly firstPublishedAt: string;
  /** When the latest publication went out, and whether it was the first, an update or a correction. */
  readonly updatedAt: string;
  readonly kind: PublicationKind;
  /** How many times the article went out: 1 for the first publication, one more for each update or correction. */
  readonly version: number;
  /** Every correction ever published, oldest first; kept through later updates and an unpublish. */
  readonly corrections: readonly PublishedCorrection[];
  /** Every publication, oldest first. */
  readonly publications: readonly Publication[];
}

/** What a sitemap needs of a representation: its canonical address, dates, headline and language. */
export type SitemapEntry = Pick<
  PublishedArticle,
  'id' | 'slug' | 'section' | 'headline' | 'language' | 'firstPublishedAt' | 'updatedAt'
>;

/**
 * The representation of `document` as published by `publications` (oldest first, the last one
 * being the publication that put this copy out).
 */
export function publishedArticle(
  articleId: string,
  document: ArticleDocument,
  publications: readonly Publication[],
): PublishedArticle {
  const latest = publications.at(-1);
  if (latest === undefined) throw new Error(`article ${articleId} has no publication to represent`);
  const { content, sources } = document;
  return {
    id: articleId,
    slug: content.slug,
    headline: content.headline,
    standfirst: content.standfirst,
    section: content.section,
    language: content.language,
    tags: content.tags,
    authors: content.authors,
    body: content.body,
    leadImage: content.leadImage,
    imageCreditLine: renderImageCreditLine(content.leadImage, sources),
    relatedLinks: content.relatedLinks,
    attributionLine: renderAttributionLine(sources),
    sources: sources.map(({ name, role, url }) => (url ? { name, role, url } : { name, role })),
    firstPublishedAt: publications[0].at,
    updatedAt: latest.at,
    kind: latest.kind,
    version: publications.length,
    corrections: publications
      .filter((publication) => publication.kind === 'correction')
      .map((publication) => ({ note: publication.note ?? '', correctedAt: publication.at })),
    publications,
  };
}
