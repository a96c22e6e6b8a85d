import { Injectable } from '@nestjs/common';
import { ProblemException } from '../common/problem.exception';
import { Sql } from '../database/sql';
import { DeliveryLanes } from './delivery-lanes';
import { invalidField } from './invalid-field';
import type { DeliveryState } from './http/webhook.dtos';
import { notFound } from './webhooks.store';

export interface DeliveryAttempt {
  readonly attempt: number;
  readonly startedAt: string;
  readonly durationMs: number;
  /** The receiver's HTTP status; null when none came. */
  readonly status: number | null;
  /** Why it failed; null when it succeeded. */
  readonly error: string | null;
}

export interface DeliveryEntry {
  readonly id: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly articleId: string;
  readonly version: number;
  readonly state: DeliveryState;
  readonly attemptCount: number;
  readonly attempts: readonly DeliveryAttempt[];
  readonly createdAt: string;
  /** When it was delivered or given up on. */
  readonly finishedAt: string | null;
  /** Why it was given up on (dead). */
  readonly deadReason: string | null;
}

interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: string;
  article_id: string;
  stream_version: number;
  state: DeliveryState;
  created_at: Date;
  finished_at: Date | null;
  dead_reason: string | null;
  attempts: { attempt: number; started_at: string; duration_ms: number; status: number | null; error: string | null }[];
}

/** A webhook's deliveries, newest first, each with its attempts; and the replay of a dead one. */
@Injectable()
export class DeliveryLog {
  constructor(
    private readonly sql: Sql,
    private readonly lanes: DeliveryLanes,
  ) {}

  async page(
    webhookId: string,
    filter: { readonly state?: DeliveryState; readonly cursor?: string; readonly limit: number },
  ): Promise<{ items: DeliveryEntry[]; nextCursor: string | null }> {
    const before = filter.cursor === undefined ? null : decodeDeliveryCursor(filter.cursor);
    const [webhook] = await this.sql.query(`SELECT 1 FROM webhooks WHERE id = $1`, [webhookId]);
    if (webhook === undefined) throw notFound(webhookId);
    const listed = await this.sql.query<DeliveryRow>(
      `SELECT d.id, d.event_id, d.event_type, d.article_id, d.stream_version, d.state, d.created_at, d.finished_at,
              d.dead_reason,
              coalesce((SELECT json_agg(json_build_object('attempt', a.attempt, 'started_at', a.started_at,
                                 'duration_ms', a.duration_ms, 'status', a.status, 'error', a.error) ORDER BY a.attempt)
                        FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts
       FROM webhook_deliveries d
       WHERE d.webhook_id = $1 AND ($2::text IS NULL OR d.state = $2) AND ($3::bigint IS NULL OR d.id < $3)
       ORDER BY d.id DESC LIMIT $4`,
      [webhookId, filter.state ?? null, before, filter.limit + 1],
    );
    const page = listed.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map(toEntry),
      nextCursor: listed.length > filter.limit && last ? encodeDeliveryCursor(last.id) : null,
    };
  }

  /**
   * A dead delivery back in its lane, at its event's place, with a fresh set of attempts: it is sent
   * before any later delivery of the same article that is not finished yet.
   */
  async replay(webhookId: string, deliveryId: string): Promise<void> {
    await this.sql.transaction(async (transaction) => {
      const [found] = await transaction.query<{ article_id: string; state: DeliveryState }>(
        `SELECT article_id, state FROM webhook_deliveries WHERE id = $1 AND webhook_id = $2`,
        [deliveryId, webhookId],
      );
      if (found === undefined) throw ProblemException.of(404, `webhook ${webhookId} has no delivery ${deliveryId}`);
      await this.lanes.lock(transaction, webhookId, found.article_id);
      const [revived] = await transaction.query(
        `UPDATE webhook_deliveries SET state = 'pending', dead_reason = NULL, finished_at = NULL
         WHERE id = $1 AND state = 'dead' RETURNING id`,
        [deliveryId],
      );
      if (revived === undefined) {
        throw ProblemException.of(409, `delivery ${deliveryId} is ${found.state}: only a dead delivery can be replayed`);
      }
      await this.lanes.moveOn(transaction, webhookId, found.article_id);
    });
  }
}

/** Opaque to clients: base64url of `{ before: <delivery id> }`. */
function encodeDeliveryCursor(id: string): string {
  return Buffer.from(JSON.stringify({ before: String(id) })).toString('base64url');
}

function decodeDeliveryCursor(cursor: string): string {
  try {
    const { before } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { before?: unknown };
    if (typeof before === 'string' && /^[1-9]\d{0,17}$/.test(before)) return before;
  } catch {
    // falls through to the problem below
  }
  throw invalidField('cursor', 'unknown cursor', 'cursor is not one this service gave out');
}

function toEntry(row: DeliveryRow): DeliveryEntry {
  return {
    id: String(row.id),
    eventId: row.event_id,
    eventType: row.event_type,
    articleId: row.article_id,
    version: row.stream_version,
    state: row.state,
    attemptCount: row.attempts.length,
    attempts: row.attempts.map((attempt) => ({
      attempt: attempt.attempt,
      startedAt: new Date(attempt.started_at).toISOString(),
      durationMs: attempt.duration_ms,
      status: attempt.status,
      error: attempt.error,
    })),
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    deadReason: row.dead_reason,
  };
}
