import { HttpException } from '@nestjs/common';
import { problem, type ProblemDetails } from './problem-details';

/** An HttpException whose response is already a problem document. */
export class ProblemException extends HttpException {
  constructor(
    readonly problemDetails: ProblemDetails,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(problemDetails, problemDetails.status);
  }

  static of(
    status: number,
    detail: string,
    extras: Partial<ProblemDetails> = {},
    headers: Record<string, string> = {},
  ): ProblemException {
    return new ProblemException(problem(status, detail, extras), headers);
  }
}
