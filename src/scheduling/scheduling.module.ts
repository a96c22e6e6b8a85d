import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ScheduledPublicationsProjection } from './scheduled-publications.projection';
import { ScheduledPublisher } from './scheduled-publisher';

@Module({ imports: [CqrsModule], providers: [ScheduledPublicationsProjection, ScheduledPublisher] })
export class SchedulingModule {}
