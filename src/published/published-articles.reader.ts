import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { decodeKeysetCursor, encodeKeysetCursor } from '../common/keyset-cursor';
import type { PublishedArticle, SitemapEntry } from './published-article';

/** What a slug leads to: the live representation, or the time it was withdrawn (never the internal reason). */
export type PublishedLookup =
  | {
      readonly state: 'live';
      /** The stored representation, as PostgreSQL writes jsonb out. */
      readonly json: string;
      readonly etag: string;
      readonly lastModified: Date;
    }
  | {
      readonly state: 'withdrawn';
      /** The last representation before the unpublish: enough for a kill notice to name what it withdraws. */
      readonly article: PublishedArticle;
      readonly withdrawnAt: Date;
    }
  | { readonly state: 'absent' };

/** Which version of an article a slug leads to, without reading its document. */
export type PublishedVersion =
  { readonly state: 'live'; readonly etag: string; readonly lastModified: Date } | { readonly state: 'withdrawn' | 'absent' };

export type PublishedSummary = Pick<
  PublishedArticle,
  'slug' | 'headline' | 'standfirst' | 'section' | 'tags' | 'firstPublishedAt' | 'updatedAt'
> & {
  readonly authors: string[];
};

export interface PublishedListFilter {
  readonly section?: string;
  readonly tag?: string;
  readonly text?: string;
  readonly limit: number;
  /** Opaque: the `nextCursor` of the previous page. */
  readonly cursor?: string;
}

/** What a feed or a sitemap is built from: live representations, newest first, and when the set last changed. */
export interface RepresentationList<Article> {
  readonly articles: Article[];
  /** The stored ETag of each article's representation, in the same order: a list's validator derives from them. */
  readonly etags: string[];
  /**
   * The latest publication or unpublish of any article: an unpublish takes an entry out of a list
   * without changing any entry left, so a list's Last-Modified must count it.
   */
  readonly changedAt: Date | null;
}

interface LookupRow {
  json: string;
  etag: string;
  updated_at: Date;
  unpublished_at: Date | null;
}

interface ListRow {
  changed_at: Date | null;
  item: unknown;
  etag: string | null;
}

/** The newest first order every public list shares, newest publication first and the article id to break ties. */
const NEWEST_FIRST = 'first_published_at DESC, article_id DESC';
const LIVE_AND_FILTERED = `unpublished_at IS NULL
  AND ($1::text IS NULL OR lower(section) = lower($1)) AND ($2::text IS NULL OR $2 = ANY (tags))`;
/** Both maxima come from an index each (updated_at, unpublished_at), never from a scan of the table. */
const CHANGED_AT = `(SELECT greatest(max(updated_at), max(unpublished_at)) FROM published_articles)`;

@Injectable()
export class PublishedArticlesReader {
  constructor(private readonly sql: Sql) {}

  async bySlug(slug: string): Promise<PublishedLookup> {
    const [row]: LookupRow[] = await this.sql.query(
      `SELECT document::text AS json, etag, updated_at, unpublished_at FROM published_articles WHERE slug = $1`,
      [slug],
    );
    if (!row) return { state: 'absent' };
    if (row.unpublished_at) {
      return { state: 'withdrawn', article: JSON.parse(row.json) as PublishedArticle, withdrawnAt: row.unpublished_at };
    }
    return { state: 'live', json: row.json, etag: row.etag, lastModified: row.updated_at };
  }

  /** The cheap first read of every article route: enough to answer a revalidation or find a kept rendering. */
  async versionBySlug(slug: string): Promise<PublishedVersion> {
    const [row]: Omit<LookupRow, 'json'>[] = await this.sql.query(
      `SELECT etag, updated_at, unpublished_at FROM published_articles WHERE slug = $1`,
      [slug],
    );
    if (!row) return { state: 'absent' };
    if (row.unpublished_at) return { state: 'withdrawn' };
    return { state: 'live', etag: row.etag, lastModified: row.updated_at };
  }

  /**
   * The public list of live articles: summaries cut from the representations, so no body travels for
   * it, and when the set last changed (the list's Last-Modified).
   */
  async latest(
    filter: PublishedListFilter,
  ): Promise<{ items: PublishedSummary[]; nextCursor: string | null; changedAt: Date | null }> {
    const after = filter.cursor === undefined ? null : decodeKeysetCursor(filter.cursor, CURSOR_TIME);
    const rows: { changed_at: Date | null; summary: PublishedSummary | null; first_published_at: Date; article_id: string }[] =
      await this.sql.query(
        `SELECT changed.at AS changed_at, page.*
         FROM (SELECT ${CHANGED_AT} AS at) AS changed
         LEFT JOIN LATERAL (
           SELECT article_id, first_published_at, jsonb_build_object(
                    'slug', document->'slug', 'headline', document->'headline', 'standfirst', document->'standfirst',
                    'section', document->'section', 'tags', document->'tags',
                    'authors', (SELECT jsonb_agg(author->'name') FROM jsonb_array_elements(document->'authors') AS author),
                    'firstPublishedAt', document->'firstPublishedAt', 'updatedAt', document->'updatedAt') AS summary
           FROM published_articles
           WHERE ${LIVE_AND_FILTERED}
             AND ($3::text IS NULL OR search_vector @@ websearch_to_tsquery('simple', $3))
             AND ($4::timestamptz IS NULL OR (first_published_at, article_id) < ($4, $5::uuid))
           ORDER BY ${NEWEST_FIRST} LIMIT $6) AS page ON true
         ORDER BY page.first_published_at DESC, page.article_id DESC`,
        [filter.section ?? null, filter.tag ?? null, filter.text ?? null, after?.at ?? null, after?.id ?? null, filter.limit + 1],
      );
    const listed = rows.filter((row) => row.summary !== null);
    const page = listed.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => row.summary!),
      nextCursor:
        listed.length > filter.limit && last
          ? encodeKeysetCursor(CURSOR_TIME, { at: last.first_published_at.toISOString(), id: last.article_id })
          : null,
      changedAt: rows[0]?.changed_at ?? null,
    };
  }

  /** The newest live representations, whole, for a feed. */
  async newest(selection: ListSelection): Promise<RepresentationList<PublishedArticle>> {
    return this.list<PublishedArticle>('document', selection);
  }

  /** What sitemaps list of the live representations, newest first. */
  async sitemapEntries(selection: ListSelection): Promise<RepresentationList<SitemapEntry>> {
    return this.list<SitemapEntry>(
      `jsonb_build_object('id', document->'id', 'slug', document->'slug', 'section', document->'section',
         'headline', document->'headline', 'language', document->'language',
         'firstPublishedAt', document->'firstPublishedAt', 'updatedAt', document->'updatedAt')`,
      selection,
    );
  }

  /**
   * Which version of a list is current, without reading a document: a fingerprint of the listed
   * representations' ETags in order, their count, and when the set last changed. A list's validator
   * derives from it, so a revalidation or a cached rendering costs one small query.
   */
  async listVersion(selection: ListSelection): Promise<ListVersion> {
    const [row]: { changed_at: Date | null; fingerprint: string | null; count: number }[] = await this.sql.query(
      `SELECT ${CHANGED_AT} AS changed_at, md5(string_agg(page.etag, ',' ORDER BY page.first_published_at DESC, page.article_id DESC))
                AS fingerprint, count(page.etag)::integer AS count
       FROM (${pageOf('etag')}) AS page`,
      pageParameters(selection),
    );
    return { fingerprint: row.fingerprint ?? 'empty', count: row.count, changedAt: row.changed_at };
  }

  async liveCount(): Promise<number> {
    const [row]: { count: string }[] = await this.sql.query(
      `SELECT count(*) FROM published_articles WHERE unpublished_at IS NULL`,
    );
    return Number(row.count);
  }

  /**
   * One statement: the list and the time the set last changed. The left join keeps a row when the
   * list is empty, so an empty feed still has a Last-Modified.
   */
  private async list<Article>(item: string, selection: ListSelection): Promise<RepresentationList<Article>> {
    const rows: ListRow[] = await this.sql.query(
      `SELECT changed.at AS changed_at, page.item, page.etag
       FROM (SELECT ${CHANGED_AT} AS at) AS changed
       LEFT JOIN LATERAL (${pageOf(`${item} AS item, etag`)}) AS page ON true
       ORDER BY page.first_published_at DESC, page.article_id DESC`,
      pageParameters(selection),
    );
    const listed = rows.filter((row) => row.etag !== null);
    return {
      articles: listed.map((row) => row.item as Article),
      etags: listed.map((row) => row.etag!),
      changedAt: rows[0]?.changed_at ?? null,
    };
  }
}

/** Which live articles a feed or a sitemap lists: newest first, filtered, `since` a first publication time. */
export interface ListSelection {
  readonly section?: string;
  readonly tag?: string;
  readonly since?: Date;
  readonly limit: number;
  readonly offset?: number;
}

export interface ListVersion {
  readonly fingerprint: string;
  readonly count: number;
  readonly changedAt: Date | null;
}

/** The page of a selection, parameters $1–$5 as pageParameters gives them. */
const pageOf = (columns: string) =>
  `SELECT ${columns}, first_published_at, article_id FROM published_articles
   WHERE ${LIVE_AND_FILTERED} AND ($3::timestamptz IS NULL OR first_published_at >= $3)
   ORDER BY ${NEWEST_FIRST} LIMIT $4 OFFSET $5`;

const pageParameters = (selection: ListSelection) => [
  selection.section ?? null,
  selection.tag ?? null,
  selection.since ?? null,
  selection.limit,
  selection.offset ?? 0,
];

/** The public list pages by (first_published_at, article_id). */
const CURSOR_TIME = 'at';
