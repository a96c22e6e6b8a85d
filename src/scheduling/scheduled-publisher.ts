import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Sql } from '../database/sql';
import { RunArticleCommand, type ArticleCommandRequest } from '../articles/commands/article-command.handler';
import { SCHEDULER } from '../common/domain/actor';
import type { CancelSchedule, FireScheduledPublication } from '../articles/domain/article.commands';
import { ArticleRuleViolation } from '../articles/domain/article.errors';
import { Clock } from '../common/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { ConcurrencyError } from '../event-store/event-store.errors';
import { ANY_VERSION } from '../event-store/expected-version';
import { ServiceMetrics } from '../metrics/service-metrics';
import { SlugAlreadyPublished } from '../published/published.projection';

/** Long enough for a batch to commit; an instance that dies holding a claim delays those publications by this much at most. */
const CLAIM_LEASE_MS = 30_000;
/**
 * Claims are committed on their own, so each costs a commit: claiming ten at a time took a catch-up
 * from 0.49 to about 0.85 of publishing directly (bench:scheduler), and instances still share the work.
 */
const CLAIM_BATCH = 10;

interface DuePublication {
  readonly article_id: string;
  readonly publish_at: Date;
}

/**
 * Fires scheduled publications when they fall due: at start (catching up on whatever fell due while
 * the service was down) and then every poll interval. Any number of instances may run over one
 * database: each due row is claimed with FOR UPDATE SKIP LOCKED and a lease, so instances share the
 * work instead of racing for it, and the article's stream decides in the end — the fire command
 * names the schedule it fires, so a second firing finds it gone and appends nothing.
 */
@Injectable()
export class ScheduledPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ScheduledPublisher.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly sql: Sql,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: ServiceMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Fires every publication due now; resolves with how many went out. */
  async publishDue(): Promise<number> {
    let fired = 0;
    while (!this.stopped) {
      const batch = await this.claimDue();
      if (batch.length === 0) break;
      for (const [index, due] of batch.entries()) {
        if (this.stopped) {
          await this.release(batch.slice(index));
          break;
        }
        if (await this.fire(due)) fired += 1;
      }
    }
    return fired;
  }

  private tick(): void {
    this.running = this.publishDue()
      .catch((error: unknown) => {
        this.logger.error(`scheduled publications could not be checked: ${String(error)}`);
        return 0;
      })
      .finally(() => {
        if (!this.stopped) this.timer = setTimeout(() => this.tick(), this.config.schedulerPollMs);
      });
  }

  private async claimDue(): Promise<DuePublication[]> {
    const now = this.clock.now();
    const rows = await this.sql.query<DuePublication>(
      `UPDATE scheduled_publications SET claimed_until = $2
       WHERE article_id IN (
         SELECT article_id FROM scheduled_publications
         WHERE publish_at IS NOT NULL AND publish_at <= $1 AND (claimed_until IS NULL OR claimed_until < $1)
         ORDER BY publish_at
         LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING article_id, publish_at`,
      [now, new Date(now.getTime() + CLAIM_LEASE_MS), CLAIM_BATCH],
    );
    return rows.sort((a, b) => a.publish_at.getTime() - b.publish_at.getTime());
  }

  /** Claims let go before their lease runs out: unfired ones at shutdown, and one that lost a race. */
  private async release(claimed: readonly DuePublication[]): Promise<void> {
    await this.sql.query(`UPDATE scheduled_publications SET claimed_until = NULL WHERE article_id = ANY($1::uuid[])`, [
      claimed.map((due) => due.article_id),
    ]);
  }

  private async fire({ article_id: articleId, publish_at: publishAt }: DuePublication): Promise<boolean> {
    const scheduledFor = publishAt.toISOString();
    try {
      await this.run(articleId, { type: 'FireScheduledPublication', publishAt: scheduledFor });
      this.logger.log(`published article ${articleId}, scheduled for ${scheduledFor}`);
      return true;
    } catch (error) {
      if (error instanceof ArticleRuleViolation) {
        // The article no longer holds this schedule: there is nothing to fire, so the row goes.
        this.logger.warn(`dropped the schedule of article ${articleId} for ${scheduledFor}: ${error.message}`);
        await this.sql.query(
          `UPDATE scheduled_publications SET publish_at = NULL, claimed_until = NULL WHERE article_id = $1 AND publish_at = $2`,
          [articleId, publishAt],
        );
      } else if (error instanceof SlugAlreadyPublished) {
        // It can never go out under this URL; retrying would fail silently for ever. Cancelling says
        // why, on the article and in its history, and the desk can change the slug and schedule again.
        this.logger.warn(`cancelled the schedule of article ${articleId} for ${scheduledFor}: ${error.message}`);
        await this.run(articleId, {
          type: 'CancelSchedule',
          reason: `could not publish at ${scheduledFor}: ${error.message}`,
        });
      } else if (error instanceof ConcurrencyError) {
        // Someone wrote to the article at that instant: try again now rather than after the lease.
        await this.release([{ article_id: articleId, publish_at: publishAt }]);
      } else {
        // The database gone, or worse: the claim stays until its lease runs out, and another tick
        // (here or elsewhere) tries again then, rather than retrying in a hot loop.
        this.logger.warn(`could not publish article ${articleId} scheduled for ${scheduledFor}; will retry: ${String(error)}`);
      }
      return false;
    }
  }

  private run(
    articleId: string,
    command: Omit<FireScheduledPublication, 'actor' | 'at'> | Omit<CancelSchedule, 'actor' | 'at'>,
  ): Promise<unknown> {
    const commandId = randomUUID();
    const running = this.commands.execute(
      new RunArticleCommand(
        articleId,
        ANY_VERSION,
        { ...command, actor: SCHEDULER, at: this.clock.now().toISOString() } as ArticleCommandRequest,
        { requestId: `scheduler-${commandId}`, commandId },
      ),
    );
    return this.metrics.counted(command.type, running);
  }
}
