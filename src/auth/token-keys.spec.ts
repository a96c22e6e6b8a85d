import { errors, type JWTVerifyGetKey } from 'jose';
import { KeysUnavailable, reportingUnavailability } from './token-keys';

const header = { alg: 'RS256', kid: 'k1' };
const token = { payload: '', signature: '' } as Parameters<JWTVerifyGetKey>[1];
const throwing =
  (error: unknown): JWTVerifyGetKey =>
  () =>
    Promise.reject(error);

describe("the identity provider's key set", () => {
  it.each([
    ['the connection is refused', new TypeError('fetch failed')],
    ['the provider is too slow', new errors.JWKSTimeout()],
    ['the provider answers 500', new errors.JOSEError('Expected 200 OK from the JSON Web Key Set HTTP response')],
    ['the provider answers something that is not a key set', new errors.JWKSInvalid()],
  ])('reports it unavailable when %s', async (_what, error) => {
    await expect(reportingUnavailability(throwing(error))(header, token)).rejects.toBeInstanceOf(KeysUnavailable);
  });

  it.each([
    ['no key has the token’s kid', new errors.JWKSNoMatchingKey()],
    ['several keys fit', new errors.JWKSMultipleMatchingKeys()],
  ])('leaves it to the token when %s', async (_what, error) => {
    await expect(reportingUnavailability(throwing(error))(header, token)).rejects.toBe(error);
  });
});
