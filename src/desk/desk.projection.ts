import { ARTICLE_EVENT_TYPES, articleIdFromStream, articleIdOf, type ArticleEvent } from '../articles/domain/article.events';
import type { ArticleState } from '../articles/domain/article.state';
import { searchableText } from '../common/searchable-text';
import type { InlineProjection, ProjectedEvent, ProjectedTable, ProjectionTransaction } from '../event-store/inline-projection';
import { computed } from '../event-store/row-patch';
import { deskUpdate, draftedRecord, type DeskChanges } from './desk-record';

/** Columns stored as jsonb: node-postgres would send a JS array as a PostgreSQL array, so they go as JSON text. */
const JSON_COLUMNS: ReadonlySet<string> = new Set([
  'created_by',
  'updated_by',
  'change_request',
  'schedule',
  'last_publication',
  'unpublished',
  'spiked',
]);

/**
 * The desk's list of articles: one row per article, updated in the append's transaction. Each event
 * is one statement: what it changes is worked out from the stream's state before and after it
 * (desk-record.ts), so the row is never read back, and the copy is never sent, only its search text
 * when its words change. An update is a row patch, which a replay merges per row and batch.
 */
export class DeskProjection implements InlineProjection<ArticleEvent, ArticleState> {
  readonly name = 'desk-articles';
  readonly handles: ReadonlySet<string> = new Set(ARTICLE_EVENT_TYPES);
  readonly tables: readonly ProjectedTable[] = [
    {
      name: 'desk_articles',
      key: 'article_id',
      keyOf: articleIdOf,
      notFromEvents: [
        {
          columns: ['search_vector', 'search_covers_headline_only'],
          when: 'live_row.search_covers_headline_only',
          why:
            'a row projected before the desk indexed the copy has a search vector backfilled from the headline only, ' +
            'until the words of its copy next change',
        },
      ],
    },
  ];

  async apply(change: ProjectedEvent<ArticleEvent, ArticleState>, transaction: ProjectionTransaction): Promise<void> {
    const { event, recorded } = change;
    const version = recorded.streamVersion;
    if (event.type === 'ArticleDrafted') {
      const record = draftedRecord(event, version);
      const columns = Object.keys(record);
      // ON CONFLICT DO NOTHING: replaying the creation changes nothing.
      await transaction.write(
        `INSERT INTO desk_articles (${columns.join(', ')}, search_vector)
         VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')}, to_tsvector('simple', $${columns.length + 1}))
         ON CONFLICT (article_id) DO NOTHING`,
        [...columns.map((column) => columnValue(column, record)), searchableText(change.after.document!.content)],
      );
      return;
    }
    const { columns, searchText } = deskUpdate(change, version);
    const set: Record<string, unknown> = Object.fromEntries(
      Object.keys(columns).map((column) => [column, columnValue(column, columns)]),
    );
    if (searchText !== null) {
      set.search_vector = computed(`to_tsvector('simple', ?)`, searchText);
      set.search_covers_headline_only = false;
    }
    // Only while the row's last_version is below this one: a replayed event changes nothing.
    await transaction.patch({
      table: 'desk_articles',
      key: { column: 'article_id', value: articleIdFromStream(recorded.streamId) },
      versionColumn: 'last_version',
      version,
      set,
    });
  }
}

function columnValue(column: string, values: DeskChanges): unknown {
  const value = values[column as keyof DeskChanges];
  return JSON_COLUMNS.has(column) && value !== null ? JSON.stringify(value) : value;
}
