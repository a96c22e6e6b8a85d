import {
  ARTICLE_EVENT_TYPES,
  readableArticleEvents,
  articleIdFromStream,
  articleIdOf,
  isContentEvent,
  type ArticleEvent,
} from '../articles/domain/article.events';
import { documentAfter } from '../articles/domain/article-document';
import type { ArticleDocument } from '../articles/domain/article.types';
import { searchableText } from '../common/searchable-text';
import type { InlineProjection, ProjectedTable, ProjectionTransaction } from '../event-store/inline-projection';
import type { RecordedEvent } from '../event-store/recorded-event';
import { deskChanges, draftedRecord, type DeskChanges, type DeskRecord } from './desk-record';

/** Columns stored as jsonb: node-postgres would send a JS array as a PostgreSQL array, so they go as JSON text. */
const JSON_COLUMNS: ReadonlySet<string> = new Set([
  'document',
  'created_by',
  'updated_by',
  'change_request',
  'schedule',
  'last_publication',
  'unpublished',
  'spiked',
]);

/** Every column of DeskRecord except the copy, which only content events need to read. */
const RECORD_COLUMNS = `article_id, last_version, status, headline, slug, section, language, tags, author_names, contributors,
  created_by, created_at, updated_by, updated_at, first_published_at, last_publication, live,
  change_request, schedule, unpublished, spiked, comment_count`;

/** The desk's list of articles: one row per article, updated in the append's transaction. */
export class DeskProjection implements InlineProjection<ArticleEvent> {
  readonly name = 'desk-articles';
  readonly handles: ReadonlySet<string> = new Set(ARTICLE_EVENT_TYPES);
  readonly tables: readonly ProjectedTable[] = [
    {
      name: 'desk_articles',
      key: 'article_id',
      keyOf: articleIdOf,
      notFromEvents: [
        {
          columns: ['document', 'search_vector'],
          when: 'live_row.document IS NULL',
          why:
            'a row projected before the desk kept the copy has none, and a search vector backfilled from the headline ' +
            'only, until its next content event folds the stream (see apply)',
        },
      ],
    },
  ];

  async apply(event: ArticleEvent, recorded: RecordedEvent, transaction: ProjectionTransaction): Promise<void> {
    const version = recorded.streamVersion;
    if (event.type === 'ArticleDrafted') {
      const record = draftedRecord(event, version);
      const columns = Object.keys(record);
      // ON CONFLICT DO NOTHING: replaying the creation changes nothing.
      await transaction.query(
        `INSERT INTO desk_articles (${columns.join(', ')}, search_vector)
         VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')}, to_tsvector('simple', $${columns.length + 1}))
         ON CONFLICT (article_id) DO NOTHING`,
        [...columns.map((column) => columnValue(column, record)), searchableText(record.document!.content)],
      );
      return;
    }

    const withCopy = isContentEvent(event);
    // to_jsonb gives the row in the record's own shape (timestamps as ISO text); the lock orders
    // concurrent appenders of other events to this row behind this transaction.
    const [row] = await transaction.query<{ record: DeskRecord }>(
      `SELECT to_jsonb(locked) AS record
       FROM (SELECT ${RECORD_COLUMNS}, ${withCopy ? 'document' : 'NULL::jsonb AS document'}
             FROM desk_articles WHERE article_id = $1 FOR UPDATE) AS locked`,
      [articleIdFromStream(recorded.streamId)],
    );
    // Applied already (or never drafted here): nothing to do, so a replay is harmless.
    if (!row || row.record.last_version >= version) return;

    let record = row.record;
    // A row projected before the desk kept the copy: fold it from the stream once. Its search
    // vector was backfilled from the headline only, so it is rewritten whatever this event changes.
    const backfilled = withCopy && record.document === null;
    if (backfilled) record = { ...record, document: await foldDocument(transaction, recorded.streamId, version - 1) };
    const changes = deskChanges(record, event, version);
    const assignments = Object.keys(changes).map((column, index) => `${column} = $${index + 2}`);
    const parameters: unknown[] = [record.article_id, ...Object.keys(changes).map((column) => columnValue(column, changes))];
    const text = changes.document ? searchableText(changes.document.content) : null;
    if (text !== null && (backfilled || text !== searchableText(record.document!.content))) {
      assignments.push(`search_vector = to_tsvector('simple', $${parameters.push(text)})`);
    }
    await transaction.query(`UPDATE desk_articles SET ${assignments.join(', ')} WHERE article_id = $1`, parameters);
  }
}

function columnValue(column: string, values: DeskChanges): unknown {
  const value = values[column as keyof DeskChanges];
  return JSON_COLUMNS.has(column) && value !== null ? JSON.stringify(value) : value;
}

async function foldDocument(
  transaction: ProjectionTransaction,
  streamId: string,
  toVersion: number,
): Promise<ArticleDocument | null> {
  const history = await transaction.readStream(streamId, toVersion);
  return documentAfter(readableArticleEvents(history));
}
