import { derivedEtag, notModified } from './conditional-get';

const request = (headers: Record<string, string>) => ({ headers });
const ETAG = '"abc"';
const CHANGED = new Date('2026-03-05T09:00:00.750Z');

describe('notModified', () => {
  it('matches If-None-Match against the ETag, weakly, in a list, or *', () => {
    expect(notModified(request({ 'if-none-match': '"abc"' }), ETAG, CHANGED)).toBe(true);
    expect(notModified(request({ 'if-none-match': 'W/"abc"' }), ETAG, CHANGED)).toBe(true);
    expect(notModified(request({ 'if-none-match': '"x", "abc"' }), ETAG, CHANGED)).toBe(true);
    expect(notModified(request({ 'if-none-match': '*' }), ETAG, CHANGED)).toBe(true);
    expect(notModified(request({ 'if-none-match': '"abd"' }), ETAG, CHANGED)).toBe(false);
  });

  it('lets If-None-Match win over If-Modified-Since', () => {
    expect(
      notModified(request({ 'if-none-match': '"old"', 'if-modified-since': 'Thu, 05 Mar 2026 10:00:00 GMT' }), ETAG, CHANGED),
    ).toBe(false);
  });

  it('compares If-Modified-Since in whole seconds, as HTTP dates are', () => {
    expect(notModified(request({ 'if-modified-since': 'Thu, 05 Mar 2026 09:00:00 GMT' }), ETAG, CHANGED)).toBe(true);
    expect(notModified(request({ 'if-modified-since': 'Thu, 05 Mar 2026 08:59:59 GMT' }), ETAG, CHANGED)).toBe(false);
    expect(notModified(request({ 'if-modified-since': 'yesterday' }), ETAG, CHANGED)).toBe(false);
    expect(notModified(request({ 'if-modified-since': 'Thu, 05 Mar 2026 09:00:00 GMT' }), ETAG, null)).toBe(false);
  });

  it('is false for an unconditional request', () => {
    expect(notModified(request({}), ETAG, CHANGED)).toBe(false);
  });
});

describe('derivedEtag', () => {
  it('is a quoted, stable tag that changes with any part', () => {
    expect(derivedEtag('a', 'b')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(derivedEtag('a', 'b')).toBe(derivedEtag('a', 'b'));
    expect(derivedEtag('a', 'b')).not.toBe(derivedEtag('ab'));
  });
});
