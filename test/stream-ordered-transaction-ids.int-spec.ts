import { randomUUID } from 'node:crypto';
import { StreamOrderedTransactionIds1764331200050 } from '../migrations/1764331200050-StreamOrderedTransactionIds';
import { openScratchDatabase, type ScratchDatabase } from './support/scratch-database';

let scratch: ScratchDatabase;
beforeAll(async () => {
  scratch = await openScratchDatabase();
});
afterAll(() => scratch.drop());

/** Rows as an older append stored them: each with the id its own transaction took, whatever the stream before it. */
async function storedAs(streamId: string, transactionIds: readonly number[]): Promise<void> {
  for (const [index, transactionId] of transactionIds.entries()) {
    await scratch.dataSource.query(
      `INSERT INTO events (event_id, stream_id, stream_version, type, data, metadata, transaction_id, hash)
       VALUES ($1::uuid, $2, $3, 'Happened', '{}', '{}', $4::text::xid8, sha256(convert_to($1::text, 'UTF8')))`,
      [randomUUID(), streamId, index + 1, transactionId],
    );
  }
}

const transactionIdsOf = async (streamId: string): Promise<number[]> =>
  (
    await scratch.dataSource.query(`SELECT transaction_id::text AS id FROM events WHERE stream_id = $1 ORDER BY stream_version`, [
      streamId,
    ])
  ).map((row: { id: string }) => Number(row.id));

it('raises a version whose transaction id is below the version before it, and leaves every other row and the trigger as they were', async () => {
  const inverted = `older-${randomUUID()}`;
  const ordered = `older-${randomUUID()}`;
  await storedAs(inverted, [5_000, 4_000, 4_500, 6_000]);
  await storedAs(ordered, [3_000, 3_001]);

  const runner = scratch.dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    await new StreamOrderedTransactionIds1764331200050().up(runner);
    await runner.commitTransaction();
  } finally {
    await runner.release();
  }

  expect(await transactionIdsOf(inverted)).toEqual([5_000, 5_000, 5_000, 6_000]);
  expect(await transactionIdsOf(ordered)).toEqual([3_000, 3_001]);
  await expect(scratch.dataSource.query(`UPDATE events SET type = 'x' WHERE stream_id = $1`, [ordered])).rejects.toThrow(
    /append-only/,
  );
});
