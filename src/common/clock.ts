import { Injectable } from '@nestjs/common';

/** The one place the write side reads the time; commands carry it from here into the pure decider. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
