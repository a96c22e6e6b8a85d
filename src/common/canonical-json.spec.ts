import { canonicalJson } from './canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts members by UTF-16 code units, recursively, with no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
    // The example of RFC 8785 §3.2.3: a surrogate pair (U+1F600) sorts by its code units, before U+FB33.
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '\ufb33': 3, '1': 4, '\ud83d\ude00': 5, '\u0080': 6, '\u00f6': 7 })).toBe(
      '{"\\r":2,"1":4,"\u0080":6,"\u00f6":7,"\u20ac":1,"\ud83d\ude00":5,"\ufb33":3}',
    );
  });

  it('writes numbers and strings as ECMAScript does (RFC 8785 §3.2.2)', () => {
    expect(canonicalJson([1e21, 1e-7, 0.000001, -0, 1 / 3, 4.5, 2 ** 53])).toBe(
      '[1e+21,1e-7,0.000001,0,0.3333333333333333,4.5,9007199254740992]',
    );
    expect(canonicalJson('tab\there "quoted" \u2028 é \u0001')).toBe('"tab\\there \\"quoted\\" \u2028 é \\u0001"');
  });

  it('leaves out undefined members as JSON does, so a value canonicalises alike before and after storage', () => {
    const written = { headline: 'Belarus', standfirst: undefined, at: new Date('2026-11-28T12:00:00Z'), tags: ['a'] };
    const readBack: unknown = JSON.parse(JSON.stringify(written));
    expect(canonicalJson(written)).toBe(canonicalJson(readBack));
    expect(canonicalJson(written)).toBe('{"at":"2026-11-28T12:00:00.000Z","headline":"Belarus","tags":["a"]}');
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ big: 1n })).toThrow(TypeError);
  });
});

describe('canonicalJson, as request fingerprints use it', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ z: true, y: null }, 'x'] })).toBe('{"a":[{"y":null,"z":true},"x"],"b":1}');
  });

  it('leaves out undefined fields, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it('escapes strings as JSON, so a key cannot forge structure', () => {
    expect(canonicalJson({ 'a":1,"b': 'c' })).toBe('{"a\\":1,\\"b":"c"}');
  });
});
