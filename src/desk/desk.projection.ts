import { ARTICLE_EVENT_TYPES, articleIdFromStream, articleIdOf, type ArticleEvent } from '../articles/domain/article.events';
import type { ArticleState } from '../articles/domain/article.state';
import { searchableText } from '../common/searchable-text';
import type { InlineProjection, ProjectedEvent, ProjectedTable, ProjectionTransaction } from '../event-store/inline-projection';
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
 * when its words change.
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
    const assignments = Object.keys(columns).map((column, index) => `${column} = $${index + 3}`);
    const parameters: unknown[] = [articleIdFromStream(recorded.streamId), version];
    parameters.push(...Object.keys(columns).map((column) => columnValue(column, columns)));
    if (searchText !== null) {
      assignments.push(
        `search_vector = to_tsvector('simple', $${parameters.push(searchText)})`,
        'search_covers_headline_only = false',
      );
    }
    // The guard on last_version makes a replayed event a no-op, as it must be.
    await transaction.write(
      `UPDATE desk_articles SET ${assignments.join(', ')} WHERE article_id = $1 AND last_version < $2`,
      parameters,
    );
  }
}

function columnValue(column: string, values: DeskChanges): unknown {
  const value = values[column as keyof DeskChanges];
  return JSON_COLUMNS.has(column) && value !== null ? JSON.stringify(value) : value;
}
