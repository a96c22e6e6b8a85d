import type { ExpectedVersion } from './expected-version';

/** A writer lost a race, or wrote on the basis of a version that is no longer current. */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | null,
  ) {
    super(
      `stream ${streamId} is ${actual === null ? 'at a newer version' : actual === 0 ? 'not there' : `at version ${actual}`}` +
        `, not ${expected === 'no_stream' ? 'absent' : `at ${expected}`} as expected`,
    );
    this.name = 'ConcurrencyError';
  }
}

/** An event id was stored before: the same event cannot be appended twice. */
export class DuplicateEventError extends Error {
  constructor(readonly eventIds: readonly string[]) {
    super(`an event with one of the ids ${eventIds.join(', ')} is already stored`);
    this.name = 'DuplicateEventError';
  }
}

/** An idempotency key came back with a different request than the one it first answered. */
export class IdempotencyKeyReused extends Error {
  constructor(readonly key: string) {
    super(`the idempotency key ${key} was already used for a different request`);
    this.name = 'IdempotencyKeyReused';
  }
}
