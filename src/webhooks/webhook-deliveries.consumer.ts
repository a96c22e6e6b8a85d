import { articleIdOf } from '../articles/domain/article.events';
import type { SqlClient } from '../database/sql';
import type { AsyncConsumer } from '../event-store/async-consumer';
import type { ProjectedTable } from '../event-store/inline-projection';
import type { RecordedEvent } from '../event-store/recorded-event';
import { DeliveryJobs } from './delivery-jobs';
import { DeliveryLanes } from './delivery-lanes';
import { receives, type WebhookFilter } from './webhook-filter';

interface WebhookRow {
  id: string;
  event_types: string[] | null;
  article_ids: string[] | null;
  created_snapshot: string;
}

interface NewDelivery {
  readonly webhookId: string;
  readonly event: RecordedEvent;
  readonly articleId: string;
}

/**
 * Turns article events into webhook deliveries: for each event, one delivery per webhook whose
 * filter takes it, written in the batch's transaction with the jobs that start the lanes they join,
 * so a delivery is recorded and queued if and only if the consumer's checkpoint moves past its event.
 * The engine hands events over in commit-safe order, each stream's in version order, which is the
 * order of each lane (delivery-lanes.ts). Sending is the queue's work (DeliveryWorkers), not this one's.
 *
 * A disabled webhook still gets its deliveries recorded: they wait in their lanes until it is enabled.
 * A delivery is recorded once per webhook and event (ON CONFLICT DO NOTHING), so a reset or a rebuild
 * of this consumer adds only what is missing and sends nothing twice.
 */
export const WEBHOOK_DELIVERIES = 'webhook-deliveries';

export class WebhookDeliveriesConsumer implements AsyncConsumer {
  readonly name = WEBHOOK_DELIVERIES;
  // It only records deliveries; failing to is not about one event, and skipping one would break the
  // at-least-once promise to every webhook: stop, and say so, rather than move past it.
  readonly onPoison = 'pause';
  // Deliveries are a log of what was sent, not a read model: a reset must not empty it.
  readonly tables: readonly ProjectedTable[] = [];
  private readonly lanes = new DeliveryLanes(new DeliveryJobs());

  async apply(events: readonly RecordedEvent[], transaction: SqlClient): Promise<void> {
    const articleEvents = events.flatMap((event) => {
      const articleId = articleIdOf(event.streamId);
      return articleId === null ? [] : [{ event, articleId }];
    });
    if (articleEvents.length === 0) return;
    const webhooks = (
      await transaction.query<WebhookRow>(`SELECT id, event_types, article_ids, created_snapshot::text FROM webhooks`)
    ).map((row) => ({ id: row.id, filter: filterOf(row) }));
    const deliveries: NewDelivery[] = articleEvents.flatMap(({ event, articleId }) =>
      webhooks
        .filter(({ filter }) => receives(filter, { type: event.type, articleId, transactionId: event.transactionId }))
        .map(({ id }) => ({ webhookId: id, event, articleId })),
    );
    if (deliveries.length === 0) return;
    const column = <T>(valueOf: (delivery: NewDelivery) => T) => deliveries.map(valueOf);
    const added = await transaction.query<{ webhook_id: string; article_id: string }>(
      `INSERT INTO webhook_deliveries
         (webhook_id, event_id, event_transaction_id, event_position, event_type, article_id, stream_version)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::xid8[], $4::bigint[], $5::text[], $6::text[], $7::integer[])
       ON CONFLICT ON CONSTRAINT webhook_deliveries_once_per_event DO NOTHING
       RETURNING webhook_id, article_id`,
      [
        column((delivery) => delivery.webhookId),
        column((delivery) => delivery.event.eventId),
        column((delivery) => delivery.event.transactionId),
        column((delivery) => delivery.event.position),
        column((delivery) => delivery.event.type),
        column((delivery) => delivery.articleId),
        column((delivery) => delivery.event.streamVersion),
      ],
    );
    // Sorted, so that two transactions taking several lane locks never wait for each other in a circle.
    const lanes = new Map(added.map((row) => [JSON.stringify([row.webhook_id, row.article_id]), row]));
    for (const key of [...lanes.keys()].sort()) {
      const { webhook_id: webhookId, article_id: articleId } = lanes.get(key)!;
      await this.lanes.lock(transaction, webhookId, articleId);
      await this.lanes.moveOn(transaction, webhookId, articleId);
    }
  }
}

function filterOf(row: WebhookRow): WebhookFilter {
  return { eventTypes: row.event_types, articleIds: row.article_ids, createdSnapshot: row.created_snapshot };
}
