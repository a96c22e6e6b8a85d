import { Module } from '@nestjs/common';
import { ActivityController } from './activity.controller';
import { ActivityReader } from './activity.reader';

@Module({ controllers: [ActivityController], providers: [ActivityReader] })
export class ActivityModule {}
