import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { CommitSignal } from '../event-store/commit-signal';
import { EventsCommitted } from '../event-store/events-committed';

/** A command's events are committed: the consumers' runners, on whichever instance, are told to look. */
@EventsHandler(EventsCommitted)
export class SignalConsumers implements IEventHandler<EventsCommitted> {
  constructor(private readonly signal: CommitSignal) {}

  handle(): void {
    this.signal.committed();
  }
}
