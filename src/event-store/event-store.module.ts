import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CommandRunner } from './command-runner';
import { EventStore } from './event-store';
import { InlineProjections } from './inline-projections';
import { ProjectionReplay } from './projection-replay';

@Global()
@Module({})
export class EventStoreModule {
  /** The store with the inline projections the application lists (src/inline-projections.ts). */
  static forRoot(projections: InlineProjections): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [EventStore, { provide: InlineProjections, useValue: projections }, CommandRunner, ProjectionReplay],
      exports: [EventStore, InlineProjections, CommandRunner, ProjectionReplay],
    };
  }
}
