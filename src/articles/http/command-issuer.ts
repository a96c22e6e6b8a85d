import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../../auth/auth.decorators';
import { formatEtag, versionFromIfMatch } from '../../common/etag';
import type { Actor } from '../domain/actor';

/** Everything a write route needs from its HTTP exchange besides the body: who, which request, which version. */
export interface CommandIssuer {
  readonly actor: Actor;
  readonly requestId: string;
  /** The version the write is based on; throws 428/400 when If-Match is missing or malformed. */
  basedOnVersion(): number;
  answerWith(version: number, status?: number, location?: string): void;
}

export const Issuer = createParamDecorator((_: unknown, context: ExecutionContext): CommandIssuer => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const reply = context.switchToHttp().getResponse<FastifyReply>();
  return {
    actor: request.actor,
    requestId: request.id,
    basedOnVersion: () => versionFromIfMatch(request.headers['if-match']),
    answerWith: (version, status, location) => {
      void reply.header('etag', formatEtag(version));
      if (status !== undefined) void reply.status(status);
      if (location !== undefined) void reply.header('location', location);
    },
  };
});
