import { articleStreamId } from '../articles/domain/article.events';
import type { PublicationConfig, WebhooksConfig } from '../config/app-config';
import type { Sql, SqlClient } from '../database/sql';
import type { EventStore } from '../event-store/event-store';
import type { DeliveryJob } from './delivery-jobs';
import type { DeliveryLanes } from './delivery-lanes';
import type { WebhookMetrics } from './webhook-metrics';
import { webhookPayload } from './webhook-payload';
import { sendWebhook, type AttemptOutcome } from './webhook-sender';

/** An attempt failed and the webhook is still enabled: pg-boss retries the job after its backoff, or dead-letters it. */
export class AttemptFailed extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'AttemptFailed';
  }
}

interface Claim {
  readonly eventId: string;
  readonly streamVersion: number;
  readonly url: string;
  readonly secret: string;
}

interface ClaimRow {
  event_id: string;
  stream_version: number;
  state: string;
  url: string;
  secret: string;
  disabled: boolean;
  behind: boolean;
}

/**
 * What a delivery job does, in three steps: claim (under the lane's lock: is the delivery still due,
 * its webhook enabled, and the first unfinished one of its lane?), send (no transaction open, the
 * payload built from the log), record (under the lane's lock again: the attempt, the delivery's
 * state, the webhook's failing time, and the lane moved on). A failed attempt is thrown, for pg-boss
 * to retry; a crash between sending and recording makes pg-boss try again: at least once.
 */
export class DeliveryWorker {
  constructor(
    private readonly sql: Sql,
    private readonly store: EventStore,
    private readonly lanes: DeliveryLanes,
    private readonly metrics: WebhookMetrics,
    private readonly settings: WebhooksConfig,
    private readonly publication: PublicationConfig,
  ) {}

  async deliver(job: DeliveryJob, signal: AbortSignal): Promise<void> {
    const claim = await this.claim(job);
    if (claim === null) return;
    const history = await this.store.readStream(articleStreamId(job.articleId), { toVersion: claim.streamVersion });
    const body = JSON.stringify(webhookPayload(history, this.publication));
    const startedAt = new Date();
    const outcome = await sendWebhook(
      { url: claim.url, secret: claim.secret, id: claim.eventId, body },
      { timeoutMs: this.settings.timeoutMs, allowPrivateTargets: this.settings.allowPrivateTargets, signal },
    );
    this.metrics.attempted(outcome.delivered ? 'delivered' : 'failed', outcome.durationMs);
    const retry = await this.sql.transaction(async (transaction) => {
      await this.lanes.lock(transaction, job.webhookId, job.articleId);
      return this.record(transaction, job, startedAt, outcome);
    });
    if (retry) throw new AttemptFailed(outcome.error ?? 'failed');
  }

  /** The job used up its attempts (pg-boss's dead-letter queue): the delivery is dead, and its lane goes on. */
  async giveUp(job: DeliveryJob): Promise<void> {
    const gaveUp = await this.sql.transaction(async (transaction) => {
      await this.lanes.lock(transaction, job.webhookId, job.articleId);
      const [dead] = await transaction.query(
        `UPDATE webhook_deliveries d SET state = 'dead', finished_at = now(), queued = false,
           dead_reason = format('gave up after %s %s; the last: %s', a.attempts, CASE WHEN a.attempts = 1 THEN 'attempt' ELSE 'attempts' END,
                                coalesce(a.last_error, 'no attempt was recorded'))
         FROM (SELECT count(*) AS attempts,
                      (SELECT error FROM webhook_delivery_attempts WHERE delivery_id = $1 ORDER BY attempt DESC LIMIT 1) AS last_error
               FROM webhook_delivery_attempts WHERE delivery_id = $1) AS a
         WHERE d.id = $1 AND d.state IN ('pending', 'failed')
         RETURNING d.id`,
        [job.deliveryId],
      );
      await this.lanes.moveOn(transaction, job.webhookId, job.articleId);
      return dead !== undefined;
    });
    if (gaveUp) this.metrics.gaveUp();
  }

  private async claim(job: DeliveryJob): Promise<Claim | null> {
    return this.sql.transaction(async (transaction) => {
      await this.lanes.lock(transaction, job.webhookId, job.articleId);
      const [row] = await transaction.query<ClaimRow>(
        `SELECT d.event_id, d.stream_version, d.state, w.url, w.secret, w.disabled_at IS NOT NULL AS disabled,
                EXISTS (SELECT 1 FROM webhook_deliveries e
                        WHERE e.webhook_id = d.webhook_id AND e.article_id = d.article_id AND e.state IN ('pending', 'failed')
                          AND (e.event_transaction_id, e.event_position) < (d.event_transaction_id, d.event_position)) AS behind
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
         WHERE d.id = $1`,
        [job.deliveryId],
      );
      // Its webhook was deleted.
      if (row === undefined) return null;
      // Done already (the job ran again after a crash), or not its turn, or its webhook disabled: the
      // job ends here and the lane's next delivery, if any may go, is queued — none while disabled.
      if (row.state === 'delivered' || row.state === 'dead' || row.disabled || row.behind) {
        await this.lanes.release(transaction, job.deliveryId, job.webhookId, job.articleId);
        return null;
      }
      return { eventId: row.event_id, streamVersion: row.stream_version, url: row.url, secret: row.secret };
    });
  }

  /** True when the attempt failed and the job should be tried again. */
  private async record(transaction: SqlClient, job: DeliveryJob, startedAt: Date, outcome: AttemptOutcome): Promise<boolean> {
    const [delivery] = await transaction.query<{ state: string }>(
      `SELECT state FROM webhook_deliveries WHERE id = $1 FOR UPDATE`,
      [job.deliveryId],
    );
    if (delivery === undefined) return false;
    await transaction.query(
      `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, started_at, duration_ms, status, error)
       SELECT $1, coalesce(max(attempt), 0) + 1, $2, $3, $4, $5 FROM webhook_delivery_attempts WHERE delivery_id = $1`,
      [job.deliveryId, startedAt, outcome.durationMs, outcome.status, outcome.error],
    );
    if (outcome.delivered) {
      await transaction.query(
        `UPDATE webhook_deliveries SET state = 'delivered', finished_at = now() WHERE id = $1 AND state IN ('pending', 'failed')`,
        [job.deliveryId],
      );
      await transaction.query(`UPDATE webhooks SET failing_since = NULL WHERE id = $1`, [job.webhookId]);
      await this.lanes.release(transaction, job.deliveryId, job.webhookId, job.articleId);
      return false;
    }
    await transaction.query(`UPDATE webhook_deliveries SET state = 'failed' WHERE id = $1 AND state = 'pending'`, [
      job.deliveryId,
    ]);
    const [webhook] = await transaction.query<{ disabled: boolean }>(
      `UPDATE webhooks SET
         failing_since = coalesce(failing_since, $2),
         disabled_at = CASE WHEN disabled_at IS NULL AND now() - coalesce(failing_since, $2) >= $3 * interval '1 millisecond'
                            THEN now() ELSE disabled_at END,
         disabled_reason = CASE WHEN disabled_at IS NULL AND now() - coalesce(failing_since, $2) >= $3 * interval '1 millisecond'
                                THEN format('deliveries failed without a success since %s, for longer than %s ms; the last: %s',
                                            to_char(coalesce(failing_since, $2) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                            $3, $4::text)
                                ELSE disabled_reason END
       WHERE id = $1
       RETURNING disabled_at IS NOT NULL AS disabled`,
      [job.webhookId, startedAt, this.settings.disableAfterMs, outcome.error],
    );
    if (webhook?.disabled) {
      // Its lane waits, with this delivery first, until the webhook is enabled again.
      await this.lanes.release(transaction, job.deliveryId, job.webhookId, job.articleId);
      return false;
    }
    return true;
  }
}
