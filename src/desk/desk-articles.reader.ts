import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { decodeKeysetCursor, encodeKeysetCursor } from '../common/keyset-cursor';
import type { ArticleStatus } from '../articles/domain/article-status';
import type { ChangeRequest, DeskRecord, LastPublication, PendingSchedule, PersonRef, ReasonedAct } from './desk-record';

export interface DeskArticleSummary {
  readonly id: string;
  readonly version: number;
  readonly status: ArticleStatus;
  readonly headline: string;
  readonly slug: string;
  readonly section: string;
  readonly language: string;
  readonly tags: readonly string[];
  readonly authors: readonly string[];
  /** Actor ids of everyone who drafted or changed the copy. */
  readonly contributors: readonly string[];
  readonly createdBy: PersonRef;
  readonly createdAt: string;
  readonly updatedBy: PersonRef;
  readonly updatedAt: string;
  /** The last publication is on the public site (false after an unpublish). */
  readonly live: boolean;
  readonly firstPublishedAt: string | null;
  readonly lastPublication: LastPublication | null;
  readonly changeRequest: ChangeRequest | null;
  readonly schedule: PendingSchedule | null;
  readonly unpublished: ReasonedAct | null;
  readonly spiked: ReasonedAct | null;
  readonly commentCount: number;
}

export interface DeskFilter {
  readonly statuses?: readonly ArticleStatus[];
  /** An actor id: articles whose copy they drafted or changed. */
  readonly contributor?: string;
  readonly byline?: string;
  readonly section?: string;
  readonly text?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

type DeskRow = Omit<DeskRecord, 'created_at' | 'updated_at' | 'first_published_at'> & {
  created_at: Date;
  updated_at: Date;
  first_published_at: Date | null;
};

/** What the list shows: never the copy itself or its search vector, which can be large. */
const LIST_COLUMNS = `article_id, last_version, status, headline, slug, section, language, tags, author_names, contributors,
  created_by, created_at, updated_by, updated_at, first_published_at, last_publication, live,
  change_request, schedule, unpublished, spiked, comment_count`;

const DEFAULT_PAGE = 25;

/**
 * The desk's list, most recently changed first. Keyset pages never repeat an article, but one that
 * changes while someone pages jumps above the cursor: a queue shows what moved at its top, not on a
 * later page.
 */
@Injectable()
export class DeskArticlesReader {
  constructor(private readonly sql: Sql) {}

  async list(filter: DeskFilter): Promise<{ items: DeskArticleSummary[]; nextCursor: string | null }> {
    const limit = filter.limit ?? DEFAULT_PAGE;
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const parameter = (value: unknown): string => `$${parameters.push(value)}`;
    if (filter.statuses) conditions.push(`status = ANY (${parameter(filter.statuses)}::text[])`);
    // @> rather than = ANY: the GIN index on contributors serves containment.
    if (filter.contributor) conditions.push(`contributors @> ARRAY[${parameter(filter.contributor)}]::text[]`);
    if (filter.byline) {
      conditions.push(
        `EXISTS (SELECT 1 FROM unnest(author_names) AS name WHERE name ILIKE ${parameter(`%${escapeLike(filter.byline)}%`)})`,
      );
    }
    if (filter.section) conditions.push(`lower(section) = lower(${parameter(filter.section)})`);
    // 'simple': articles come in many languages, so words are matched as written, with no stemming or stop words.
    if (filter.text) conditions.push(`search_vector @@ websearch_to_tsquery('simple', ${parameter(filter.text)})`);
    if (filter.cursor) {
      const after = decodeKeysetCursor(filter.cursor, CURSOR_TIME);
      // Keyset paging, served by the (…, updated_at, article_id) indexes.
      conditions.push(`(updated_at, article_id) < (${parameter(after.at)}, ${parameter(after.id)})`);
    }
    // One row more than the page shows whether there is a next page.
    const rows: DeskRow[] = await this.sql.query(
      `SELECT ${LIST_COLUMNS} FROM desk_articles ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY updated_at DESC, article_id DESC LIMIT ${parameter(limit + 1)}`,
      parameters,
    );
    const page = rows.slice(0, limit).map(toSummary);
    const last = page.at(-1);
    return {
      items: page,
      nextCursor: rows.length > limit && last ? encodeKeysetCursor(CURSOR_TIME, { at: last.updatedAt, id: last.id }) : null,
    };
  }
}

/** A byline is matched as typed: % and _ are letters here, not wildcards. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (character) => `\\${character}`);

function toSummary(row: DeskRow): DeskArticleSummary {
  return {
    id: row.article_id,
    version: row.last_version,
    status: row.status,
    headline: row.headline,
    slug: row.slug,
    section: row.section,
    language: row.language,
    tags: row.tags,
    authors: row.author_names,
    contributors: row.contributors,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at.toISOString(),
    live: row.live,
    firstPublishedAt: row.first_published_at?.toISOString() ?? null,
    lastPublication: row.last_publication,
    changeRequest: row.change_request,
    schedule: row.schedule,
    unpublished: row.unpublished,
    spiked: row.spiked,
    commentCount: row.comment_count,
  };
}

/** The desk pages by (updated_at, article_id). */
const CURSOR_TIME = 'updatedAt';
