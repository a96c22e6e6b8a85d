import type {} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HttpConfig } from '../config/app-config';
import { ProblemException } from '../common/problem.exception';

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
type LimiterState = Awaited<ReturnType<Limiter>>;

/**
 * Per client address, through @fastify/rate-limit's counters (which forget the least recently seen
 * addresses first, so that many addresses cannot fill the memory):
 * - public reads, counted as they come;
 * - failed authentications: only 401s are counted, and an address past the limit is refused before
 *   its tokens are checked at all (a made-up key id would otherwise make the service fetch the
 *   identity provider's keys). A token already verified still gets through, so one broken client
 *   behind a newsroom's shared address does not lock its colleagues out.
 * A limit of 0 is no limit.
 */
export class RequestLimits {
  private readonly publicReads: Limiter | null;
  private readonly authFailures: Limiter | null;

  constructor(fastify: FastifyInstance, limits: HttpConfig['rateLimits']) {
    const limiter = (max: number): Limiter | null =>
      max === 0 ? null : fastify.createRateLimit({ max, timeWindow: limits.windowMs });
    this.publicReads = limiter(limits.publicReads);
    this.authFailures = limiter(limits.authFailures);
  }

  async admitPublicRead(request: FastifyRequest): Promise<void> {
    if (this.publicReads === null) return;
    const state = await this.publicReads(request);
    if (!state.isAllowed && state.isExceeded) throw tooMany(state, 'this address has read more than the public routes allow');
  }

  /** Refuses an address whose failed authentications used up the limit; counts nothing itself. */
  async admitAuthentication(request: FastifyRequest): Promise<void> {
    if (this.authFailures === null) return;
    const state = await this.authFailures(request, { increment: false });
    if (!state.isAllowed && state.remaining === 0) {
      throw tooMany(state, 'too many requests from this address failed to authenticate');
    }
  }

  async countFailedAuthentication(request: FastifyRequest): Promise<void> {
    await this.authFailures?.(request);
  }
}

function tooMany(state: Extract<LimiterState, { isAllowed: false }>, reason: string): ProblemException {
  // At least a second: a Retry-After of 0 would invite an immediate retry, which would be refused too.
  const seconds = Math.max(1, state.ttlInSeconds);
  return ProblemException.of(
    429,
    `${reason}; try again in ${seconds} s`,
    { type: 'https://copydesk.dev/problems/rate-limited' },
    { 'retry-after': String(seconds) },
  );
}
