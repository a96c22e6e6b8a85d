/**
 * What the writer believes the stream's version is: an exact version (the stream must be at it),
 * `no_stream` (the stream must not exist yet) or `any` (no expectation; conflicts are retried).
 */
export type ExpectedVersion = number | 'no_stream' | 'any';

export const NO_STREAM = 'no_stream' as const;
export const ANY_VERSION = 'any' as const;

/** The version the stream must be at for the append to go ahead; null for `any`. */
export function requiredCurrentVersion(expected: ExpectedVersion): number | null {
  if (expected === ANY_VERSION) return null;
  if (expected === NO_STREAM) return 0;
  if (!Number.isInteger(expected) || expected < 1) {
    throw new RangeError(`expected version must be a positive integer, "no_stream" or "any", not ${expected}`);
  }
  return expected;
}
