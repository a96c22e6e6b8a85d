import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import type { Observable } from 'rxjs';
import { ProblemException } from './problem.exception';

const PRODUCES = 'copydesk:produces';
export const JSON_MEDIA_TYPE = 'application/json';

/**
 * The media types a route's answer can be sent as, most preferred first: its own, and the more
 * general types it is also an instance of (an Atom feed is XML), so that a reader asking for those
 * is served too. A route without it answers JSON.
 */
export const Produces = (...mediaTypes: string[]) => SetMetadata(PRODUCES, mediaTypes);

/**
 * The acceptable one of `mediaTypes` the client prefers (RFC 9110 §12.5.1), or null when none is.
 * Every answer is UTF-8, so a range naming another charset does not fit. A missing or blank Accept
 * accepts anything.
 */
export function preferredMediaType(accept: string | undefined, mediaTypes: readonly string[]): string | null {
  if (accept === undefined || accept.trim() === '') return mediaTypes[0];
  const offered = mediaTypes.map((type) => `${type};charset=utf-8`);
  const [best] = new Negotiator({ headers: { accept } }).mediaTypes(offered);
  return best === undefined ? null : mediaTypes[offered.indexOf(best)];
}

/**
 * 406 Not Acceptable, before the handler runs, when the route has no representation the client's
 * Accept takes. The refusal itself is problem+json whatever Accept said (RFC 9110 lets an error be
 * sent in a type the client did not ask for, and a client that cannot read it still gets the status).
 */
@Injectable()
export class NotAcceptableInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const mediaTypes = this.reflector.getAllAndOverride<string[] | undefined>(PRODUCES, [
      context.getHandler(),
      context.getClass(),
    ]) ?? [JSON_MEDIA_TYPE];
    const { accept } = context.switchToHttp().getRequest<FastifyRequest>().headers;
    if (preferredMediaType(accept, mediaTypes) === null) {
      const detail = `this route answers ${mediaTypes.join(' or ')}, which Accept (${accept}) does not take`;
      throw ProblemException.of(406, detail, {
        errors: [{ field: 'Accept', messages: [`must accept ${mediaTypes.join(' or ')}`] }],
      });
    }
    return next.handle();
  }
}
