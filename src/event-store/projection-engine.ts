import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import type { Sql, SqlSession } from '../database/sql';
import { AsyncConsumers } from './async-consumers';
import { ConsumerCheckpoints } from './consumer-checkpoints';
import { ConsumerRunner } from './consumer-runner';
import type { EventStore } from './event-store';
import { CONTROL_CHANNEL, EVENTS_CHANNEL, LEASE_LOCKS } from './engine-channels';

export interface EngineSettings {
  /** How often a runner looks for events without being woken, and an instance without the lease tries to take it. */
  readonly pollMs: number;
  /** Events applied per transaction. */
  readonly batchSize: number;
}

export const DEFAULT_BATCH_SIZE = 500;

/**
 * Seconds of silence after which PostgreSQL probes the session's peer, and how often and how many
 * times: a session whose instance vanished without closing its socket (a machine lost, a network
 * cut) is ended within about 10 s, and the consumer leases it held go to another instance.
 */
const SESSION_KEEPALIVE = { idle: 4, interval: 2, count: 3 };

/**
 * Runs the asynchronous consumers on this instance: one session of its own to the database that
 * holds their advisory locks and LISTENs for commits and for changes to their checkpoints, and one
 * runner per consumer (consumer-runner.ts). Every instance runs the engine; for each consumer the
 * advisory lock lets exactly one of them apply events at a time, and the fencing epoch on its
 * checkpoint keeps a runner that lost the lock from writing. When the session fails, every lease
 * this instance held is gone with it; the engine opens a new one and its runners contend again.
 */
export class ProjectionEngine {
  private readonly logger = new Logger('ProjectionEngine');
  private readonly checkpoints: ConsumerCheckpoints;
  private readonly runners: ConsumerRunner[];
  private session: SqlSession | null = null;
  private reconnecting: NodeJS.Timeout | undefined;
  private started = false;
  private stopped = false;
  /** This instance, as each lease it takes records it. */
  readonly instance = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  constructor(
    private readonly sql: Sql,
    store: EventStore,
    consumers: AsyncConsumers,
    settings: EngineSettings,
  ) {
    this.checkpoints = new ConsumerCheckpoints(sql);
    this.runners = consumers.all.map(
      (consumer) =>
        new ConsumerRunner(consumer, {
          sql,
          store,
          checkpoints: this.checkpoints,
          instance: this.instance,
          pollMs: settings.pollMs,
          batchSize: settings.batchSize,
          tryLock: (name) => this.lock('pg_try_advisory_lock', name),
          unlock: async (name) => {
            await this.lock('pg_advisory_unlock', name);
          },
          log: {
            log: (message) => this.logger.log(message),
            warn: (message) => this.logger.warn(message),
            error: (message) => this.logger.error(message),
          },
        }),
    );
  }

  /** The consumers whose lease this instance holds now. */
  get running(): string[] {
    return this.runners.filter((runner) => runner.holdsLease).map((runner) => runner.consumer.name);
  }

  async start(): Promise<void> {
    if (this.started || this.runners.length === 0) return;
    this.started = true;
    await this.checkpoints.ensure(this.runners.map((runner) => runner.consumer.name));
    await this.connect().catch((error: unknown) => this.reconnectLater(error));
    for (const runner of this.runners) runner.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnecting);
    await Promise.all(this.runners.map((runner) => runner.stop()));
    await Promise.all(this.runners.map((runner) => runner.consumer.close?.()));
    const session = this.session;
    this.session = null;
    await session?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const session = await this.sql.session();
    session.onLost((error) => {
      if (this.session !== session) return;
      this.session = null;
      for (const runner of this.runners) runner.sessionLost();
      if (!this.stopped) this.reconnectLater(error);
    });
    session.onNotification((channel, payload) => {
      for (const runner of this.runners) {
        if (channel === EVENTS_CHANNEL) runner.wake('events');
        else if (channel === CONTROL_CHANNEL && payload === runner.consumer.name) runner.wake('control');
      }
    });
    const { idle, interval, count } = SESSION_KEEPALIVE;
    await session.query(
      `SET tcp_keepalives_idle = ${idle}; SET tcp_keepalives_interval = ${interval}; SET tcp_keepalives_count = ${count}`,
    );
    await session.query(`LISTEN ${EVENTS_CHANNEL}; LISTEN ${CONTROL_CHANNEL}`);
    if (this.stopped) {
      await session.end();
      return;
    }
    this.session = session;
  }

  private reconnectLater(error: unknown): void {
    this.logger.warn(
      `the projection engine's database session is gone (${error instanceof Error ? error.message : 'closed'}); reconnecting`,
    );
    clearTimeout(this.reconnecting);
    this.reconnecting = setTimeout(() => {
      this.connect().catch((failure: unknown) => this.reconnectLater(failure));
    }, 1_000);
  }

  /** Takes or lets go of a consumer's advisory lock on this engine's session; false without a session. */
  private async lock(operation: 'pg_try_advisory_lock' | 'pg_advisory_unlock', consumer: string): Promise<boolean> {
    if (this.session === null) return false;
    const [{ done }] = await this.session.query<{ done: boolean }>(`SELECT ${operation}($1::integer, hashtext($2)) AS done`, [
      LEASE_LOCKS,
      consumer,
    ]);
    return done;
  }
}
