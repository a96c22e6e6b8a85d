import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';
import { GENESIS_HASH, canonicalEvent, canonicalEventAround, chainHash } from './event-hash';

const event = {
  streamId: 'article-1',
  version: 1,
  eventId: '00000000-0000-4000-8000-000000000001',
  type: 'ArticleDrafted',
  schemaVersion: 2,
  data: { headline: 'Belarus' },
  metadata: { occurredAt: '2026-11-28T12:00:00.000Z', actor: { name: 'Eddie', id: 'eddie' } },
  recordedAt: '2026-11-28T12:00:00.123456Z',
};

describe('the event hash chain', () => {
  it('covers the event in one canonical form, whatever the order its members came in', () => {
    expect(canonicalEvent(event)).toBe(
      '{"data":{"headline":"Belarus"},"eventId":"00000000-0000-4000-8000-000000000001",' +
        '"metadata":{"actor":{"id":"eddie","name":"Eddie"},"occurredAt":"2026-11-28T12:00:00.000Z"},' +
        '"recordedAt":"2026-11-28T12:00:00.123456Z","schemaVersion":2,"streamId":"article-1","type":"ArticleDrafted","version":1}',
    );
    expect(canonicalEvent(event)).toBe(canonicalJson(event));
    const reordered = { ...event, metadata: { actor: { id: 'eddie', name: 'Eddie' }, occurredAt: event.metadata.occurredAt } };
    expect(canonicalEvent(reordered)).toBe(canonicalEvent(event));
  });

  it('splits around recordedAt so that the database can put its own time in, giving the same form', () => {
    const { before, after } = canonicalEventAround(event);
    expect(`${before}"2026-11-28T12:00:00.123456Z"${after}`).toBe(canonicalEvent(event));
  });

  it('hashes the previous hash followed by the canonical event, starting from 32 zero bytes', () => {
    const canonical = canonicalEvent(event);
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.alloc(32), Buffer.from(canonical, 'utf8')]))
      .digest();
    expect(GENESIS_HASH.toString('hex')).toBe('0'.repeat(64));
    expect(chainHash(GENESIS_HASH, canonical).equals(expected)).toBe(true);
  });

  it('changes when anything covered changes, including the place in the stream', () => {
    const first = chainHash(GENESIS_HASH, canonicalEvent(event));
    expect(chainHash(GENESIS_HASH, canonicalEvent({ ...event, data: { headline: 'Belarus!' } }))).not.toEqual(first);
    expect(chainHash(GENESIS_HASH, canonicalEvent({ ...event, version: 2 }))).not.toEqual(first);
    expect(chainHash(GENESIS_HASH, canonicalEvent({ ...event, recordedAt: '2026-11-28T12:00:00.123457Z' }))).not.toEqual(first);
    expect(chainHash(first, canonicalEvent(event))).not.toEqual(first);
  });
});
