import { articleIdOf } from '../articles/domain/article.events';
import type { SqlClient } from '../database/sql';
import type { AsyncConsumer } from '../event-store/async-consumer';
import type { ProjectedTable } from '../event-store/inline-projection';
import type { RecordedEvent } from '../event-store/recorded-event';
import { readStored, storedActor } from '../history/stored-event';

/**
 * The newsroom's activity feed: one row per article event — who did what to which article, in a
 * sentence — kept by an asynchronous consumer. Nobody needs it in the append's transaction (a feed
 * may be a moment behind), so appends do not pay for it.
 *
 * A batch is one INSERT. It has no ON CONFLICT: the engine applies each event exactly once, and an
 * event applied twice would be refused by the primary key and stop the consumer, not pass unseen.
 */
export class ArticleActivityProjection implements AsyncConsumer {
  readonly name = 'article-activity';
  // A hole in a feed would go unnoticed by its readers: stop on a poison event, do not move past it.
  readonly onPoison = 'pause';
  readonly tables: readonly ProjectedTable[] = [
    {
      name: 'article_activity',
      key: 'position',
      // A row per event, not per stream: a check of one stream's read models leaves this table out.
      keyOf: () => null,
    },
  ];

  async apply(events: readonly RecordedEvent[], transaction: SqlClient): Promise<void> {
    const rows = events.flatMap((event) => {
      const articleId = articleIdOf(event.streamId);
      return articleId === null ? [] : [activityRow(event, articleId)];
    });
    if (rows.length === 0) return;
    const column = <K extends keyof ActivityRow>(key: K) => rows.map((row) => row[key]);
    await transaction.query(
      `INSERT INTO article_activity
         (position, transaction_id, article_id, version, type, actor_id, actor_name, summary, recorded_at)
       SELECT * FROM unnest($1::bigint[], $2::xid8[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::timestamptz[])`,
      [
        column('position'),
        column('transactionId'),
        column('articleId'),
        column('version'),
        column('type'),
        column('actorId'),
        column('actorName'),
        column('summary'),
        column('recordedAt'),
      ],
    );
  }
}

interface ActivityRow {
  readonly position: number;
  readonly transactionId: string;
  readonly articleId: string;
  readonly version: number;
  readonly type: string;
  readonly actorId: string | null;
  readonly actorName: string | null;
  readonly summary: string;
  readonly recordedAt: Date;
}

/** Total on any stored event: one this version cannot read is summarised as such. */
function activityRow(event: RecordedEvent, articleId: string): ActivityRow {
  const actor = storedActor(event.metadata);
  return {
    position: event.position,
    transactionId: event.transactionId,
    articleId,
    version: event.streamVersion,
    type: event.type,
    actorId: actor?.id ?? null,
    actorName: actor?.name ?? null,
    summary: readStored(event).summary,
    recordedAt: event.recordedAt,
  };
}
