import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { decodeLogCursor, encodeLogCursor } from '../history/log-cursor';

export interface ActivityFilter {
  readonly actorId?: string;
  readonly articleId?: string;
}

export interface ActivityItem {
  readonly position: number;
  readonly articleId: string;
  readonly version: number;
  readonly type: string;
  readonly actor: { readonly id: string; readonly name: string } | null;
  /** What happened, in a sentence ("approved version 5"). */
  readonly summary: string;
  /** The article's headline now, from the desk (null for a stream the desk does not list). */
  readonly headline: string | null;
  readonly recordedAt: string;
}

const UUID_TEXT = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

interface ActivityRow {
  position: string;
  transaction_id: string;
  article_id: string;
  version: number;
  type: string;
  actor_id: string | null;
  actor_name: string | null;
  summary: string;
  headline: string | null;
  recorded_at: Date;
}

/**
 * The activity feed, newest first, in the consumer's commit-safe order reversed: rows are added
 * only above every row already there, so paging down with a cursor never misses one that arrives
 * meanwhile (new ones appear on the first page). The feed may be a moment behind the appends.
 */
@Injectable()
export class ActivityReader {
  constructor(private readonly sql: Sql) {}

  async page(filter: ActivityFilter, cursor: string | undefined, limit: number) {
    const parameters: unknown[] = [];
    const parameter = (value: unknown): string => `$${parameters.push(value)}`;
    const conditions: string[] = [];
    if (cursor !== undefined) {
      const before = decodeLogCursor(cursor);
      conditions.push(
        `(a.transaction_id, a.position) < (${parameter(before.transactionId)}::xid8, ${parameter(String(before.position))}::bigint)`,
      );
    }
    if (filter.actorId !== undefined) conditions.push(`a.actor_id = ${parameter(filter.actorId)}`);
    if (filter.articleId !== undefined) conditions.push(`a.article_id = ${parameter(filter.articleId)}`);
    const rows = await this.sql.query<ActivityRow>(
      `SELECT a.position, a.transaction_id, a.article_id, a.version, a.type, a.actor_id, a.actor_name, a.summary,
              a.recorded_at, d.headline
       FROM article_activity a
       -- Every article the API made has a UUID; the CASE keeps the cast from meeting any other stream's name.
       LEFT JOIN LATERAL (
         SELECT headline FROM desk_articles
         WHERE article_id = CASE WHEN a.article_id ~ '${UUID_TEXT}' THEN a.article_id::uuid END
       ) AS d ON true
       ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY a.transaction_id DESC, a.position DESC
       LIMIT ${parameter(limit + 1)}`,
      parameters,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toItem),
      nextCursor:
        rows.length > limit && last ? encodeLogCursor({ transactionId: last.transaction_id, position: last.position }) : null,
    };
  }
}

function toItem(row: ActivityRow): ActivityItem {
  return {
    position: Number(row.position),
    articleId: row.article_id,
    version: row.version,
    type: row.type,
    actor: row.actor_id === null ? null : { id: row.actor_id, name: row.actor_name ?? row.actor_id },
    summary: row.summary,
    headline: row.headline,
    recordedAt: row.recorded_at.toISOString(),
  };
}
