import { BadRequestException } from '@nestjs/common';
import {
  ArticleAlreadyExists,
  ArticleNotFound,
  InvalidContent,
  InvalidTransition,
  NotPermitted,
  SourceNotFound,
} from '../articles/domain/article.errors';
import { ProblemException } from '../common/problem.exception';
import { ConcurrencyError, DuplicateEventError, IdempotencyKeyReused } from '../event-store/event-store.errors';
import { SlugAlreadyPublished } from '../published/published.projection';
import { commandOutcomeOf } from './command-outcome';

describe('commandOutcomeOf', () => {
  it.each([
    ['a stale If-Match or a lost race', 'conflict', new ConcurrencyError('article-1', 3, 4)],
    ['an event id stored before', 'conflict', new DuplicateEventError(['e1'])],
    ['a slug another published article has', 'conflict', new SlugAlreadyPublished('taken')],
    ['an article id that exists', 'conflict', new ArticleAlreadyExists('exists')],
    ['content the rules refuse', 'invalid', new InvalidContent('no headline', ['headline'])],
    ['an idempotency key reused for another request', 'invalid', new IdempotencyKeyReused('k')],
    ['a body the edge refused', 'invalid', new BadRequestException('headline must be a string')],
    ['a missing If-Match', 'invalid', ProblemException.of(428, 'If-Match is required')],
    ['a transition the state forbids', 'refused', new InvalidTransition('already published')],
    ['an actor the rules do not permit', 'refused', new NotPermitted('you edited it')],
    ['an article that is not there', 'refused', new ArticleNotFound('no such article')],
    ['a source that is not there', 'refused', new SourceNotFound('no such source')],
    ['a database that is down', 'failed', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a 503 the service answered', 'failed', ProblemException.of(503, 'down')],
    ['something that is not an error', 'failed', 'boom'],
  ])('counts %s as %s', (_, outcome, error) => {
    expect(commandOutcomeOf(error)).toBe(outcome);
  });
});
