import type { Role } from '../common/domain/actor';

/** Everyone who works on the copy or checks it may read the desk's views. */
export const NEWSROOM_ROLES: Role[] = ['editor', 'reviewer', 'publisher', 'auditor'];
