import { ProblemException } from '../common/problem.exception';
import type { Sql } from '../database/sql';
import type { AsyncConsumers } from '../event-store/async-consumers';
import { ConsumerCheckpoints } from '../event-store/consumer-checkpoints';
import { ConsumerStatusReader, type ConsumerReport } from '../event-store/consumer-status';
import { notifyConsumer } from '../event-store/engine-channels';
import type { InlineProjections } from '../event-store/inline-projections';
import { RebuildAlreadyRunning } from '../event-store/projection-rebuild';
import { NothingToRebuild, type ProjectionRebuilds, type RebuildReport } from './projection-rebuilds';

/** An inline projection, as the admin API lists it beside the asynchronous consumers. */
export interface InlineReport {
  readonly name: string;
  readonly kind: 'inline';
  /** Applied in the append's transaction: never behind, never paused. */
  readonly state: 'running';
  readonly lag: { readonly events: 0; readonly seconds: 0 };
  readonly tables: readonly string[];
  readonly rebuild: RebuildReport | null;
}

export type ProjectionReport =
  | InlineReport
  | (ConsumerReport & { readonly kind: 'async'; readonly tables: readonly string[]; readonly rebuild: RebuildReport | null });

/**
 * Every read model and consumer by name, with its state, lag and last rebuild, and what an operator
 * may do: rebuild any of them; pause, resume and reset the asynchronous ones. The admin API and
 * `npm run projections` both go through here. Each change is made in the database and then NOTIFYed, so it reaches the consumer's runner
 * whichever instance holds it (one that misses the NOTIFY finds out at its next batch, whose fence
 * refuses to move a checkpoint that was changed under it).
 */
export class ProjectionsAdmin {
  private readonly checkpoints: ConsumerCheckpoints;
  private readonly status: ConsumerStatusReader;

  constructor(
    private readonly sql: Sql,
    private readonly inline: InlineProjections,
    private readonly consumers: AsyncConsumers,
    private readonly rebuilds: ProjectionRebuilds,
  ) {
    this.checkpoints = new ConsumerCheckpoints(sql);
    this.status = new ConsumerStatusReader(sql, consumers.all);
  }

  async list(): Promise<ProjectionReport[]> {
    const reports = await this.status.reports();
    const rebuilds = await this.rebuilds.reports();
    return [
      ...this.inline.all.map((projection): InlineReport => ({
        name: projection.name,
        kind: 'inline',
        state: 'running',
        lag: { events: 0, seconds: 0 },
        tables: projection.tables.map((table) => table.name),
        rebuild: rebuilds.get(projection.name) ?? null,
      })),
      ...reports.map((report) => ({
        ...report,
        kind: 'async' as const,
        tables: this.tablesOf(report.name),
        rebuild: rebuilds.get(report.name) ?? null,
      })),
    ];
  }

  /** The asynchronous consumers' states and lag alone, for health and metrics: one query, no rebuild reports. */
  consumerReports(): Promise<ConsumerReport[]> {
    return this.status.reports();
  }

  async report(name: string): Promise<ProjectionReport> {
    this.known(name);
    return (await this.list()).find((report) => report.name === name)!;
  }

  async pause(name: string, by: string): Promise<ProjectionReport> {
    await this.changed(name, () => this.checkpoints.pause(name, `paused by ${by}`));
    return this.report(name);
  }

  async resume(name: string): Promise<ProjectionReport> {
    await this.changed(name, () => this.checkpoints.resume(name));
    return this.report(name);
  }

  async reset(name: string): Promise<ProjectionReport> {
    await this.changed(name, () => this.checkpoints.reset(name, this.tablesOf(name)));
    return this.report(name);
  }

  /** Starts a rebuild of any projection on this instance, in the background; GET shows its progress. */
  async rebuild(name: string, by: string): Promise<ProjectionReport> {
    this.known(name);
    try {
      await this.rebuilds.startInBackground(this.rebuilds.target(name)!, by);
    } catch (error) {
      if (error instanceof NothingToRebuild) {
        throw ProblemException.of(409, error.message, { type: 'https://copydesk.dev/problems/nothing-to-rebuild' });
      }
      if (!(error instanceof RebuildAlreadyRunning)) throw error;
      throw ProblemException.of(409, `${error.message}; its progress is in GET /admin/projections`, {
        type: 'https://copydesk.dev/problems/rebuild-running',
      });
    }
    return this.report(name);
  }

  /** The asynchronous consumer's checkpoint changed by `change`, then its runner told. */
  private async changed(name: string, change: () => Promise<void>): Promise<void> {
    if (this.known(name) === 'inline') {
      throw ProblemException.of(
        409,
        `${name} is an inline projection: it is applied in each append's transaction, so it cannot be paused, resumed ` +
          'or reset; rebuild it instead',
        { type: 'https://copydesk.dev/problems/inline-projection' },
      );
    }
    await this.checkpoints.ensure([name]);
    await change();
    await notifyConsumer(this.sql, name);
  }

  private known(name: string): 'inline' | 'async' {
    if (this.inline.all.some((projection) => projection.name === name)) return 'inline';
    if (this.consumers.named(name)) return 'async';
    const names = [...this.inline.all.map((projection) => projection.name), ...this.consumers.names];
    throw ProblemException.of(404, `there is no projection named ${JSON.stringify(name)}; there are ${names.join(', ')}`, {
      type: 'https://copydesk.dev/problems/unknown-projection',
      errors: [{ field: 'name', messages: [`must be one of ${names.join(', ')}`] }],
    });
  }

  private tablesOf(name: string): string[] {
    return (this.consumers.named(name)?.tables ?? []).map((table) => table.name);
  }
}
