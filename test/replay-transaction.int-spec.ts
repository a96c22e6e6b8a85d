import { Sql, type SqlClient } from '../src/database/sql';
import { awaitedWrites, pipelinedWrites } from '../src/event-store/replay-transaction';
import type { RowPatch } from '../src/event-store/row-patch';
import { openTestDataSource } from './support/test-database';
import type { DataSource } from 'typeorm';

let dataSource: DataSource;
beforeAll(async () => {
  dataSource = await openTestDataSource(4);
});
afterAll(() => dataSource.destroy());

const patch = (version: number, set: Record<string, unknown>): RowPatch => ({
  table: 'replayed',
  key: { column: 'id', value: 1 },
  versionColumn: 'version',
  version,
  set,
});

/** The statements a client was sent, first words only, as it runs them for real. */
function recording(client: SqlClient): { client: SqlClient; sent: string[] } {
  const sent: string[] = [];
  const note = (text: string) => sent.push(text.trim().split(/\s+/).slice(0, 2).join(' '));
  return {
    sent,
    client: {
      query: (text, values) => (note(text), client.query(text, values)),
      run: (statement, values) => (note(statement.text), client.run(statement, values)),
    },
  };
}

describe('a replay transaction', () => {
  it("writes a row once for all of one batch's patches of it, and sends them before any other statement", async () => {
    await Sql.of(dataSource).transaction(
      async (transaction) => {
        await transaction.query(
          `CREATE TEMPORARY TABLE replayed (id int PRIMARY KEY, version int, a text, b text) ON COMMIT DROP`,
        );
        await transaction.query(`INSERT INTO replayed VALUES (1, 0, null, null)`);
        const { client, sent } = recording(transaction);
        const replay = awaitedWrites(client);
        await replay.patch(patch(1, { a: 'one' }));
        await replay.patch(patch(2, { b: 'two' }));
        await replay.patch(patch(3, { a: 'three' }));
        expect(sent).toEqual([]);
        // A read meets the row as the events left it: the patches go first, as one.
        expect(await replay.query(`SELECT version, a, b FROM replayed`)).toEqual([{ version: 3, a: 'three', b: 'two' }]);
        expect(sent).toEqual(['UPDATE "replayed"', 'SELECT version,']);
        await replay.patch(patch(4, { b: 'four' }));
        await replay.write(`UPDATE replayed SET a = 'written' WHERE id = 1`);
        await replay.settle();
        expect(sent.slice(2)).toEqual(['UPDATE "replayed"', 'UPDATE replayed']);
        expect(await transaction.query(`SELECT version, a, b FROM replayed`)).toEqual([{ version: 4, a: 'written', b: 'four' }]);
      },
      { rollback: true },
    );
  });

  it('on a pipelined session, fails at settle for a write that failed, without waiting at the write', async () => {
    const session = await Sql.of(dataSource).session({ pipeline: true });
    try {
      await session.query('BEGIN');
      await session.query(`CREATE TEMPORARY TABLE unique_rows (id int PRIMARY KEY) ON COMMIT DROP`);
      const replay = pipelinedWrites(session);
      await replay.write(`INSERT INTO unique_rows VALUES (1)`);
      await replay.write(`INSERT INTO unique_rows VALUES (1)`);
      await expect(replay.settle()).rejects.toMatchObject({ code: '23505' });
    } finally {
      await session.query('ROLLBACK');
      await session.end();
    }
  });
});
