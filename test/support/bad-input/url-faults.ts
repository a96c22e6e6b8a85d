import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { badTime, unknownFieldName } from './hostile-values';

/** What a query parameter holds; each kind has its own wrong values besides the ones every parameter gets. */
export type QueryKind = 'text' | 'int' | 'time' | 'desk-cursor' | 'audit-cursor' | 'status-list' | 'type-list' | 'uuid';
/** What a path parameter holds. */
/** `uuid-v4`: article ids (ParseUUIDPipe v4); `uuid`: any UUID version (source ids); `asset`: a file of the API reference. */
export type PathKind = 'uuid-v4' | 'uuid' | 'version' | 'slug' | 'asset' | 'delivery-id';

export interface QueryShape {
  /** Parameters a valid request sends (unencoded); may be empty. */
  readonly valid: Readonly<Record<string, string>>;
  /** Every parameter the route's query DTO declares. */
  readonly params: Readonly<Record<string, QueryKind>>;
}

/** A query string (encoded, without `?`) with one thing wrong with it. */
export interface QueryFault {
  readonly fault: string;
  readonly query: string;
  readonly field: string;
}

/** A path segment (encoded) with one thing wrong with it. */
export interface SegmentFault {
  readonly fault: string;
  readonly segment: string;
  /**
   * Whether the router can still decode the URL and so know which parameter is wrong. A segment
   * that is not valid percent-encoded UTF-8 is refused before any route is chosen.
   */
  readonly decodable: boolean;
}

/** A value as it goes into the URL: already percent-encoded. */
interface Encoded {
  readonly what: string;
  readonly encoded: string;
}

const plain = (what: string, value: string): Encoded => ({ what, encoded: encodeURIComponent(value) });
const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** A lone surrogate as a sloppy encoder writes it (WTF-8: its three bytes, percent-encoded): not valid UTF-8. */
const loneSurrogateBytes = (): fc.Arbitrary<string> =>
  fc
    .integer({ min: 0xd800, max: 0xdfff })
    .map((unit) =>
      [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join(''),
    );

/** Percent-encoding that does not decode: a lone %, non-hex digits, truncated or overlong UTF-8 sequences. */
const badPercent = (): fc.Arbitrary<string> => fc.constantFrom('%', '%zz', 'a%2', '%E0%A4', '%C0%AF', '%FF', '%%');

/** Wrong values any text in a URL can carry. */
const hostileUrlText = (): fc.Arbitrary<Encoded & { decodable: boolean }> =>
  fc.oneof(
    fc.constantFrom('%00', 'a%00', '%00a', 'a%00b').map((encoded) => ({ what: `NUL (${encoded})`, encoded, decodable: true })),
    loneSurrogateBytes().map((encoded) => ({ what: `a lone surrogate (${encoded})`, encoded, decodable: false })),
    badPercent().map((encoded) => ({ what: `bad percent-encoding (${encoded})`, encoded, decodable: false })),
    fc
      .integer({ min: 1_001, max: 8_000 })
      .map((length) => ({ what: `${length} characters`, encoded: 'a'.repeat(length), decodable: true })),
  );

/** Wrong values of each kind; free text has none beyond what every parameter gets. */
const wrongFor: Partial<Record<QueryKind, () => fc.Arbitrary<Encoded>>> = {
  int: () =>
    fc
      .constantFrom('abc', '1.5', '-1', '99999999999999999999', 'NaN', 'Infinity', '1,2', '[]')
      .map((value) => plain(JSON.stringify(value), value)),
  time: () => badTime().map((value) => plain(JSON.stringify(value), value)),
  'desk-cursor': () =>
    fc
      .oneof(
        fc.constantFrom('{', 'null', '[]', '"x"', '{}', '{"updatedAt":1,"id":2}'),
        // Times JavaScript writes back unchanged but PostgreSQL's timestamptz does not take.
        fc
          .constantFrom(
            '+010000-01-01T00:00:00.000Z',
            '0000-01-01T00:00:00.000Z',
            '-000001-01-01T00:00:00.000Z',
            '+275760-09-13T00:00:00.000Z',
          )
          .map((updatedAt) => JSON.stringify({ updatedAt, id: randomUUID() })),
        fc.constant(JSON.stringify({ updatedAt: '2026-01-01T00:00:00.000Z', id: 'not-a-uuid' })),
      )
      .map((json) => ({ what: `base64url of ${json}`, encoded: base64url(json) })),
  'audit-cursor': () =>
    fc
      .oneof(fc.constantFrom('x:y', '1:', ':1', '-1:5', '1:-5', '{"a":1}', '1:2:3', `${2n ** 64n}:1`, `1:${2n ** 63n}`, '1.5:2'))
      .map((text) => ({ what: `base64url of ${JSON.stringify(text)}`, encoded: base64url(text) })),
  'status-list': () =>
    fc
      .constantFrom('bogus', 'draft,bogus', ',', 'constructor', '__proto__', 'DRAFT')
      .map((value) => plain(JSON.stringify(value), value)),
  'type-list': () =>
    fc
      .constantFrom('bogus', 'ArticleDrafted,bogus', ',', 'constructor', '__proto__', 'toString')
      .map((value) => plain(JSON.stringify(value), value)),
  uuid: () =>
    fc
      .constantFrom('x', '00000000-0000-0000-0000-000000000000', 'a8098c1a-f86e-11da-bd1a-00112444be1e', '12345')
      .map((value) => plain(JSON.stringify(value), value)),
};

const LISTS: readonly QueryKind[] = ['status-list', 'type-list'];

/** Query strings with one fault: one parameter's value, a parameter sent twice, or a parameter no one declared. */
export function queryFaults(shape: QueryShape): fc.Arbitrary<QueryFault> {
  const names = Object.keys(shape.params);
  const encode = (params: Record<string, string>): string[] =>
    Object.entries(params).map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  const without = (name: string): string[] =>
    encode(Object.fromEntries(Object.entries(shape.valid).filter(([key]) => key !== name)));
  const faults: fc.Arbitrary<QueryFault>[] = [
    unknownFieldName().map((name) => ({
      fault: `unknown parameter ${name}`,
      query: [...encode(shape.valid), `${encodeURIComponent(name)}=x`].join('&'),
      field: name,
    })),
  ];
  if (names.length > 0) {
    faults.push(
      fc
        .constantFrom(...names)
        .chain((name) => {
          const ofKind = wrongFor[shape.params[name]];
          return fc.tuple(fc.constant(name), ofKind ? fc.oneof(hostileUrlText(), ofKind()) : hostileUrlText());
        })
        .map(([name, value]) => ({
          fault: `${name} is ${value.what}`,
          query: [...without(name), `${name}=${value.encoded}`].join('&'),
          field: name,
        })),
    );
    const single = names.filter((name) => !LISTS.includes(shape.params[name]));
    if (single.length > 0) {
      faults.push(
        fc.constantFrom(...single).map((name) => ({
          fault: `${name} sent twice`,
          query: [...without(name), `${name}=${encodeURIComponent(shape.valid[name] ?? '1')}`, `${name}=2`].join('&'),
          field: name,
        })),
      );
    }
  }
  return fc.oneof(...faults);
}

const wrongSegment: Record<PathKind, readonly string[]> = {
  // The nil UUID and a version-1 UUID are UUIDs, but not version 4 ones.
  'uuid-v4': ['not-a-uuid', '00000000-0000-0000-0000-000000000000', 'a8098c1a-f86e-11da-bd1a-00112444be1e', '12345', '%20'],
  // Any well-formed UUID names a source that may merely not exist (404): only malformed ones are wrong as such.
  uuid: ['not-a-uuid', '12345', '%20', 'a8098c1a-f86e-11da-bd1a-00112444be1'],
  version: ['0', '-1', '1.5', 'abc', '9999999999', '01', '1e3', '%20'],
  // Any slug that names nothing is merely not found; only the hostile text below is wrong as such.
  slug: [],
  // Likewise a file name the reference does not have.
  asset: [],
  'delivery-id': ['0', '-1', '1.5', 'abc', '01', '1e3', '99999999999999999999', '%20'],
};

/** A path segment with one fault, for a parameter of this kind. */
export function segmentFaults(kind: PathKind): fc.Arbitrary<SegmentFault> {
  const hostile = hostileUrlText().map(({ what, encoded, decodable }) => ({ fault: what, segment: encoded, decodable }));
  if (wrongSegment[kind].length === 0) return hostile;
  return fc.oneof(
    hostile,
    fc.constantFrom(...wrongSegment[kind]).map((segment) => ({ fault: JSON.stringify(segment), segment, decodable: true })),
  );
}
