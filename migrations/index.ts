import { EventStore1764331200000 } from './1764331200000-EventStore';
import { ReadModels1764331200001 } from './1764331200001-ReadModels';
import { ScheduledPublications1764331200002 } from './1764331200002-ScheduledPublications';
import { WorkflowReadSides1764331200003 } from './1764331200003-WorkflowReadSides';
import { IdempotencyKeys1764331200004 } from './1764331200004-IdempotencyKeys';
import { AuditTrail1764331200005 } from './1764331200005-AuditTrail';
import { PublishedRepresentation1764331200010 } from './1764331200010-PublishedRepresentation';
import { StreamSnapshots1764331200030 } from './1764331200030-StreamSnapshots';
import { DeskWithoutCopy1764331200040 } from './1764331200040-DeskWithoutCopy';
import { StreamOrderedTransactionIds1764331200050 } from './1764331200050-StreamOrderedTransactionIds';
import { AsynchronousConsumers1764331200060 } from './1764331200060-AsynchronousConsumers';
import { ProjectionRebuilds1764331200070 } from './1764331200070-ProjectionRebuilds';
import { Webhooks1764331200120 } from './1764331200120-Webhooks';

/** Listed by hand so that the app, the tests and the CLI load the same migrations with no globbing. */
export const migrations = [
  EventStore1764331200000,
  ReadModels1764331200001,
  ScheduledPublications1764331200002,
  WorkflowReadSides1764331200003,
  IdempotencyKeys1764331200004,
  AuditTrail1764331200005,
  PublishedRepresentation1764331200010,
  StreamSnapshots1764331200030,
  DeskWithoutCopy1764331200040,
  StreamOrderedTransactionIds1764331200050,
  AsynchronousConsumers1764331200060,
  ProjectionRebuilds1764331200070,
  Webhooks1764331200120,
];
