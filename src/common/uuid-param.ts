import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ProblemException } from './problem.exception';

/** A path parameter that must be a UUID v4, refused with a 400 that names it before any work is done. */
export const UuidParam = (name: string) =>
  Param(
    name,
    new ParseUUIDPipe({
      version: '4',
      exceptionFactory: () =>
        ProblemException.of(400, `${name} must be a UUID (version 4)`, {
          type: 'https://copydesk.dev/problems/validation',
          errors: [{ field: name, messages: [`${name} must be a UUID (version 4)`] }],
        }),
    }),
  );
