import type { SqlClient } from '../database/sql';

/** A replay's transaction: its SQL, and writes whose answers it does not wait for one by one. */
export interface ReplayTransaction extends SqlClient {
  /** A statement whose answer is not needed; its failure is thrown by `settle`. */
  write(text: string, parameters?: readonly unknown[]): Promise<void>;
  /** Waits for every write sent so far; throws the first one's failure. */
  settle(): Promise<void>;
}

/** Each write waits for its answer: for a connection that cannot pipeline (one from the pool). */
export function awaitedWrites(client: SqlClient): ReplayTransaction {
  return {
    query: (text, values) => client.query(text, values),
    run: (statement, values) => client.run(statement, values),
    write: async (text, values) => {
      await client.query(text, values);
    },
    settle: async () => undefined,
  };
}

/**
 * Writes sent on a pipelined session (Sql.session({ pipeline: true })) without waiting: PostgreSQL
 * runs them in the order sent, and a read sent after them is answered after them. A replay applies
 * thousands of one-row statements a second this way instead of waiting a round trip for each. A
 * failed write makes every later statement of the transaction fail too, so `settle` (or any read)
 * stops the batch; the transaction is then rolled back whole.
 */
export function pipelinedWrites(session: SqlClient): ReplayTransaction {
  let sent: Promise<unknown>[] = [];
  return {
    query: (text, values) => session.query(text, values),
    run: (statement, values) => session.run(statement, values),
    write: (text, values) => {
      const answer = session.query(text, values);
      // Observed now, so that a failure is not reported as unhandled before settle() awaits it.
      answer.catch(() => undefined);
      sent.push(answer);
      return Promise.resolve();
    },
    settle: async () => {
      const settling = sent;
      sent = [];
      await Promise.all(settling);
    },
  };
}
