import { ProblemException } from './problem.exception';

/** The client's key with the fingerprint of the request it came with. */
export interface KeyedRequest {
  readonly key: string;
  readonly fingerprint: string;
}

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Visible ASCII, with spaces allowed only inside: what a client can generate and a log can show. */
const PRINTABLE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * The client's Idempotency-Key, or null when it sent none. A key that is empty, too long or not
 * printable is refused with 400 rather than trimmed or truncated: two different keys must never be
 * read as one.
 */
export function idempotencyKeyFrom(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const fault = faultIn(header);
  if (fault === null) return header as string;
  throw ProblemException.of(400, `${IDEMPOTENCY_KEY_HEADER} ${fault}; a UUID makes a good key`, {
    type: 'https://copydesk.dev/problems/invalid-idempotency-key',
    errors: [{ field: IDEMPOTENCY_KEY_HEADER, messages: [fault] }],
  });
}

function faultIn(header: string | string[]): string | null {
  if (Array.isArray(header)) return 'must be sent once';
  if (header.length === 0) return 'must not be empty';
  if (header.length > MAX_IDEMPOTENCY_KEY_LENGTH) return `must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters long`;
  if (!PRINTABLE.test(header)) return 'must be printable ASCII, without leading or trailing spaces';
  // Node joins a header sent twice into "first, second": a comma means two keys arrived as one.
  if (header.includes(',')) return 'must be sent once, and contain no comma';
  return null;
}
