import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';

/** One clock for the whole service, so a test or a tool can replace the time in one place. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
