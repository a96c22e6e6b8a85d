import { randomUUID } from 'node:crypto';
import type { AuthenticatedRequest } from '../../auth/auth.decorators';
import type { Actor } from '../../common/domain/actor';
import { idempotencyKeyFrom, type KeyedRequest } from '../../common/idempotency-key';
import { requestFingerprint } from '../../common/request-fingerprint';
import type { CommandMetadata } from '../../event-store/decider';

/** Who sends a command, and which request it came in: everything a write takes from the exchange besides its body. */
export interface CommandRequest {
  readonly actor: Actor;
  readonly metadata: CommandMetadata;
  /** The Idempotency-Key and this request's fingerprint; null without the header. An invalid key is refused (400) here. */
  readonly idempotency: KeyedRequest | null;
}

export function commandRequestOf(request: AuthenticatedRequest): CommandRequest {
  return {
    actor: request.actor,
    metadata: { requestId: request.id, commandId: randomUUID() },
    idempotency: keyedRequest(request),
  };
}

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
