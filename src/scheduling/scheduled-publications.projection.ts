import {
  ARTICLE_EVENT_TYPES,
  articleIdFromStream,
  articleIdOf,
  type ArticleEventType,
  type ArticleEvent,
} from '../articles/domain/article.events';
import type { ArticleState } from '../articles/domain/article.state';
import type { InlineProjection, ProjectedEvent, ProjectedTable, ProjectionTransaction } from '../event-store/inline-projection';

/** A comment is the one event after a schedule that leaves it standing. */
const LEAVES_SCHEDULE_STANDING: readonly ArticleEventType[] = ['CommentAdded'];

/**
 * The queue the scheduler reads, kept in the append's transaction: a schedule is due-able the moment
 * it is recorded, and gone the moment an edit, cancellation, publication, unpublication or spike is.
 */
export class ScheduledPublicationsProjection implements InlineProjection<ArticleEvent, ArticleState> {
  readonly name = 'scheduled-publications';
  readonly handles: ReadonlySet<string> = new Set(ARTICLE_EVENT_TYPES.filter((type) => !LEAVES_SCHEDULE_STANDING.includes(type)));
  readonly tables: readonly ProjectedTable[] = [
    {
      name: 'scheduled_publications',
      key: 'article_id',
      keyOf: articleIdOf,
      notFromEvents: [
        {
          columns: ['claimed_until'],
          why: "the scheduler's lease on a due row: set and cleared by the instance firing it, never by an event",
        },
        {
          columns: ['last_version'],
          when: 'live_row.publish_at IS NULL',
          why:
            'a cleared schedule is not written again, but rows cleared before the projection knew the state before each ' +
            'event were moved on by every later event',
        },
      ],
    },
  ];

  async apply(
    { event, recorded, before }: ProjectedEvent<ArticleEvent, ArticleState>,
    transaction: ProjectionTransaction,
  ): Promise<void> {
    const articleId = articleIdFromStream(recorded.streamId);
    if (event.type === 'PublicationScheduled') {
      await transaction.write(
        `INSERT INTO scheduled_publications (article_id, last_version, publish_at)
         VALUES ($1, $2, $3)
         ON CONFLICT (article_id) DO UPDATE
           SET last_version = EXCLUDED.last_version, publish_at = EXCLUDED.publish_at, claimed_until = NULL
           WHERE scheduled_publications.last_version < EXCLUDED.last_version`,
        [articleId, recorded.streamVersion, event.data.publishAt],
      );
      return;
    }
    // Only a standing schedule has a due row to clear; for every other article this would touch none.
    if (before.schedule === null) return;
    await transaction.write(
      `UPDATE scheduled_publications SET last_version = $2, publish_at = NULL, claimed_until = NULL
       WHERE article_id = $1 AND last_version < $2`,
      [articleId, recorded.streamVersion],
    );
  }
}
