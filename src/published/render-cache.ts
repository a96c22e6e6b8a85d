/**
 * Rendered formats by their strong ETag. A tag names exactly one rendering (it derives from the
 * stored representations' tags, the format and the publication's identity), so an entry is never
 * stale: a change makes a new tag and the old entry ages out. Least recently used goes first once
 * the entries pass `maxBytes` (UTF-16 string size, near enough to what they hold in memory).
 */
export class RenderCache {
  private readonly entries = new Map<string, string>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(etag: string): string | undefined {
    const body = this.entries.get(etag);
    if (body !== undefined) {
      // Re-inserting moves the entry to the end of the Map's order: the most recently used.
      this.entries.delete(etag);
      this.entries.set(etag, body);
    }
    return body;
  }

  set(etag: string, body: string): void {
    if (body.length * 2 > this.maxBytes || this.entries.has(etag)) return;
    this.entries.set(etag, body);
    this.bytes += body.length * 2;
    for (const [oldest, evicted] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= evicted.length * 2;
    }
  }
}
