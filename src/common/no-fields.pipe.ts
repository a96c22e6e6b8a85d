import { Injectable, type PipeTransform } from '@nestjs/common';
import { ProblemException } from './problem.exception';

/** For commands that take no fields: nothing, or an empty JSON object; any field is named and refused. */
@Injectable()
export class NoFieldsPipe implements PipeTransform {
  transform(body: unknown): Record<string, never> {
    if (body === undefined) return {};
    // A JSON null is a body that says something other than "no fields": refused like any non-object.
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw ProblemException.of(400, 'the body must be an empty JSON object or absent', {
        type: 'https://copydesk.dev/problems/validation',
        errors: [{ field: '(body)', messages: ['must be an object'] }],
      });
    }
    const fields = Object.keys(body);
    if (fields.length > 0) {
      throw ProblemException.of(400, `this command takes no fields: ${fields.join(', ')}`, {
        type: 'https://copydesk.dev/problems/validation',
        errors: fields.map((field) => ({ field, messages: [`property ${field} should not exist`] })),
      });
    }
    return {};
  }
}
