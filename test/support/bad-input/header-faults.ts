import fc from 'fast-check';
import { SignJWT } from 'jose';
import type { Actor } from '../../../src/common/domain/actor';

/** One header sent wrong: with these values (none = left out, two = sent twice), naming `field` if the header can be blamed. */
export interface HeaderFault {
  readonly fault: string;
  readonly header: string;
  readonly values: readonly string[];
  readonly field?: string;
}

/** Stands for the target's current version in If-Match faults; filled in when the request is sent. */
export const VERSION = '{version}';

/** If-Match values that are not one version's strong ETag (nor *), around the version the target really has. */
export function ifMatchFaults(): fc.Arbitrary<HeaderFault> {
  const v = VERSION;
  return fc
    .constantFrom(
      // A leading zero must not read as the same version: "05" is not "5".
      [`"0${v}"`],
      [`W/"${v}"`],
      ['"0"'],
      [`"${v}", "${v}"`],
      [`"${v}"`, `"${v}"`],
      ['"abc"'],
      [v],
      [`"${v}`],
      ['"-1"'],
      ['"99999999999"'],
      [`"${v}.0"`],
      [`" ${v}"`],
      [`"${v}" x`],
      [`"${v}\u00e9"`],
    )
    .map((values) => ({
      fault: `If-Match ${values.map((value) => JSON.stringify(value)).join(' and ')}`,
      header: 'if-match',
      values,
      field: 'If-Match',
    }));
}

/** Idempotency-Keys that are empty, padded, too long, not printable ASCII, or two keys in one. */
export function idempotencyKeyFaults(): fc.Arbitrary<HeaderFault> {
  return fc
    .oneof(
      // Not ' key' or 'key ': HTTP drops whitespace around a field value, so those arrive as 'key'.
      fc.constantFrom([''], [' '], ['a,b'], ['a\tb'], ['caf\u00e9'], ['key-1', 'key-2'], ['k\u00ff']),
      fc.integer({ min: 256, max: 4_000 }).map((length) => ['k'.repeat(length)]),
    )
    .map((values) => ({
      fault: `Idempotency-Key ${values.map((value) => JSON.stringify(value.length > 40 ? `${value.slice(0, 8)}…(${value.length})` : value)).join(' and ')}`,
      header: 'idempotency-key',
      values,
      field: 'Idempotency-Key',
    }));
}

/** Media types other than JSON, or JSON in a charset the service does not read (the body itself stays UTF-8 JSON). */
export function contentTypeFaults(): fc.Arbitrary<HeaderFault> {
  return fc
    .constantFrom(
      ['text/plain'],
      ['application/xml'],
      ['application/x-www-form-urlencoded'],
      ['multipart/form-data; boundary=x'],
      ['application/json; charset=utf-16'],
      ['application/json; charset=utf-16le'],
      ['application/json; charset=latin1'],
      ['application/jsonx'],
      ['application/json-patch+json'],
      [''],
      [],
      ['application/json', 'text/plain'],
    )
    .map((values) => ({
      fault: values.length
        ? `Content-Type ${values.map((value) => JSON.stringify(value)).join(' and ')}`
        : 'a body without Content-Type',
      header: 'content-type',
      values,
      field: 'Content-Type',
    }));
}

/** Tokens Copydesk must not accept, signed (where signed at all) in every other way correctly. */
export interface HostileTokens {
  readonly all: readonly { readonly what: string; readonly token: string }[];
}

const SECONDS = () => Math.floor(Date.now() / 1000);

/**
 * Minted once per run: signing is async, and arbitraries are not. `actor` is someone with the
 * route's role, so each token is wrong for one reason only.
 */
export async function hostileTokens(secret: Uint8Array, actor: Actor): Promise<HostileTokens> {
  const sign = async (
    claims: Record<string, unknown>,
    {
      sub = actor.id,
      iat = SECONDS(),
      exp = SECONDS() + 3_600,
      alg = 'HS256',
      key = secret,
    }: { sub?: string; iat?: number; exp?: number | null; alg?: string; key?: Uint8Array } = {},
  ): Promise<string> => {
    const jwt = new SignJWT({ name: actor.name, roles: [...actor.roles], ...claims })
      .setProtectedHeader({ alg, typ: 'JWT' })
      .setSubject(sub)
      .setIssuedAt(iat);
    return (exp === null ? jwt : jwt.setExpirationTime(exp)).sign(key);
  };
  const unsigned = (payload: object): string =>
    `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
  const entries: [string, Promise<string> | string][] = [
    ['signed with another secret', sign({}, { key: new TextEncoder().encode('not-the-secret-not-the-secret-not-the-secret') })],
    ['signed with HS512', sign({}, { alg: 'HS512' })],
    ['unsigned (alg none)', unsigned({ sub: actor.id, name: actor.name, roles: actor.roles, exp: SECONDS() + 3_600 })],
    ['expired', sign({}, { exp: SECONDS() - 60 })],
    ['without an expiry', sign({}, { exp: null })],
    ['issued a day from now', sign({}, { iat: SECONDS() + 86_400, exp: SECONDS() + 90_000 })],
    ['expiring in the year 9999', sign({}, { exp: 253_402_300_799 })],
    ['expiring at 2^53 seconds', sign({}, { exp: 2 ** 53 - 1 })],
    ['for the scheduler (a service actor)', sign({}, { sub: 'copydesk-scheduler' })],
    ['whose sub has NUL', sign({}, { sub: `${actor.id}\u0000` })],
    ['whose sub is a lone surrogate', sign({}, { sub: '\ud800' })],
    ['whose name has NUL', sign({ name: 'Eve\u0000' })],
    ['whose name has a lone surrogate', sign({ name: 'Eve\udc00' })],
    ['whose sub is 10,000 characters', sign({}, { sub: 's'.repeat(10_000) })],
    ['with roles null', sign({ roles: null })],
    ['with a role that is not a name', sign({ roles: [...actor.roles, 7] })],
  ];
  return { all: await Promise.all(entries.map(async ([what, token]) => ({ what, token: await token }))) };
}

/** Authorization headers that do not carry exactly one acceptable bearer token; `valid` is a good token for the route. */
export function authorizationFaults(valid: string, tokens: HostileTokens): fc.Arbitrary<HeaderFault> {
  const forms: [string, string[]][] = [
    ['empty', ['']],
    ['the scheme alone', ['Bearer']],
    ['the scheme and a space', ['Bearer ']],
    ['Basic credentials', ['Basic ZWRkaWU6c2VjcmV0']],
    ['a valid token and more after it', [`Bearer ${valid} extra`]],
    ['a token without its scheme', [valid]],
    ['another scheme with a valid token', [`Token ${valid}`]],
    ['a truncated token', [`Bearer ${valid.slice(0, -5)}`]],
    ['a token with a changed signature', [`Bearer ${withChangedSignature(valid)}`]],
    ['three dots', ['Bearer a.b.c']],
    ['two Authorization headers', [`Bearer ${valid}`, `Bearer ${valid}`]],
  ];
  return fc.oneof(
    fc
      .constantFrom(...forms)
      .map(([what, values]) => ({ fault: `Authorization: ${what}`, header: 'authorization', values, field: 'Authorization' })),
    fc.constantFrom(...tokens.all).map(({ what, token }) => ({
      fault: `a token ${what}`,
      header: 'authorization',
      values: [`Bearer ${token}`],
      field: 'Authorization',
    })),
  );
}

/**
 * Faults Node's HTTP parser meets before Fastify does: control characters in a header value or in
 * the request target, and a header section or request line over the 16 KB Node takes. No field is
 * expected to be named: the request never reaches a route.
 */
export function wireFaults(): fc.Arbitrary<{ fault: string; header?: [string, string]; targetSuffix?: string }> {
  return fc.oneof(
    fc.constantFrom('\u0000', '\u0001', '\u007f').map((control) => ({
      fault: `a header value with U+${control.charCodeAt(0).toString(16).padStart(4, '0')}`,
      header: ['x-note', `a${control}b`] as [string, string],
    })),
    fc.integer({ min: 17_000, max: 40_000 }).map((length) => ({
      fault: `a ${length}-byte header`,
      header: ['x-padding', 'p'.repeat(length)] as [string, string],
    })),
    fc.constantFrom('\u0001', '\u007f', '\u0000').map((control) => ({
      fault: `U+${control.charCodeAt(0).toString(16).padStart(4, '0')} raw in the request target`,
      targetSuffix: `?x=${control}`,
    })),
    fc
      .integer({ min: 17_000, max: 40_000 })
      .map((length) => ({ fault: `a ${length}-byte request target`, targetSuffix: `?x=${'u'.repeat(length)}` })),
  );
}

/** A character in the middle of the signature changed: its last character carries padding bits a decoder may ignore. */
function withChangedSignature(token: string): string {
  const at = token.lastIndexOf('.') + 10;
  return `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
}
