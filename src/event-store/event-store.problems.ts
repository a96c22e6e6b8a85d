import { problem } from '../common/problem-details';
import type { ProblemTranslator } from '../common/problem-details.filter';
import { ConcurrencyError, DuplicateEventError } from './event-store.errors';

/** A lost race or a stale If-Match is a failed precondition: re-read, then try again. */
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
  return null;
};
