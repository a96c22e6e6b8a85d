import { ProblemException } from '../common/problem.exception';
import type { AllStreamCursor } from '../event-store/commit-order';

const XID8_MAX = 2n ** 64n - 1n;
const BIGINT_MAX = 2n ** 63n - 1n;

/** Opaque to clients: base64url of `<transaction id>:<position>`, a place in the log's commit-safe order. */
export const encodeLogCursor = (cursor: AllStreamCursor): string =>
  Buffer.from(`${cursor.transactionId}:${cursor.position}`, 'utf8').toString('base64url');

/** Exactly what encodeLogCursor writes, or a 400 naming `cursor`. */
export function decodeLogCursor(cursor: string): AllStreamCursor {
  const match = /^(\d{1,20}):(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  // Digits alone let through values past xid8's and bigint's ranges, which PostgreSQL would refuse with a 500.
  if (!match || BigInt(match[1]) > XID8_MAX || BigInt(match[2]) > BIGINT_MAX) {
    throw ProblemException.of(400, 'cursor is not one this service gave out', {
      errors: [{ field: 'cursor', messages: ['unknown cursor'] }],
    });
  }
  return { transactionId: match[1], position: match[2] };
}
