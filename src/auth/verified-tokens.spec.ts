import { VerifiedTokens } from './verified-tokens';

const actor = { id: 'eddie', name: 'Eddie', roles: ['editor'] as const };

describe('verified tokens', () => {
  it('answers for a token until its expiry, and not after', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('t', actor, 1_000);
    expect(tokens.get('t', 999_999)).toBe(actor);
    expect(tokens.get('t', 1_000_000)).toBeUndefined();
    expect(tokens.get('t', 999_999)).toBeUndefined();
  });

  it('forgets the oldest token when full', () => {
    const tokens = new VerifiedTokens(2);
    tokens.remember('a', actor, 10);
    tokens.remember('b', actor, 10);
    tokens.remember('c', actor, 10);
    expect([tokens.get('a', 0), tokens.get('b', 0), tokens.get('c', 0)]).toEqual([undefined, actor, actor]);
  });
});
