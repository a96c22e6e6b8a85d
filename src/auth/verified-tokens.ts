import type { Actor } from '../common/domain/actor';

/**
 * Tokens already verified, with the actor they name, until they expire: a client sends the same
 * token with every request, and checking its signature again each time is work with one answer.
 * Only valid tokens are kept; the oldest leave first when the cache is full.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { actor: Actor; expiresAtMs: number }>();

  constructor(private readonly capacity = 10_000) {}

  get(token: string, nowMs = Date.now()): Actor | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.actor;
  }

  remember(token: string, actor: Actor, untilSeconds: number): void {
    this.entries.set(token, { actor, expiresAtMs: untilSeconds * 1000 });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
