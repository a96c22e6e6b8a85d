import { ProblemException } from '../common/problem.exception';

/** A 400 naming the one field (or parameter) that is wrong, in the shape the validation pipe answers. */
export function invalidField(field: string, message: string, detail = `the request is not valid: ${field}`): ProblemException {
  return ProblemException.of(400, detail, {
    type: 'https://copydesk.dev/problems/validation',
    errors: [{ field, messages: [message] }],
  });
}
