import fc from 'fast-check';
import { badTime, deepJson, overLongText, unknownFieldName, withLoneSurrogate, withNul } from './hostile-values';

/** A JSON body with exactly one thing wrong with it, and the field a refusal should name (if any). */
export interface BodyFault {
  readonly fault: string;
  readonly json: string;
  /** The field path (`authors[0].name`) the problem's errors should name; undefined when the body as a whole is wrong. */
  readonly field?: string;
}

/** Formats a string field must have beyond being a string; a value of the wrong format is refused. */
export type FieldFormat = 'time' | 'enum' | 'url' | 'slug' | 'language' | 'block-id';

/**
 * What a route's body looks like, with paths written `authors[].name` (any index). The valid body
 * gives the fields; the rest says which faults are faults for which field.
 */
export interface BodyShape {
  readonly valid: Record<string, unknown>;
  /** Fields that may not be left out. */
  readonly required: readonly string[];
  /** Fields whose documented value includes null (standfirst, leadImage); null is a fault everywhere else. */
  readonly nullable?: readonly string[];
  readonly formats?: Readonly<Record<string, FieldFormat>>;
}

type Path = readonly (string | number)[];

const fieldName = (path: Path): string =>
  path.reduce<string>((name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
/** `body[3].text` → `body[].text`, the form shapes are written in. */
const pattern = (path: Path): string =>
  fieldName(path.map((part) => (typeof part === 'number' ? -1 : part))).replaceAll('[-1]', '[]');

/** Every field and list item of a value, depth first, with its path. */
function allPaths(value: unknown, path: Path = []): Path[] {
  const here = path.length ? [path] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, index) => allPaths(item, [...path, index]))];
  if (value !== null && typeof value === 'object') {
    return [...here, ...Object.entries(value).flatMap(([key, item]) => allPaths(item, [...path, key]))];
  }
  return here;
}

const get = (value: unknown, path: Path): unknown =>
  path.reduce<unknown>((at, part) => (at as Record<string | number, unknown>)[part], value);

/**
 * A copy of `value` with the thing at `path` replaced (or, for REMOVE, deleted). Keys are set with
 * defineProperty so a key named `__proto__` becomes a real member that JSON.stringify writes out.
 */
const REMOVE = Symbol('remove');
function replaced(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? replaced(item, rest, replacement) : item));
  const copy: Record<string, unknown> = {};
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [key, item] of entries) {
    if (key !== head) define(copy, key, item);
    else if (!(rest.length === 0 && replacement === REMOVE)) define(copy, key, replaced(item, rest, replacement));
  }
  // A field the object does not have yet (an unknown one) is added.
  if (!entries.some(([key]) => key === head) && replacement !== REMOVE)
    define(copy, String(head), replaced(undefined, rest, replacement));
  return copy;
}
const define = (target: Record<string, unknown>, key: string, item: unknown): void => {
  Object.defineProperty(target, key, { value: item, enumerable: true, writable: true, configurable: true });
};

/** Stands for JSON text spliced in verbatim after stringify (too deep for JSON.stringify to be a fair way to write it). */
class RawJson {
  constructor(readonly text: string) {}
}
function stringify(value: unknown): string {
  const raws: string[] = [];
  const json = JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof RawJson) return `\u0001raw${raws.push(item.text) - 1}\u0001`;
    return item;
  });
  // JSON.stringify escapes U+0001 as \u0001, so the marker cannot collide with the caller's text.
  return json.replace(/"\\u0001raw(\d+)\\u0001"/g, (_marker, index: string) => raws[Number(index)]);
}

/** Values of the wrong JSON type for a field holding `current` (lists and objects keep their item kind). */
function wrongTypes(current: unknown): fc.Arbitrary<{ what: string; value: unknown }> {
  const candidates: [string, unknown][] = Array.isArray(current)
    ? [
        ['a string', 'x'],
        ['a number', 1],
        ['a boolean', true],
        ['an object', {}],
        ['[null]', [null]],
        ['[[]]', [[]]],
        // A list of strings given an object, or a list of objects given a string.
        ...(typeof current[0] === 'string'
          ? [['[{}]', [{}]] as [string, unknown]]
          : [['[{}]', [{}]] as [string, unknown], ['["x"]', ['x']] as [string, unknown]]),
      ]
    : typeof current === 'object' && current !== null
      ? [
          ['a string', 'x'],
          ['a number', 1],
          ['a boolean', true],
          ['an empty list', []],
          ['[null]', [null]],
          ['[{}]', [{}]],
          // Every object of the API has a required field, so {} lacks something.
          ['an empty object', {}],
        ]
      : typeof current === 'number'
        ? [
            ['the string "1"', '1'],
            ['a boolean', true],
            ['an object', {}],
            ['an empty list', []],
            ['[null]', [null]],
          ]
        : [
            ['a number', 1],
            ['a boolean', true],
            ['an object', {}],
            ['an empty list', []],
            ['["x"]', ['x']],
            ['[null]', [null]],
          ];
  return fc.constantFrom(...candidates).map(([what, value]) => ({ what, value }));
}

/** Strings that are not of the field's format. */
const wrongFormat: Record<FieldFormat, () => fc.Arbitrary<string>> = {
  time: badTime,
  enum: () => fc.constantFrom('', 'x', 'PARAGRAPH', 'constructor', '__proto__', 'toString'),
  url: () =>
    fc.constantFrom(
      'not a url',
      'javascript:alert(1)',
      'ftp://example.org/a',
      'https://',
      '//example.org/a',
      'https://exa mple.org',
    ),
  slug: () => fc.constantFrom('Not A Slug', 'a--b', '-a', 'sl\u00fcg', 'a_b'),
  language: () => fc.constantFrom('english', 'EN', 'e', 'en_GB', 'en-', 'toString'),
  'block-id': () => fc.constantFrom('has space', 'a'.repeat(65), 'bl\u00f6ck', ''),
};

/** One replacement value for the field at `path`, and what it is. */
function hostileValue(shape: BodyShape, path: Path): fc.Arbitrary<{ what: string; value: unknown }> {
  const current = get(shape.valid, path);
  const name = pattern(path);
  const options: fc.Arbitrary<{ what: string; value: unknown }>[] = [
    wrongTypes(current),
    deepJson().map((text) => ({ what: `JSON nested ${depthOf(text)} levels deep`, value: new RawJson(text) })),
  ];
  if (!shape.nullable?.includes(name)) options.push(fc.constant({ what: 'null', value: null }));
  if (typeof current === 'string') {
    options.push(
      withNul().map((value) => ({ what: 'a string with NUL', value })),
      withLoneSurrogate().map((value) => ({ what: 'a string with a lone surrogate', value })),
      overLongText().map((value) => ({ what: `a string of ${value.length} characters`, value })),
    );
    const format = shape.formats?.[name];
    if (format) options.push(wrongFormat[format]().map((value) => ({ what: `not a ${format}`, value })));
  }
  if (typeof current === 'number') {
    options.push(fc.constantFrom(1.5, -1, 0, 2 ** 31, 1e308, -0.5).map((value) => ({ what: `the number ${value}`, value })));
  }
  if (Array.isArray(current) && current.length > 0) {
    // One more than any list of the API may hold (the longest is the body, 2,000 blocks).
    options.push(fc.constant({ what: '2,001 items', value: Array.from({ length: 2_001 }, () => current[0]) }));
  }
  return fc.oneof(...options);
}

/** Body faults for a route whose body has this shape: one thing wrong, the rest valid. */
export function bodyFaults(shape: BodyShape): fc.Arbitrary<BodyFault> {
  const paths = allPaths(shape.valid);
  const objects: Path[] = [[], ...paths.filter((path) => isObject(get(shape.valid, path)))];
  const required = paths.filter((path) => shape.required.includes(pattern(path)));

  const faults: fc.Arbitrary<BodyFault>[] = [
    fc
      .constantFrom(...objects)
      .chain((path) => fc.tuple(fc.constant(path), unknownFieldName()))
      .map(([path, key]) => ({
        fault: `unknown field ${JSON.stringify(key)} at ${fieldName(path) || 'the top'}`,
        json: stringify(replaced(shape.valid, [...path, key], 'x')),
        field: fieldName([...path, key]),
      })),
    wholeBodyFaults(),
  ];
  if (paths.length > 0) {
    faults.push(
      fc
        .constantFrom(...paths)
        .chain((path) => hostileValue(shape, path).map((hostile) => ({ path, hostile })))
        .map(({ path, hostile }) => ({
          fault: `${fieldName(path)} is ${hostile.what}`,
          json: stringify(replaced(shape.valid, path, hostile.value)),
          field: fieldName(path),
        })),
    );
  }
  if (required.length > 0) {
    faults.push(
      fc.constantFrom(...required).map((path) => ({
        fault: `required ${fieldName(path)} left out`,
        json: stringify(replaced(shape.valid, path, REMOVE)),
        field: fieldName(path),
      })),
    );
  }
  return fc.oneof(...faults);
}

/** Faults of the body as a whole: not JSON, not an object, too deep. No one field is to blame. */
function wholeBodyFaults(): fc.Arbitrary<BodyFault> {
  // null too: "absent" is the only way to send no fields, and null is a value, not an absence.
  const notAnObject = ['[]', '"x"', '1', 'true', 'null', '[null]', '[{}]'];
  return fc.oneof(
    fc.constantFrom('{', '{"a":}', '{"a":1}}', "{'a':1}", '{"a":1,}', '\u00ff{}', 'NaN').map((json) => ({
      fault: `malformed JSON ${JSON.stringify(json)}`,
      json,
    })),
    fc.constantFrom(...notAnObject).map((json) => ({ fault: `a body that is ${json}, not an object`, json })),
    deepJson().map((json) => ({ fault: `a body nested ${depthOf(json)} levels deep`, json })),
  );
}

const isObject = (value: unknown): boolean => value !== null && typeof value === 'object' && !Array.isArray(value);

const depthOf = (json: string): number => json.length - json.replace(/[[{]/g, '').length;
