import type { SqlClient } from '../database/sql';
import type { DeliveryJobs } from './delivery-jobs';

/** The advisory-lock namespace of delivery lanes ("CDWH"). */
const LANE_LOCKS = 0x43445748;

/**
 * A lane is one webhook's deliveries of one article's events, in stream order. At most one of them
 * has a job on the queue (`queued`, enforced by a unique index): the earliest one not yet delivered
 * or dead. A retry waits in the queue with its backoff while the deliveries behind it wait in the
 * table, so an event is never sent before an earlier event of the same article has been delivered
 * or given up on — across retries, restarts and instances. Whoever finishes a delivery, adds one or
 * enables a webhook moves the lane on, under the lane's lock.
 */
export class DeliveryLanes {
  constructor(private readonly jobs: DeliveryJobs) {}

  /** Held until `transaction` ends; one lane at a time, or several in a sorted order (the consumer). */
  async lock(transaction: SqlClient, webhookId: string, articleId: string): Promise<void> {
    await transaction.query(`SELECT pg_advisory_xact_lock($1, hashtext($2 || '/' || $3))`, [LANE_LOCKS, webhookId, articleId]);
  }

  /**
   * Queues the lane's earliest unfinished delivery, unless one is queued already or the webhook is
   * disabled. The caller holds the lane's lock.
   */
  async moveOn(transaction: SqlClient, webhookId: string, articleId: string): Promise<void> {
    const [head] = await transaction.query<{ id: string }>(
      `UPDATE webhook_deliveries SET queued = true
       WHERE id = (
         SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
         WHERE d.webhook_id = $1 AND d.article_id = $2 AND d.state IN ('pending', 'failed') AND w.disabled_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries q WHERE q.webhook_id = $1 AND q.article_id = $2 AND q.queued)
         ORDER BY d.event_transaction_id, d.event_position
         LIMIT 1)
       RETURNING id`,
      [webhookId, articleId],
    );
    if (head) await this.jobs.enqueue(transaction, { deliveryId: String(head.id), webhookId, articleId });
  }

  /** Takes `deliveryId`'s job off the lane (done, given up, or not its turn) and queues whichever is next. */
  async release(transaction: SqlClient, deliveryId: string, webhookId: string, articleId: string): Promise<void> {
    await transaction.query(`UPDATE webhook_deliveries SET queued = false WHERE id = $1`, [deliveryId]);
    await this.moveOn(transaction, webhookId, articleId);
  }
}
