import type { PublishedVersion } from './published-articles.reader';

/**
 * Which version each recently read slug leads to, kept for a short while, so that a burst of reads of
 * one article asks the database once. An entry is at most `freshForMs` old: this instance forgets
 * them all as soon as it commits a publication or an unpublish, and another instance's change is
 * served within `freshForMs` — well inside the `max-age` every public answer already allows a CDN.
 * Only live versions are kept (a slug that is not live is read in full anyway), so a new publication
 * shows everywhere at once.
 */
export class RecentVersions {
  private readonly entries = new Map<string, { readonly version: PublishedVersion; readonly until: number }>();
  /** Counts forgetAll() calls, so that a read which straddles one is not kept. */
  private generation = 0;

  constructor(
    private readonly freshForMs: number,
    private readonly capacity = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async of(slug: string, read: (slug: string) => Promise<PublishedVersion>): Promise<PublishedVersion> {
    if (this.freshForMs === 0) return read(slug);
    const kept = this.entries.get(slug);
    if (kept !== undefined && kept.until > this.now()) return kept.version;
    const generation = this.generation;
    const version = await read(slug);
    // A read that began before a forgetAll() may have seen the old version: it is answered, not kept.
    // Only live versions are kept: a slug that is not live is read in full whatever this says.
    if (version.state === 'live' && generation === this.generation) {
      this.entries.delete(slug);
      this.entries.set(slug, { version, until: this.now() + this.freshForMs });
      if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    return version;
  }

  forgetAll(): void {
    this.entries.clear();
    this.generation += 1;
  }
}
