import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { articleStreamId } from '../articles/domain/article.events';
import type { Source } from '../articles/domain/article.types';
import { EventStore } from '../event-store/event-store';
import { diffVersions, type ArticleDiff } from './article-diff';
import { foldVersions, toVersionView, type ArticleVersion, type ArticleVersionView } from './article-version';
import { toHistoryEntry, type HistoryEntry } from './history-entry';

export interface HistoryPage {
  readonly items: readonly HistoryEntry[];
  /** The version to pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/**
 * An article's past, read from its stream. A history page reads only its own rows, by version along
 * the (stream_id, stream_version) index, so the first page of a 10,000-event stream costs what the
 * first page of a short one does. Versions and diffs fold the stream from its start.
 */
@Injectable()
export class ArticleHistoryReader {
  constructor(
    private readonly store: EventStore,
    private readonly sql: Sql,
  ) {}

  /** Null when there is no such article. */
  async page(articleId: string, afterVersion: number, limit: number): Promise<HistoryPage | null> {
    const streamId = articleStreamId(articleId);
    // One row more than the page tells whether there is another page.
    const events = await this.store.readStream(streamId, { fromVersion: afterVersion + 1, limit: limit + 1 });
    if (events.length === 0 && !(await this.exists(streamId))) return null;
    const page = events.slice(0, limit);
    const removedSources = await this.sourcesRemovedIn(
      streamId,
      page.flatMap((event) => (event.type === 'SourceRemoved' ? [String(event.data.sourceId)] : [])),
    );
    return {
      items: page.map((event) => toHistoryEntry(event, removedSources)),
      nextCursor: events.length > limit ? String(page.at(-1)!.streamVersion) : null,
    };
  }

  /** Null when the article or that version does not exist. */
  async version(articleId: string, version: number): Promise<ArticleVersionView | null> {
    const events = await this.store.readStream(articleStreamId(articleId), { toVersion: version });
    return events.length === version ? toVersionView(events) : null;
  }

  /** Null when the article or either version does not exist. */
  async diff(articleId: string, from: number, to: number): Promise<ArticleDiff | null> {
    const events = await this.store.readStream(articleStreamId(articleId), { toVersion: to });
    if (events.length !== to) return null;
    const at: { from?: ArticleVersion } = {};
    const after = foldVersions(events, (version) => {
      if (version.version === from) at.from = version;
    });
    return at.from && after ? diffVersions(at.from, after) : null;
  }

  private async exists(streamId: string): Promise<boolean> {
    return (await this.store.readStream(streamId, { toVersion: 1 })).length > 0;
  }

  /** The sources a page's SourceRemoved events took away, to name them: the events store only the id. */
  private async sourcesRemovedIn(streamId: string, sourceIds: readonly string[]): Promise<Map<string, Source>> {
    if (sourceIds.length === 0) return new Map();
    const rows: { source: Source }[] = await this.sql.query(
      `SELECT data -> 'source' AS source FROM events
       WHERE stream_id = $1 AND type = 'SourceAttributed' AND data -> 'source' ->> 'id' = ANY($2)`,
      [streamId, sourceIds],
    );
    return new Map(rows.map(({ source }) => [source.id, source]));
  }
}
