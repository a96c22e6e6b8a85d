import type { SqlClient } from '../database/sql';
import { mergePatches, patchedRow, patchStatement, type RowPatch } from './row-patch';

/** A replay's transaction: its SQL, writes it does not wait for one by one, and row patches it merges. */
export interface ReplayTransaction extends SqlClient {
  /** A statement whose answer is not needed; its failure is thrown by `settle`. */
  write(text: string, parameters?: readonly unknown[]): Promise<void>;
  /** Kept until the batch settles or another statement is sent, merged with the same row's later patches. */
  patch(patch: RowPatch): Promise<void>;
  /** Sends what is kept, waits for every write sent so far, and throws the first one's failure. */
  settle(): Promise<void>;
}

/**
 * Merges each row's patches until something else is sent: any other statement first sends them, so
 * every statement still meets the rows as the events left them up to it. A row that twenty events
 * of one batch changed is written once — with one text-search vector rather than twenty, on the desk.
 */
function replayTransaction(
  client: SqlClient,
  send: (text: string, values?: readonly unknown[]) => Promise<void>,
  sent: () => Promise<void>,
): ReplayTransaction {
  const patches = new Map<string, RowPatch>();
  const flush = async () => {
    const pending = [...patches.values()];
    patches.clear();
    for (const patch of pending) {
      const { text, values } = patchStatement(patch);
      await send(text, values);
    }
  };
  return {
    query: async (text, values) => {
      await flush();
      return client.query(text, values);
    },
    run: async (statement, values) => {
      await flush();
      return client.run(statement, values);
    },
    write: async (text, values) => {
      await flush();
      await send(text, values);
    },
    patch: async (patch) => {
      const row = patchedRow(patch);
      const earlier = patches.get(row);
      patches.set(row, earlier ? mergePatches(earlier, patch) : patch);
    },
    settle: async () => {
      await flush();
      await sent();
    },
  };
}

/** Each write waits for its answer: for a connection that cannot pipeline (one from the pool). */
export function awaitedWrites(client: SqlClient): ReplayTransaction {
  return replayTransaction(
    client,
    async (text, values) => {
      await client.query(text, values);
    },
    async () => undefined,
  );
}

/**
 * Writes sent on a pipelined session (Sql.session({ pipeline: true })) without waiting: PostgreSQL
 * runs them in the order sent, and a read sent after them is answered after them. A replay applies
 * thousands of one-row statements a second this way instead of waiting a round trip for each. A
 * failed write makes every later statement of the transaction fail too, so `settle` (or any read)
 * stops the batch; the transaction is then rolled back whole.
 */
export function pipelinedWrites(session: SqlClient): ReplayTransaction {
  let inFlight: Promise<unknown>[] = [];
  return replayTransaction(
    session,
    async (text, values) => {
      const answer = session.query(text, values);
      // Observed now, so that a failure is not reported as unhandled before settle() awaits it.
      answer.catch(() => undefined);
      inFlight.push(answer);
    },
    async () => {
      const settling = inFlight;
      inFlight = [];
      await Promise.all(settling);
    },
  );
}
