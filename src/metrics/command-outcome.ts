import { HttpException } from '@nestjs/common';
import { ArticleAlreadyExists, ArticleRuleViolation, InvalidContent } from '../articles/domain/article.errors';
import { ConcurrencyError, DuplicateEventError, IdempotencyKeyReused } from '../event-store/event-store.errors';
import { SlugAlreadyPublished } from '../published/published.projection';

export const COMMAND_OUTCOMES = ['accepted', 'refused', 'conflict', 'invalid', 'failed'] as const;
export type CommandOutcome = (typeof COMMAND_OUTCOMES)[number];

/**
 * How a command that threw is counted:
 * - conflict: it lost to another write (a stale If-Match, a race, a slug or id already taken: 412, 409);
 * - invalid: its input was wrong (the edge's validation, If-Match, Idempotency-Key, or content the
 *   rules refuse as such: 400, 422, 428);
 * - refused: a rule of the workflow said no (403, 404, 409 for a transition the article's state forbids);
 * - failed: the service could not run it (the database down, a bug: 5xx).
 */
export function commandOutcomeOf(error: unknown): Exclude<CommandOutcome, 'accepted'> {
  if (
    error instanceof ConcurrencyError ||
    error instanceof DuplicateEventError ||
    error instanceof SlugAlreadyPublished ||
    error instanceof ArticleAlreadyExists
  ) {
    return 'conflict';
  }
  if (error instanceof InvalidContent || error instanceof IdempotencyKeyReused) return 'invalid';
  if (error instanceof ArticleRuleViolation) return 'refused';
  if (error instanceof HttpException && error.getStatus() >= 400 && error.getStatus() < 500) return 'invalid';
  return 'failed';
}
