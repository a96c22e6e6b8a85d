import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PublicationKind } from '../articles/domain/article.events';
import type { Author, Block, LeadImage, RelatedLink, Source } from '../articles/domain/article.types';
import type { PublishedCorrection } from './published.projection';

export interface PublishedArticle {
  readonly slug: string;
  readonly headline: string;
  readonly standfirst: string | null;
  readonly section: string;
  readonly language: string;
  readonly tags: string[];
  readonly authors: Author[];
  readonly body: Block[];
  readonly leadImage: LeadImage | null;
  readonly imageCreditLine: string | null;
  readonly relatedLinks: RelatedLink[];
  readonly attributionLine: string | null;
  /** Public attribution only: names, roles and links, not the desk's internal notes. */
  readonly sources: Pick<Source, 'name' | 'role' | 'url'>[];
  readonly firstPublishedAt: string;
  /** When the latest publication went out, and whether it was the first, an update or a correction. */
  readonly updatedAt: string;
  readonly kind: PublicationKind;
  /** Every correction ever published, oldest first; kept through later updates and an unpublish. */
  readonly corrections: PublishedCorrection[];
}

/** What a slug leads to: the live article, or the time it was withdrawn (never the internal reason). */
export type PublishedLookup =
  | { readonly state: 'live'; readonly article: PublishedArticle }
  | { readonly state: 'withdrawn'; readonly withdrawnAt: string }
  | { readonly state: 'absent' };

export type PublishedSummary = Pick<
  PublishedArticle,
  'slug' | 'headline' | 'standfirst' | 'section' | 'tags' | 'firstPublishedAt' | 'updatedAt'
> & {
  readonly authors: string[];
};

type SummaryRow = Pick<
  PublishedRow,
  'slug' | 'headline' | 'standfirst' | 'section' | 'tags' | 'first_published_at' | 'updated_at'
> & {
  author_names: string[];
};

interface PublishedRow {
  slug: string;
  headline: string;
  standfirst: string | null;
  section: string;
  language: string;
  tags: string[];
  authors: Author[];
  body: Block[];
  lead_image: LeadImage | null;
  image_credit_line: string | null;
  related_links: RelatedLink[];
  attribution_line: string | null;
  sources: Source[];
  first_published_at: Date;
  updated_at: Date;
  kind: PublicationKind;
  corrections: PublishedCorrection[];
  unpublished_at: Date | null;
}

@Injectable()
export class PublishedArticlesReader {
  constructor(private readonly dataSource: DataSource) {}

  async bySlug(slug: string): Promise<PublishedLookup> {
    const [row]: PublishedRow[] = await this.dataSource.query(
      `SELECT slug, headline, standfirst, section, language, tags, authors, body, lead_image, image_credit_line,
              related_links, attribution_line, sources, first_published_at, updated_at, kind, corrections, unpublished_at
       FROM published_articles WHERE slug = $1`,
      [slug],
    );
    if (!row) return { state: 'absent' };
    if (row.unpublished_at) return { state: 'withdrawn', withdrawnAt: row.unpublished_at.toISOString() };
    return { state: 'live', article: toPublishedArticle(row) };
  }

  /** The public list of live articles: summaries only, so no article body or source list is read for it. */
  async latest(filter: { section?: string; tag?: string; text?: string; limit: number }): Promise<PublishedSummary[]> {
    const rows: SummaryRow[] = await this.dataSource.query(
      `SELECT slug, headline, standfirst, section, tags, first_published_at, updated_at,
              ARRAY(SELECT author->>'name' FROM jsonb_array_elements(authors) AS author) AS author_names
       FROM published_articles
       WHERE unpublished_at IS NULL
         AND ($1::text IS NULL OR lower(section) = lower($1)) AND ($2::text IS NULL OR $2 = ANY (tags))
         AND ($3::text IS NULL OR search_vector @@ websearch_to_tsquery('simple', $3))
       ORDER BY first_published_at DESC, article_id DESC LIMIT $4`,
      [filter.section ?? null, filter.tag ?? null, filter.text ?? null, filter.limit],
    );
    return rows.map((row) => ({
      slug: row.slug,
      headline: row.headline,
      standfirst: row.standfirst,
      section: row.section,
      tags: row.tags,
      authors: row.author_names,
      firstPublishedAt: row.first_published_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    }));
  }
}

function toPublishedArticle(row: PublishedRow): PublishedArticle {
  return {
    slug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    section: row.section,
    language: row.language,
    tags: row.tags,
    authors: row.authors,
    body: row.body,
    leadImage: row.lead_image,
    imageCreditLine: row.image_credit_line,
    relatedLinks: row.related_links,
    attributionLine: row.attribution_line,
    sources: row.sources.map(({ name, role, url }) => (url ? { name, role, url } : { name, role })),
    firstPublishedAt: row.first_published_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    kind: row.kind,
    corrections: row.corrections,
  };
}
