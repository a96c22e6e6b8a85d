import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { hasRole, type Role } from '../common/domain/actor';
import { ProblemException } from '../common/problem.exception';
import { PUBLIC_ROUTE, REQUIRED_ROLES, type AuthenticatedRequest } from './auth.decorators';
import { RequestLimits } from './request-limits';
import { KeysUnavailable, type TokenKeys } from './token-keys';
import { InvalidToken, UnstorableClaim, verifyToken } from './tokens';
import { VerifiedTokens } from './verified-tokens';

export const TOKEN_KEYS = Symbol('TOKEN_KEYS');

/** What one person's token lets them read is for them alone: no shared cache may keep it. */
const PRIVATE_ANSWER = 'private, no-store';
/** Long enough for a provider to come back from a restart; a client retries sooner than a person would. */
const KEYS_RETRY_AFTER_SECONDS = '5';

/** Every route needs a valid bearer token unless marked @Public(); @RequireRole narrows who. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verified = new VerifiedTokens();
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_KEYS) private readonly keys: TokenKeys,
    private readonly limits: RequestLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      await this.limits.admitPublicRead(request);
      return true;
    }
    void context.switchToHttp().getResponse<FastifyReply>().header('cache-control', PRIVATE_ANSWER);
    request.actor = await this.authenticate(request);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.some((role) => hasRole(request.actor, role))) {
      throw ProblemException.of(
        403,
        `this takes the ${roles.join(' or ')} role; you have ${request.actor.roles.join(', ') || 'none'}`,
      );
    }
    return true;
  }

  private async authenticate(request: AuthenticatedRequest) {
    // One scheme, one space, one token (RFC 6750's b64token); anything after it is not ignored but refused.
    const token = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(request.headers.authorization ?? '')?.[1];
    const known = token === undefined ? undefined : this.verified.get(token);
    if (known !== undefined) return known;
    await this.limits.admitAuthentication(request);
    try {
      if (token === undefined) throw new InvalidToken('this route needs a bearer token (Authorization: Bearer <JWT>)');
      const { actor, reusableUntil } = await verifyToken(token, this.keys);
      this.verified.remember(token, actor, reusableUntil);
      return actor;
    } catch (error) {
      if (error instanceof InvalidToken) {
        await this.limits.countFailedAuthentication(request);
        throw unauthorized(error.message);
      }
      if (error instanceof UnstorableClaim) {
        throw ProblemException.of(400, error.message, {
          type: 'https://copydesk.dev/problems/validation',
          errors: [
            { field: 'Authorization', messages: [error.message] },
            { field: `token.${error.claim}`, messages: [error.message] },
          ],
        });
      }
      if (error instanceof KeysUnavailable) {
        this.logger.warn(error.message);
        throw ProblemException.of(
          503,
          'the identity provider that signs tokens cannot be reached to check this one; nothing was done',
          { type: 'https://copydesk.dev/problems/identity-provider-unavailable' },
          { 'retry-after': KEYS_RETRY_AFTER_SECONDS },
        );
      }
      throw error;
    }
  }
}

const unauthorized = (detail: string): ProblemException =>
  ProblemException.of(
    401,
    detail,
    { errors: [{ field: 'Authorization', messages: [detail] }] },
    { 'www-authenticate': 'Bearer realm="copydesk"' },
  );
