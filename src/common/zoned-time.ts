import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** A time with its zone: without one, "12:00" would mean the server's local noon, not the caller's. */
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A field holding an ISO 8601 time with its zone, such as 2026-11-28T12:00:00Z. */
export function IsZonedTime(): PropertyDecorator {
  const message = (field: string) => `${field} must be an ISO 8601 time with its zone, such as 2026-11-28T12:00:00Z`;
  return applyDecorators(
    IsISO8601({ strict: true }, { message: ({ property }) => message(property) }),
    Matches(ZONED_TIME, { message: ({ property }) => message(property) }),
  );
}
