/**
 * Rendered formats by their strong ETag, as the bytes sent (so a hit is not encoded again). A tag names exactly one rendering (it derives from the
 * stored representations' tags, the format and the publication's identity), so an entry is never
 * stale: a change makes a new tag and the old entry ages out. Least recently used goes first once
 * the entries pass `maxBytes`.
 */
export class RenderCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(etag: string): Buffer | undefined {
    const body = this.entries.get(etag);
    if (body !== undefined) {
      // Re-inserting moves the entry to the end of the Map's order: the most recently used.
      this.entries.delete(etag);
      this.entries.set(etag, body);
    }
    return body;
  }

  set(etag: string, body: Buffer): void {
    if (body.length > this.maxBytes || this.entries.has(etag)) return;
    this.entries.set(etag, body);
    this.bytes += body.length;
    for (const [oldest, evicted] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= evicted.length;
    }
  }
}
