import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ScheduledPublisher } from './scheduled-publisher';

@Module({ imports: [CqrsModule], providers: [ScheduledPublisher] })
export class SchedulingModule {}
