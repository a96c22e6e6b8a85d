import fc from 'fast-check';

/**
 * Hostile values for one field, by what the field holds. Each value is wrong for its field whatever
 * the rest of the request says, so a test can expect a refusal without knowing the field's rules.
 */

/** Names that exist on every object through Object.prototype: code that reads fields with `obj[name]` trips on them. */
export const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'isPrototypeOf',
];

/** A name no DTO declares: a prototype member's, or a plain made-up one. */
export const unknownFieldName = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...PROTOTYPE_NAMES),
    fc.stringMatching(/^[a-z][a-zA-Z]{2,12}$/).map((name) => `x${name}`),
  );

/** Short text around a fault, so the fault is neither always first nor always alone. */
const around = (fault: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(fc.stringMatching(/^[A-Za-z ]{0,8}$/), fault, fc.stringMatching(/^[A-Za-z ]{0,8}$/)).map((parts) => parts.join(''));

/** U+0000: PostgreSQL cannot store it in text or jsonb. */
export const withNul = (): fc.Arbitrary<string> => around(fc.constantFrom('\u0000', '\u0000\u0000'));

/** A UTF-16 surrogate without its pair: not a Unicode character, and not encodable as UTF-8. */
export const withLoneSurrogate = (): fc.Arbitrary<string> =>
  around(
    fc
      .oneof(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff }))
      .map((unit) => String.fromCharCode(unit)),
  );

/** Longer than any text field of the API allows (the longest is a paragraph, 20,000 characters). */
export const overLongText = (): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: 20_001, max: 40_000 }), fc.constantFrom('a', 'é', '語'))
    .map(([length, unit]) => unit.repeat(length));

/** Times a strict ISO 8601 check or PostgreSQL's timestamptz does not take, or that name no zone. */
export const badTime = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      '0000-01-01T00:00:00Z',
      '-000001-01-01T00:00:00Z',
      '+010000-01-01T00:00:00Z',
      '10000-01-01T00:00:00Z',
      '2099-01-01T00:00:00+16:00',
      '2099-01-01T00:00:00-16:00',
      '2099-01-01T00:00:00+99:99',
      '2099-01-01T00:00:00',
      '2099-01-01',
      '2099-02-30T00:00:00Z',
      '2099-01-01T24:00:01Z',
      '2099-01-01T00:00:00.1234567Z',
      'yesterday',
      '1764331200',
    ),
    fc.integer({ min: 16, max: 99 }).map((hours) => `2099-06-01T12:00:00${hours % 2 ? '+' : '-'}${hours}:00`),
    fc.integer({ min: 10_000, max: 275_760 }).map((year) => `+${String(year).padStart(6, '0')}-01-01T00:00:00Z`),
  );

/** Nesting far deeper than any document of the API: 10,000 levels of arrays or objects, as JSON text. */
export const deepJson = (): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: 5_000, max: 10_000 }), fc.boolean())
    .map(([depth, arrays]) =>
      arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
    );
