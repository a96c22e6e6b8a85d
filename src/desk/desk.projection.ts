import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ARTICLE_EVENT_TYPES, articleEventFromStored, articleIdFromStream } from '../articles/domain/article.events';
import { statusAfter, type ArticleStatus } from '../articles/domain/article-status';
import type { InlineProjection, ProjectionTransaction } from '../event-store/inline-projection';
import { InlineProjectionRegistry } from '../event-store/projection-registry';
import type { RecordedEvent } from '../event-store/recorded-event';

/** The desk's list of articles: one row per article, updated in the append's transaction. */
@Injectable()
export class DeskProjection implements InlineProjection, OnModuleInit {
  readonly name = 'desk-articles';
  readonly handles: ReadonlySet<string> = new Set(ARTICLE_EVENT_TYPES);

  constructor(private readonly registry: InlineProjectionRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async apply(recorded: RecordedEvent, transaction: ProjectionTransaction): Promise<void> {
    const event = articleEventFromStored(recorded);
    const by = JSON.stringify({ id: event.actor.id, name: event.actor.name });
    if (event.type === 'ArticleDrafted') {
      const { articleId, headline, slug, section, language, tags, authors } = event.data;
      // ON CONFLICT DO NOTHING: replaying the creation changes nothing.
      await transaction.query(
        `INSERT INTO desk_articles (article_id, last_version, status, headline, slug, section, language, tags, author_names,
                                    created_by, created_at, updated_by, updated_at)
         VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10, $9, $10)
         ON CONFLICT (article_id) DO NOTHING`,
        [
          articleId,
          recorded.streamVersion,
          headline,
          slug,
          section,
          language,
          tags,
          authors.map((a) => a.name),
          by,
          event.occurredAt,
        ],
      );
      return;
    }
    const [row] = await transaction.query<{ article_id: string; status: ArticleStatus; last_version: number }>(
      `SELECT article_id, status, last_version FROM desk_articles WHERE article_id = $1 FOR UPDATE`,
      [articleIdFromStream(recorded.streamId)],
    );
    // Applied already (or never drafted here): nothing to do, so a replay is harmless.
    if (!row || row.last_version >= recorded.streamVersion) return;

    const changes: Record<string, unknown> = {
      last_version: recorded.streamVersion,
      status: statusAfter(row.status, event.type),
      updated_by: by,
      updated_at: event.occurredAt,
    };
    if (event.type === 'ArticleEdited') {
      const { headline, slug, section, language, tags, authors } = event.data.changes;
      Object.assign(
        changes,
        Object.fromEntries(
          Object.entries({ headline, slug, section, language, tags, author_names: authors?.map((a) => a.name) }).filter(
            ([, value]) => value !== undefined,
          ),
        ),
      );
    }
    if (event.type === 'ArticlePublished') changes.first_published_at = event.occurredAt;

    const columns = Object.keys(changes);
    const assignments = columns.map((column, index) =>
      column === 'first_published_at' ? `${column} = coalesce(${column}, $${index + 2})` : `${column} = $${index + 2}`,
    );
    await transaction.query(`UPDATE desk_articles SET ${assignments.join(', ')} WHERE article_id = $1`, [
      row.article_id,
      ...columns.map((column) => changes[column]),
    ]);
  }
}
