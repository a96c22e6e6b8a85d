import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problem, type ProblemDetails } from './problem-details';
import { ProblemException } from './problem.exception';
import { addVary } from './vary';
import { recordFailure } from './request-failure';

export type ProblemTranslator = (error: unknown) => { problem: ProblemDetails; headers?: Record<string, string> } | null;

/**
 * Every error leaves as application/problem+json. Modules add translators for their own errors
 * (domain refusals, concurrency) so this filter needs to know none of them.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly translators: readonly ProblemTranslator[] = []) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { problem: translated, headers } = this.translate(error);
    const details = withNamedHeader(translated);
    // The access log line of this request reports it, at error level with the stack.
    if (details.status >= 500) recordFailure(request, error);
    const { vary, ...others } = headers ?? {};
    if (vary !== undefined) void addVary(reply, vary);
    void reply
      .status(details.status)
      .headers({ ...others, 'content-type': PROBLEM_CONTENT_TYPE })
      .send({ ...details, instance: request.url, requestId: request.id });
  }

  private translate(error: unknown): { problem: ProblemDetails; headers?: Record<string, string> } {
    if (error instanceof ProblemException) return { problem: error.problemDetails, headers: { ...error.headers } };
    for (const translator of this.translators) {
      const translated = translator(error);
      if (translated) return translated;
    }
    if (error instanceof HttpException) {
      const response = error.getResponse();
      const detail =
        typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? error.message);
      return { problem: problem(error.getStatus(), detail) };
    }
    // Fastify's own refusals (body too large, malformed JSON, wrong content type) carry a statusCode.
    const fastifyError = error as { statusCode?: number; message?: string; code?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      const detail = fastifyError.message ?? 'the request was refused';
      // A 413 is always about the body: name it as validation problems name fields.
      const field = fastifyError.statusCode === 413 ? '(body)' : null;
      return {
        problem: problem(fastifyError.statusCode, detail, {
          code: fastifyError.code,
          ...(field ? { errors: [{ field, messages: [detail] }] } : {}),
        }),
      };
    }
    return { problem: problem(500, 'something went wrong on our side; the request id helps us find out what') };
  }
}

/** A 415 is always about the Content-Type: name it as validation problems name their fields. */
function withNamedHeader(details: ProblemDetails): ProblemDetails {
  if (details.status !== 415 || details.errors !== undefined) return details;
  return { ...details, errors: [{ field: 'Content-Type', messages: [details.detail] }] };
}
