import { Global, Module } from '@nestjs/common';
import { CommandRunner } from './command-runner';
import { EventStore } from './event-store';
import { ProjectionReplay } from './projection-replay';
import { InlineProjectionRegistry } from './projection-registry';

@Global()
@Module({
  providers: [EventStore, InlineProjectionRegistry, CommandRunner, ProjectionReplay],
  exports: [EventStore, InlineProjectionRegistry, CommandRunner, ProjectionReplay],
})
export class EventStoreModule {}
