import { ProblemException } from './problem.exception';
import { isZonedTime } from './zoned-time';

/** Where a keyset page ended: the time and id of its last row, which the next page starts below. */
export interface KeysetPosition {
  readonly at: string;
  readonly id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque to clients: base64url of `{ <timeField>: ISO time, id }`. */
export const encodeKeysetCursor = (timeField: string, position: KeysetPosition): string =>
  Buffer.from(JSON.stringify({ [timeField]: position.at, id: position.id })).toString('base64url');

/**
 * Exactly what encodeKeysetCursor writes, with a time PostgreSQL can hold (years 1 to 9999) and a
 * UUID: anything looser would reach PostgreSQL's casts and fail there as a 500. Otherwise a 400.
 */
export function decodeKeysetCursor(cursor: string, timeField: string): KeysetPosition {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const at = decoded[timeField];
    if (
      typeof at === 'string' &&
      isZonedTime(at) &&
      new Date(at).toISOString() === at &&
      typeof decoded.id === 'string' &&
      UUID.test(decoded.id)
    ) {
      return { at, id: decoded.id };
    }
  } catch {
    // falls through to the problem below
  }
  throw ProblemException.of(400, 'cursor is not one this service gave out', {
    type: 'https://copydesk.dev/problems/validation',
    errors: [{ field: 'cursor', messages: ['unknown cursor'] }],
  });
}
