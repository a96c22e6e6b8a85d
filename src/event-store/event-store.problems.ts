import { problem } from '../common/problem-details';
import type { ProblemTranslator } from '../common/problem-details.filter';
import { IDEMPOTENCY_KEY_HEADER } from '../common/idempotency-key';
import { ConcurrencyError, DuplicateEventError, IdempotencyKeyReused } from './event-store.errors';

/** A lost race or a stale If-Match is a failed precondition: re-read, then try again. A reused key is the client's mistake. */
export const eventStoreProblems: ProblemTranslator = (error) => {
  if (error instanceof ConcurrencyError) {
    return {
      problem: problem(412, `${error.message}: someone else changed it since you read it; reload and try again`, {
        type: 'https://copydesk.dev/problems/concurrent-change',
        ...(error.actual !== null ? { currentVersion: error.actual } : {}),
      }),
    };
  }
  if (error instanceof DuplicateEventError) {
    return { problem: problem(409, error.message, { type: 'https://copydesk.dev/problems/duplicate-event' }) };
  }
  if (error instanceof IdempotencyKeyReused) {
    return {
      problem: problem(422, `${error.message}: a retry must repeat the request exactly; a new request needs a new key`, {
        type: 'https://copydesk.dev/problems/idempotency-key-reused',
        errors: [{ field: IDEMPOTENCY_KEY_HEADER, messages: ['was already used for a different request'] }],
      }),
    };
  }
  return null;
};
