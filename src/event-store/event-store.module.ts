import { Global, Module } from '@nestjs/common';
import { CommandRunner } from './command-runner';
import { EventStore } from './event-store';
import { InlineProjectionRegistry } from './projection-registry';

@Global()
@Module({
  providers: [EventStore, InlineProjectionRegistry, CommandRunner],
  exports: [EventStore, InlineProjectionRegistry, CommandRunner],
})
export class EventStoreModule {}
