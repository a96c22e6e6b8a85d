import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProblemException } from '../common/problem.exception';
import type { DeskListQuery } from './desk-list.query';

export interface DeskArticleSummary {
  readonly id: string;
  readonly version: number;
  readonly status: string;
  readonly headline: string;
  readonly slug: string;
  readonly section: string;
  readonly language: string;
  readonly tags: string[];
  readonly authors: string[];
  readonly createdBy: { id: string; name: string };
  readonly createdAt: string;
  readonly updatedBy: { id: string; name: string };
  readonly updatedAt: string;
  readonly firstPublishedAt: string | null;
}

interface DeskRow {
  article_id: string;
  last_version: number;
  status: string;
  headline: string;
  slug: string;
  section: string;
  language: string;
  tags: string[];
  author_names: string[];
  created_by: { id: string; name: string };
  created_at: Date;
  updated_by: { id: string; name: string };
  updated_at: Date;
  first_published_at: Date | null;
}

const DEFAULT_PAGE = 25;

/** The desk's list, most recently changed first, in pages that stay stable while articles change. */
@Injectable()
export class DeskArticlesReader {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: DeskListQuery): Promise<{ items: DeskArticleSummary[]; nextCursor: string | null }> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const parameter = (value: unknown): string => `$${parameters.push(value)}`;
    if (query.status) conditions.push(`status = ${parameter(query.status)}`);
    if (query.section) conditions.push(`lower(section) = lower(${parameter(query.section)})`);
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      // Keyset paging: stable while articles change, and served by the (…, updated_at, article_id) indexes.
      conditions.push(`(updated_at, article_id) < (${parameter(after.updatedAt)}, ${parameter(after.id)})`);
    }
    // One row more than the page shows whether there is a next page.
    const rows: DeskRow[] = await this.dataSource.query(
      `SELECT * FROM desk_articles ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY updated_at DESC, article_id DESC LIMIT ${parameter(limit + 1)}`,
      parameters,
    );
    const page = rows.slice(0, limit).map(toSummary);
    const last = page.at(-1);
    return { items: page, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }
}

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
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at.toISOString(),
    firstPublishedAt: row.first_published_at?.toISOString() ?? null,
  };
}

const encodeCursor = (item: DeskArticleSummary): string =>
  Buffer.from(JSON.stringify({ updatedAt: item.updatedAt, id: item.id })).toString('base64url');

function decodeCursor(cursor: string): { updatedAt: string; id: string } {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { updatedAt?: unknown; id?: unknown };
    if (
      typeof decoded.updatedAt === 'string' &&
      !Number.isNaN(Date.parse(decoded.updatedAt)) &&
      typeof decoded.id === 'string' &&
      /^[0-9a-f-]{36}$/.test(decoded.id)
    ) {
      return { updatedAt: decoded.updatedAt, id: decoded.id };
    }
  } catch {
    // falls through to the problem below
  }
  throw ProblemException.of(400, 'cursor is not one this service gave out', {
    errors: [{ field: 'cursor', messages: ['unknown cursor'] }],
  });
}
