import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { ARTICLE_EVENT_TYPES, ARTICLE_STREAM_PREFIX, articleIdFromStream } from '../articles/domain/article.events';
import { commitOrderQuery, START_OF_LOG, type AllStreamCursor } from '../event-store/commit-order';
import { recordedAtText } from '../event-store/event-hash';
import { decodeLogCursor, encodeLogCursor } from './log-cursor';
import { readStored, storedActor, storedText } from './stored-event';

export interface AuditFilter {
  readonly actor?: string;
  readonly types?: readonly string[];
  readonly articleId?: string;
  /** ISO times as the caller gave them: PostgreSQL keeps their microseconds, which a JS Date would drop. */
  readonly from?: string;
  readonly to?: string;
}

/** One event in the global log. */
export interface AuditEntry {
  readonly position: number;
  readonly streamId: string;
  readonly articleId: string | null;
  readonly version: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly summary: string | null;
  readonly actor: { readonly id: string; readonly name: string } | null;
  readonly occurredAt: string | null;
  /** With its microseconds, as the hash chain covers it. */
  readonly recordedAt: string;
  readonly reason: string | null;
  readonly requestId: string | null;
  readonly commandId: string | null;
  readonly hash: string;
}

/** An exported event: the entry and the row as stored, enough to recompute the chain elsewhere. */
export interface AuditExportLine extends AuditEntry {
  readonly eventId: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

interface AuditRow {
  position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recorded_at_text: string;
  hash: string;
}

const EXPORT_BATCH = 500;

/**
 * The global audit log, read as every reader of the log reads it (commit-order.ts): in commit-safe
 * order, so a page never has an event appear later behind its cursor, which plain position order
 * would allow (a transaction can take a lower position and commit after a higher one). The actor,
 * type and article filters have indexes that end in (transaction_id, position), so such a page is
 * read in cursor order from its index; a time range reads recorded_at's index and sorts its matches.
 */
@Injectable()
export class AuditLogReader {
  constructor(private readonly sql: Sql) {}

  async page(filter: AuditFilter, cursor: string | undefined, limit: number) {
    const rows = await this.rows(filter, cursor === undefined ? START_OF_LOG : decodeLogCursor(cursor), limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toEntry),
      nextCursor:
        rows.length > limit && last ? encodeLogCursor({ transactionId: last.transaction_id, position: last.position }) : null,
    };
  }

  /** Every matching event, a batch at a time: memory stays at one batch however long the log is. */
  async *export(filter: AuditFilter, cursor: string | undefined): AsyncGenerator<AuditExportLine> {
    let after = cursor === undefined ? START_OF_LOG : decodeLogCursor(cursor);
    for (;;) {
      const rows = await this.rows(filter, after, EXPORT_BATCH);
      for (const row of rows) yield { ...toEntry(row), eventId: row.event_id, data: row.data, metadata: row.metadata };
      if (rows.length < EXPORT_BATCH) return;
      after = { transactionId: rows.at(-1)!.transaction_id, position: rows.at(-1)!.position };
    }
  }

  /** Throws a 400 now for a cursor this service did not give out, before any response starts. */
  checkCursor(cursor: string | undefined): void {
    if (cursor !== undefined) decodeLogCursor(cursor);
  }

  private rows(filter: AuditFilter, after: AllStreamCursor, limit: number): Promise<AuditRow[]> {
    const { text, values } = commitOrderQuery({
      columns: `position, transaction_id, event_id, stream_id, stream_version, type, schema_version, data, metadata,
                ${recordedAtText('recorded_at')} AS recorded_at_text, encode(hash, 'hex') AS hash`,
      after,
      limit,
      where: (parameter) => {
        const conditions: string[] = [];
        if (filter.actor !== undefined) conditions.push(`metadata -> 'actor' ->> 'id' = ${parameter(filter.actor)}`);
        // One type is an equality, so its index hands rows over in cursor order; several need a sort of their matches.
        if (filter.types?.length === 1) conditions.push(`type = ${parameter(filter.types[0])}`);
        else if (filter.types?.length) conditions.push(`type = ANY(${parameter(filter.types)}::text[])`);
        if (filter.articleId !== undefined) conditions.push(`stream_id = ${parameter(ARTICLE_STREAM_PREFIX + filter.articleId)}`);
        if (filter.from !== undefined) conditions.push(`recorded_at >= ${parameter(filter.from)}::timestamptz`);
        if (filter.to !== undefined) conditions.push(`recorded_at < ${parameter(filter.to)}::timestamptz`);
        return conditions;
      },
    });
    return this.sql.query(text, values);
  }
}

const storedForm = (row: AuditRow) => ({
  streamId: row.stream_id,
  type: row.type,
  schemaVersion: row.schema_version,
  data: row.data,
  metadata: row.metadata,
});

/** Total on any stored row: fields of the wrong type read as absent, and an unreadable event says so. */
function toEntry(row: AuditRow): AuditEntry {
  const metadata = row.metadata;
  const isArticleEvent =
    row.stream_id.startsWith(ARTICLE_STREAM_PREFIX) && (ARTICLE_EVENT_TYPES as readonly string[]).includes(row.type);
  return {
    position: Number(row.position),
    streamId: row.stream_id,
    articleId: row.stream_id.startsWith(ARTICLE_STREAM_PREFIX) ? articleIdFromStream(row.stream_id) : null,
    version: row.stream_version,
    type: row.type,
    schemaVersion: row.schema_version,
    summary: isArticleEvent ? readStored(storedForm(row)).summary : null,
    actor: storedActor(metadata),
    occurredAt: storedText(metadata, 'occurredAt'),
    recordedAt: row.recorded_at_text,
    reason: storedText(metadata, 'reason'),
    requestId: storedText(metadata, 'requestId'),
    commandId: storedText(metadata, 'commandId'),
    hash: row.hash,
  };
}
