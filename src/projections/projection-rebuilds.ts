import { Logger } from '@nestjs/common';
import type { Sql } from '../database/sql';
import type { AsyncConsumers } from '../event-store/async-consumers';
import { advisoryLockHeld, REBUILD_LOCKS } from '../event-store/engine-channels';
import type { InlineProjections } from '../event-store/inline-projections';
import {
  ProjectionRebuild,
  type RebuildProgress,
  type RebuildTarget,
  type RunningRebuild,
} from '../event-store/projection-rebuild';
import type { ProjectionReplay } from '../event-store/projection-replay';

/** The last rebuild of a projection; `interrupted`: recorded as running, but nothing holds its lock (its process died). */
export interface RebuildReport {
  readonly state: 'copying' | 'swapping' | 'done' | 'failed' | 'interrupted';
  readonly startedAt: string;
  readonly startedBy: string;
  readonly finishedAt: string | null;
  readonly events: { readonly applied: number; readonly total: number };
  /** How long the swap held appends off. */
  readonly swapMs: number | null;
  readonly error: string | null;
}

/**
 * The consumer delivers events elsewhere and keeps no read model here: a replay would send the
 * whole log again from outside its runner. Resetting it is how it sends everything again.
 */
export class NothingToRebuild extends Error {
  constructor(readonly projection: string) {
    super(`${projection} keeps no read model to rebuild (it delivers events elsewhere); reset it to send every event again`);
    this.name = 'NothingToRebuild';
  }
}

interface RebuildRow {
  projection: string;
  status: 'copying' | 'swapping' | 'done' | 'failed';
  started_at: Date;
  started_by: string;
  finished_at: Date | null;
  events_applied: string;
  events_total: string;
  swap_ms: number | null;
  error: string | null;
  held: boolean;
}

/**
 * Rebuilds of any projection by name, inline or asynchronous (ProjectionRebuild), for the admin API
 * and the CLI, and the rebuilds this instance runs in the background, which stop with it.
 */
export class ProjectionRebuilds {
  private readonly logger = new Logger('ProjectionRebuilds');
  private readonly rebuild: ProjectionRebuild;
  private readonly background = new Map<string, { readonly stop: AbortController; readonly done: Promise<unknown> }>();

  constructor(
    private readonly sql: Sql,
    private readonly replay: ProjectionReplay,
    private readonly inline: InlineProjections,
    private readonly consumers: AsyncConsumers,
  ) {
    this.rebuild = new ProjectionRebuild(sql);
  }

  /** What rebuilding `name` replays; undefined for a name that is no projection; NothingToRebuild for a delivery. */
  target(name: string): RebuildTarget | undefined {
    if (this.inline.all.some((projection) => projection.name === name)) {
      return { name, replayer: this.replay.inline(this.inline.only(name)) };
    }
    const consumer = this.consumers.named(name);
    if (consumer?.tables.length === 0) throw new NothingToRebuild(name);
    return consumer && { name, replayer: this.replay.consumer(consumer), consumer: name };
  }

  /** Runs to the end here (the CLI); throws RebuildAlreadyRunning at once if one is running anywhere. */
  start(
    target: RebuildTarget,
    by: string,
    onProgress?: (progress: RebuildProgress) => void,
    signal?: AbortSignal,
  ): Promise<RunningRebuild> {
    return this.rebuild.start(target, { by, onProgress, signal });
  }

  /** Starts in the background on this instance (the admin API); resolves once it has begun. */
  async startInBackground(target: RebuildTarget, by: string): Promise<void> {
    const stop = new AbortController();
    const running = await this.start(target, by, undefined, stop.signal);
    const done = running.done.then(
      (result) =>
        this.logger.log(
          `rebuilt ${target.name}: ${result.events} events in ${Math.round(result.elapsedMs)} ms, swap ${result.swapMs} ms`,
        ),
      (error: unknown) =>
        this.logger.error(`the rebuild of ${target.name} failed: ${error instanceof Error ? error.message : error}`),
    );
    this.background.set(target.name, { stop, done });
    void done.finally(() => this.background.delete(target.name));
  }

  /** At shutdown: each background rebuild stops at its next batch, rolls back and drops its copies. */
  async stopAll(): Promise<void> {
    const running = [...this.background.values()];
    for (const { stop } of running) stop.abort(new Error('the service is stopping'));
    await Promise.all(running.map(({ done }) => done));
  }

  async reports(): Promise<Map<string, RebuildReport>> {
    const rows = await this.sql.query<RebuildRow>(
      `SELECT r.*, ${advisoryLockHeld('$1', 'r.projection')} AS held
       FROM projection_rebuilds r`,
      [REBUILD_LOCKS],
    );
    return new Map(rows.map((row) => [row.projection, toReport(row)]));
  }
}

function toReport(row: RebuildRow): RebuildReport {
  const unfinished = row.status === 'copying' || row.status === 'swapping';
  return {
    state: unfinished && !row.held ? 'interrupted' : row.status,
    startedAt: row.started_at.toISOString(),
    startedBy: row.started_by,
    finishedAt: row.finished_at?.toISOString() ?? null,
    events: { applied: Number(row.events_applied), total: Number(row.events_total) },
    swapMs: row.swap_ms,
    error: row.error,
  };
}
