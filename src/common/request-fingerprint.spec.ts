import { requestFingerprint, type FingerprintedRequest } from './request-fingerprint';

const edit: FingerprintedRequest = {
  method: 'PATCH',
  path: '/articles/6b1f0c52-2f7c-4a51-9d5e-0d3f4a1b2c3d',
  ifMatch: '"3"',
  body: { headline: 'Bridge approved', tags: ['harbour', 'council'], leadImage: { url: 'https://x.test/a.jpg', alt: 'A' } },
};

describe('requestFingerprint', () => {
  it('is a sha256 in hex', () => {
    expect(requestFingerprint(edit)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same for the same body serialised with its keys in another order', () => {
    const reordered = {
      ...edit,
      body: { leadImage: { alt: 'A', url: 'https://x.test/a.jpg' }, tags: ['harbour', 'council'], headline: 'Bridge approved' },
    };
    expect(requestFingerprint(reordered)).toBe(requestFingerprint(edit));
  });

  it('reads an absent body as {}, as the validation pipe does', () => {
    const bare = { method: 'POST', path: '/articles/x/submit', ifMatch: '"2"', body: undefined };
    expect(requestFingerprint(bare)).toBe(requestFingerprint({ ...bare, body: {} }));
  });

  it('ignores whitespace around If-Match, which HTTP does not count', () => {
    expect(requestFingerprint({ ...edit, ifMatch: ' "3" ' })).toBe(requestFingerprint(edit));
  });

  it.each<[string, Partial<FingerprintedRequest>]>([
    ['method', { method: 'POST' }],
    ['path', { path: '/articles/6b1f0c52-2f7c-4a51-9d5e-0d3f4a1b2c3e' }],
    ['If-Match', { ifMatch: '"4"' }],
    ['If-Match left out', { ifMatch: undefined }],
    ['body field value', { body: { ...(edit.body as object), headline: 'Bridge refused' } }],
    ['body with a field more', { body: { ...(edit.body as object), section: 'local' } }],
    ['array order in the body', { body: { ...(edit.body as object), tags: ['council', 'harbour'] } }],
    ['null in place of a missing field', { body: { ...(edit.body as object), standfirst: null } }],
  ])('changes with the %s', (_, change) => {
    expect(requestFingerprint({ ...edit, ...change })).not.toBe(requestFingerprint(edit));
  });

  it('tells a number from the same digits in a string', () => {
    expect(requestFingerprint({ ...edit, body: { priority: 1 } })).not.toBe(
      requestFingerprint({ ...edit, body: { priority: '1' } }),
    );
  });

  it('cannot be confused by moving text between the parts', () => {
    const a = { method: 'POST', path: '/articles/a', ifMatch: '"1"', body: {} };
    const b = { method: 'POST', path: '/articles/a"', ifMatch: '1"', body: {} };
    expect(requestFingerprint(a)).not.toBe(requestFingerprint(b));
  });
});
