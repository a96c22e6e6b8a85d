import type { ActivityItem } from '../activity/activity.reader';
import type { ConsumerReport } from '../event-store/consumer-status';
import type { RebuildReport } from '../projections/projection-rebuilds';
import type { ProjectionReport } from '../projections/projections-admin';
import { PERSON } from './article.schemas';
import {
  component,
  count,
  dateTime,
  integer,
  listOf,
  nullable,
  object,
  oneOfValues,
  optional,
  string,
  uuid,
} from './json-schema';

/** The read models and consumers an admin operates, and the activity feed one of them keeps. */

const REBUILD = component(
  'ProjectionRebuild',
  object<RebuildReport>(
    {
      state: oneOfValues(['copying', 'swapping', 'done', 'failed', 'interrupted']),
      startedAt: dateTime(),
      startedBy: string(),
      finishedAt: nullable(dateTime()),
      events: object<RebuildReport['events']>({ applied: count(), total: count() }),
      swapMs: nullable(count('How long the swap held appends off.')),
      error: nullable(string()),
    },
    'The last rebuild of this projection; `interrupted` when its instance stopped before it finished.',
  ),
);

/** Both kinds in one shape: what only an asynchronous consumer has is absent for an inline projection. */
type ProjectionShape = Pick<ProjectionReport, 'name' | 'kind' | 'state' | 'lag' | 'tables' | 'rebuild'> &
  Partial<Pick<ConsumerReport, 'onPoison' | 'checkpoint' | 'runner' | 'paused' | 'failure' | 'deadLetters'>>;

/**
 * One schema for both kinds, as `GET /admin/projections` lists them side by side: an inline projection
 * has no checkpoint, runner or failure of its own, so those are absent for it.
 */
export const PROJECTION = component(
  'Projection',
  object<ProjectionShape>({
    name: string(),
    kind: oneOfValues(['inline', 'async']),
    state: oneOfValues(['running', 'retrying', 'paused', 'stopped']),
    onPoison: optional(oneOfValues(['pause', 'dead-letter'])),
    checkpoint: optional(
      object<ConsumerReport['checkpoint']>(
        {
          transactionId: string({ description: 'A PostgreSQL xid8, as text.' }),
          position: count(),
          appliedAt: nullable(dateTime()),
        },
        'The last event applied, in commit-safe order.',
      ),
    ),
    lag: object<ConsumerReport['lag']>({
      events: count('Committed events not applied yet.'),
      seconds: { type: 'number', minimum: 0, description: 'How long ago the first of them was recorded.' },
    }),
    runner: optional(nullable(object<NonNullable<ConsumerReport['runner']>>({ instance: string(), since: dateTime() }))),
    paused: optional(nullable(object<NonNullable<ConsumerReport['paused']>>({ reason: string(), at: dateTime() }))),
    failure: optional(
      nullable(
        object<NonNullable<ConsumerReport['failure']>>({
          position: count(),
          type: nullable(string()),
          streamId: nullable(string()),
          attempts: count(),
          error: string(),
          since: dateTime(),
        }),
      ),
    ),
    deadLetters: optional(count('Events given up on and recorded in the dead-letter ledger.')),
    tables: listOf(string()),
    rebuild: nullable(REBUILD),
  }),
);

export const PROJECTION_LIST = component('Projections', object<{ projections: unknown[] }>({ projections: listOf(PROJECTION) }));

export const ACTIVITY_PAGE = component(
  'ActivityPage',
  object<{ items: ActivityItem[]; nextCursor: string | null }>(
    {
      items: listOf(
        object<ActivityItem>({
          position: integer({ minimum: 1 }),
          articleId: uuid(),
          version: integer({ minimum: 1 }),
          type: string(),
          actor: nullable(PERSON),
          summary: string({ description: 'What happened, in a sentence ("approved version 5").' }),
          headline: nullable(string({ description: 'The headline now, from the desk.' })),
          recordedAt: dateTime(),
        }),
      ),
      nextCursor: nullable(string({ description: 'Opaque: pass it as `cursor` for the next page; null on the last page.' })),
    },
    'One page of the activity feed, newest first. It may be a moment behind the appends.',
  ),
);
