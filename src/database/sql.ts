import { Client, type Pool, type PoolClient, type QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** A statement PostgreSQL plans once per connection, by its name; a changed text needs a new name. */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

/** Where SQL runs: the pool (each statement on its own) or the connection of one transaction. */
export interface SqlClient {
  /** The rows of one statement. */
  query<Row extends QueryResultRow = QueryResultRow>(text: string, values?: readonly unknown[]): Promise<Row[]>;
  /** A named statement's rows and how many rows it touched. */
  run<Row extends QueryResultRow = QueryResultRow>(
    statement: Statement,
    values: readonly unknown[],
  ): Promise<{ rows: Row[]; rowCount: number }>;
}

/**
 * A connection of its own, outside the pool, for what belongs to one session: advisory locks held
 * for as long as it lives, LISTEN, or a pipelined replay. Whoever opens it ends it.
 */
export interface SqlSession extends SqlClient {
  /** Every NOTIFY on a channel this session LISTENs to. */
  onNotification(listener: (channel: string, payload: string) => void): void;
  /** Called once when the connection ends or fails: whatever the session held (its locks) is gone. */
  onLost(listener: (error: Error | undefined) => void): void;
  end(): Promise<void>;
}

export type Isolation = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

const clientOf = (executor: Pool | PoolClient | Client): SqlClient => ({
  query: async <Row extends QueryResultRow>(text: string, values: readonly unknown[] = []) =>
    (await executor.query<Row>(text, values as unknown[])).rows,
  run: async <Row extends QueryResultRow>(statement: Statement, values: readonly unknown[]) => {
    const result = await executor.query<Row>({ name: statement.name, text: statement.text, values: values as unknown[] });
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  },
});

/**
 * The one owner of SQL at run time: node-postgres' pool, named statements and transactions. TypeORM
 * keeps the connection settings and the migrations; its pool is taken from the DataSource here, once,
 * so that nothing else reaches into TypeORM or holds a second pool.
 */
export class Sql implements SqlClient {
  private readonly pool: SqlClient;

  constructor(private readonly pg: Pool) {
    this.pool = clientOf(pg);
  }

  static of(dataSource: DataSource): Sql {
    return new Sql((dataSource.driver as PostgresDriver).master as Pool);
  }

  query<Row extends QueryResultRow = QueryResultRow>(text: string, values?: readonly unknown[]): Promise<Row[]> {
    return this.pool.query<Row>(text, values);
  }

  run<Row extends QueryResultRow = QueryResultRow>(statement: Statement, values: readonly unknown[]) {
    return this.pool.run<Row>(statement, values);
  }

  /**
   * A session on a connection of its own, with the pool's settings. `pipeline` sends each statement
   * without waiting for the one before to answer (node-postgres' pipeline mode): for a caller that
   * issues many statements whose answers it does not need one by one.
   */
  async session(options: { readonly pipeline?: boolean } = {}): Promise<SqlSession> {
    // TCP keepalives, so a session whose peer vanished without closing is noticed on both sides.
    const client = new Client({ ...this.pg.options, keepAlive: true, pipeline: options.pipeline ?? false });
    const lostListeners: ((error: Error | undefined) => void)[] = [];
    let lost = false;
    const loseOnce = (error: Error | undefined): void => {
      if (lost) return;
      lost = true;
      for (const listener of lostListeners) listener(error);
    };
    client.on('error', loseOnce);
    client.on('end', () => loseOnce(undefined));
    await client.connect();
    return {
      ...clientOf(client),
      onNotification: (listener) => client.on('notification', (message) => listener(message.channel, message.payload ?? '')),
      onLost: (listener) => {
        lostListeners.push(listener);
      },
      end: async () => {
        lost = true;
        await client.end();
      },
    };
  }

  /**
   * `work` on one connection inside BEGIN … COMMIT; any error rolls back and is rethrown.
   * `rollback: true` always rolls back, for work that must leave nothing behind (verify's replay).
   */
  async transaction<T>(
    work: (transaction: SqlClient) => Promise<T>,
    options: { readonly isolation?: Isolation; readonly rollback?: boolean } = {},
  ): Promise<T> {
    const connection = await this.pg.connect();
    let broken: Error | undefined;
    // The pool listens for errors on idle connections only: one that dies while checked out here
    // would throw from its socket's event and end the process. Its queries fail with the error anyway.
    const lost = (error: Error): void => {
      broken = error;
    };
    connection.on('error', lost);
    try {
      await connection.query(options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation}` : 'BEGIN');
      const result = await work(clientOf(connection));
      await connection.query(options.rollback ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (error) {
      try {
        await connection.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection itself failed: it leaves the pool instead of going back to it.
        broken = rollbackError as Error;
      }
      throw error;
    } finally {
      connection.off('error', lost);
      connection.release(broken);
    }
  }
}
