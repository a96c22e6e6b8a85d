import { SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor, Role } from '../common/domain/actor';

export const PUBLIC_ROUTE = 'copydesk:public';
export const REQUIRED_ROLES = 'copydesk:roles';

/** Readable without a token (the published site, health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Any one of these roles (or admin) may call the route. */
export const RequireRole = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export type AuthenticatedRequest = FastifyRequest & { actor: Actor };
