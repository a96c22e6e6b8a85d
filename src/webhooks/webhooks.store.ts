import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ProblemException } from '../common/problem.exception';
import { Sql } from '../database/sql';
import { DeliveryLanes } from './delivery-lanes';
import { RefusedTarget, resolvePublicAddresses } from './guarded-lookup';
import { refusedAddress } from './target-address';
import { invalidField } from './invalid-field';
import { WEBHOOK_DELIVERIES } from './webhook-deliveries.consumer';
import { generateWebhookSecret, webhookSecretFault } from './webhook-secret';
import { webhookTarget } from './webhook-target';

export interface NewWebhook {
  readonly url: string;
  readonly secret?: string;
  readonly eventTypes?: readonly string[];
  readonly articleIds?: readonly string[];
}

/** A webhook as GET shows it: never its secret. */
export interface WebhookView {
  readonly id: string;
  readonly url: string;
  /** null: every event type. */
  readonly eventTypes: readonly string[] | null;
  /** null: every article. */
  readonly articleIds: readonly string[] | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly enabled: boolean;
  /** Since when its deliveries have failed without a success; null while they succeed. */
  readonly failingSince: string | null;
  readonly disabled: { readonly at: string; readonly reason: string } | null;
}

interface WebhookRow {
  id: string;
  url: string;
  event_types: string[] | null;
  article_ids: string[] | null;
  created_at: Date;
  created_by: string;
  failing_since: Date | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
}

const COLUMNS = 'id, url, event_types, article_ids, created_at, created_by, failing_since, disabled_at, disabled_reason';

/** The webhooks themselves: made (with the SSRF guard), read, deleted, enabled again. */
@Injectable()
export class WebhooksStore {
  constructor(
    private readonly sql: Sql,
    private readonly lanes: DeliveryLanes,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The webhook, and its secret: the only time the secret is shown. */
  async create(webhook: NewWebhook, createdBy: string): Promise<WebhookView & { readonly secret: string }> {
    const secret = webhook.secret ?? generateWebhookSecret();
    const secretFault = webhookSecretFault(secret);
    if (secretFault !== null) throw invalidField('secret', `secret ${secretFault}`);
    await this.checkTarget(webhook.url);
    const row = await this.sql.transaction(async (transaction) => {
      // Waits for the consumer's batch in flight, which locks this row, and holds the next one back
      // until the webhook is committed: every batch that can hold an event of a transaction this
      // webhook did not see committed (its created_snapshot) sees the webhook.
      await transaction.query(`SELECT 1 FROM projection_checkpoints WHERE name = $1 FOR UPDATE`, [WEBHOOK_DELIVERIES]);
      const [created] = await transaction.query<WebhookRow>(
        `INSERT INTO webhooks (id, url, secret, event_types, article_ids, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [randomUUID(), webhook.url, secret, webhook.eventTypes ?? null, webhook.articleIds ?? null, createdBy],
      );
      return created;
    });
    return { ...toView(row), secret };
  }

  async list(): Promise<WebhookView[]> {
    const rows = await this.sql.query<WebhookRow>(`SELECT ${COLUMNS} FROM webhooks ORDER BY created_at, id`);
    return rows.map(toView);
  }

  async get(id: string): Promise<WebhookView> {
    const [row] = await this.sql.query<WebhookRow>(`SELECT ${COLUMNS} FROM webhooks WHERE id = $1`, [id]);
    if (row === undefined) throw notFound(id);
    return toView(row);
  }

  /** Its deliveries go with it; a job of one still on the queue finds nothing and ends. */
  async delete(id: string): Promise<void> {
    const [row] = await this.sql.query(`DELETE FROM webhooks WHERE id = $1 RETURNING id`, [id]);
    if (row === undefined) throw notFound(id);
  }

  /**
   * Enabled again, with its failing time forgotten: each lane starts again from its first
   * unfinished delivery, with a fresh set of attempts. Enabling an enabled webhook changes nothing.
   */
  async enable(id: string): Promise<WebhookView> {
    const [row] = await this.sql.query<WebhookRow>(
      `UPDATE webhooks SET disabled_at = NULL, disabled_reason = NULL,
         failing_since = CASE WHEN disabled_at IS NULL THEN failing_since END
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    if (row === undefined) throw notFound(id);
    // Lane by lane, each in a transaction of its own that takes only that lane's lock.
    const lanes = await this.sql.query<{ article_id: string }>(
      `SELECT DISTINCT article_id FROM webhook_deliveries WHERE webhook_id = $1 AND state IN ('pending', 'failed')`,
      [id],
    );
    for (const { article_id: articleId } of lanes) {
      await this.sql.transaction(async (transaction) => {
        await this.lanes.lock(transaction, id, articleId);
        await this.lanes.moveOn(transaction, id, articleId);
      });
    }
    return toView(row);
  }

  /**
   * The SSRF guard at creation: a literal address is judged as it is, a host name by every address it
   * resolves to now (and again at each delivery, in case it changes).
   */
  private async checkTarget(url: string): Promise<void> {
    const target = webhookTarget(url);
    if ('fault' in target) throw invalidField('url', `url ${target.fault}`);
    if (this.config.webhooks.allowPrivateTargets) return;
    if (target.literalAddress !== null) {
      const refused = refusedAddress(target.literalAddress);
      if (refused !== null) throw invalidField('url', `url must not lead to a private address: ${refused}`);
      return;
    }
    try {
      await resolvePublicAddresses(target.host);
    } catch (error) {
      if (error instanceof RefusedTarget) {
        throw invalidField('url', `url must not lead to a private address: ${error.message.replace(/^refused: /, '')}`);
      }
      throw invalidField(
        'url',
        `url's host ${target.host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
}

export function notFound(id: string): ProblemException {
  return ProblemException.of(404, `webhook ${id} not found`);
}

function toView(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.event_types,
    articleIds: row.article_ids,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    enabled: row.disabled_at === null,
    failingSince: row.failing_since?.toISOString() ?? null,
    disabled: row.disabled_at === null ? null : { at: row.disabled_at.toISOString(), reason: row.disabled_reason ?? '' },
  };
}
