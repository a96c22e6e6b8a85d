/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) for values that came out of JSON: object members
 * sorted by their names' UTF-16 code units, no whitespace, numbers and strings as ECMAScript's
 * JSON.stringify writes them (RFC 8785 defines its number and string forms as exactly that).
 * Members whose value is undefined are left out, as JSON.stringify leaves them out, so an object
 * canonicalises the same before it is stored as jsonb and after it is read back.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`JSON has no ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (typeof value === 'object') {
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      return canonicalJson((value as { toJSON: () => unknown }).toJSON());
    }
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      // < on strings compares UTF-16 code units, which is the order RFC 8785 prescribes.
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`JSON has no ${typeof value}`);
}
