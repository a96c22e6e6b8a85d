import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasRole, type Role } from '../common/domain/actor';
import { ProblemException } from '../common/problem.exception';
import { PUBLIC_ROUTE, REQUIRED_ROLES, type AuthenticatedRequest } from './auth.decorators';
import { InvalidToken, UnstorableClaim, verifyToken } from './tokens';
import { VerifiedTokens } from './verified-tokens';

export const JWT_SECRET = Symbol('JWT_SECRET');

/** Every route needs a valid bearer token unless marked @Public(); @RequireRole narrows who. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verified = new VerifiedTokens();

  constructor(
    private readonly reflector: Reflector,
    @Inject(JWT_SECRET) private readonly secret: Uint8Array,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // One scheme, one space, one token (RFC 6750's b64token); anything after it is not ignored but refused.
    const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw unauthorized('this route needs a bearer token (Authorization: Bearer <JWT>)');
    try {
      const token = match[1];
      const known = this.verified.get(token);
      if (known !== undefined) request.actor = known;
      else {
        const { actor, expiresAt } = await verifyToken(token, this.secret);
        request.actor = actor;
        this.verified.remember(token, actor, expiresAt);
      }
    } catch (error) {
      if (error instanceof InvalidToken) throw unauthorized(error.message);
      if (error instanceof UnstorableClaim) {
        throw ProblemException.of(400, error.message, {
          type: 'https://copydesk.dev/problems/validation',
          errors: [
            { field: 'Authorization', messages: [error.message] },
            { field: `token.${error.claim}`, messages: [error.message] },
          ],
        });
      }
      throw error;
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.some((role) => hasRole(request.actor, role))) {
      throw ProblemException.of(
        403,
        `this takes the ${roles.join(' or ')} role; you have ${request.actor.roles.join(', ') || 'none'}`,
      );
    }
    return true;
  }
}

const unauthorized = (detail: string): ProblemException =>
  ProblemException.of(
    401,
    detail,
    { errors: [{ field: 'Authorization', messages: [detail] }] },
    { 'www-authenticate': 'Bearer realm="copydesk"' },
  );
