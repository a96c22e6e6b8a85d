import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../../auth/auth.decorators';
import { formatEtag, versionFromIfMatch } from '../../common/etag';
import { idempotencyKeyFrom, type KeyedRequest } from '../../common/idempotency-key';
import { requestFingerprint } from '../../common/request-fingerprint';
import type { Actor } from '../../common/domain/actor';

/** Everything a write route needs from its HTTP exchange besides the body: who, which request, which version. */
export interface CommandIssuer {
  readonly actor: Actor;
  readonly requestId: string;
  /** The Idempotency-Key and this request's fingerprint; null without the header. An invalid key is refused (400) here. */
  readonly idempotency: KeyedRequest | null;
  /** The version the write is based on; throws 428/400 when If-Match is missing or malformed. */
  basedOnVersion(): number;
  /** The status comes from the route's decorator (Nest sets it after the handler returns). */
  answerWith(version: number, location?: string): void;
}

export const Issuer = createParamDecorator((_: unknown, context: ExecutionContext): CommandIssuer => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const reply = context.switchToHttp().getResponse<FastifyReply>();
  return {
    actor: request.actor,
    requestId: request.id,
    idempotency: keyedRequest(request),
    basedOnVersion: () => versionFromIfMatch(request.headers['if-match']),
    answerWith: (version, location) => {
      void reply.header('etag', formatEtag(version));
      if (location !== undefined) void reply.header('location', location);
    },
  };
});

function keyedRequest(request: AuthenticatedRequest): KeyedRequest | null {
  const key = idempotencyKeyFrom(request.headers['idempotency-key']);
  if (key === null) return null;
  const fingerprint = requestFingerprint({
    method: request.method,
    path: request.url.split('?')[0],
    ifMatch: request.headers['if-match'],
    body: request.body,
  });
  return { key, fingerprint };
}
