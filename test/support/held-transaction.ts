import type { Isolation, Sql, SqlClient } from '../../src/database/sql';

/** A transaction a spec keeps open while other work runs, then commits or rolls back when it chooses. */
export interface HeldTransaction {
  readonly client: SqlClient;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

class RolledBackOnPurpose extends Error {}

/** Opens a transaction through Sql.transaction, so specs exercise the same BEGIN/COMMIT/ROLLBACK as the service. */
export async function holdTransaction(sql: Sql, isolation?: Isolation): Promise<HeldTransaction> {
  let decide!: (commit: boolean) => void;
  const decision = new Promise<boolean>((resolve) => (decide = resolve));
  let opened!: (client: SqlClient) => void;
  const client = new Promise<SqlClient>((resolve) => (opened = resolve));
  const ended = sql
    .transaction(
      async (transaction) => {
        opened(transaction);
        if (!(await decision)) throw new RolledBackOnPurpose();
      },
      isolation ? { isolation } : {},
    )
    .catch((error: unknown) => {
      if (!(error instanceof RolledBackOnPurpose)) throw error;
    });
  let done = false;
  const end = async (commit: boolean) => {
    if (done) return;
    done = true;
    decide(commit);
    await ended;
  };
  return { client: await client, commit: () => end(true), rollback: () => end(false) };
}
