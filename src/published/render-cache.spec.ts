import { RenderCache } from './render-cache';

describe('RenderCache', () => {
  it('keeps renderings by tag and drops the least recently used past its budget', () => {
    const cache = new RenderCache(6);
    cache.set('"a"', Buffer.from('aa'));
    cache.set('"b"', Buffer.from('bb'));
    cache.set('"c"', Buffer.from('cc'));
    expect(cache.get('"a"')?.toString()).toBe('aa');
    cache.set('"d"', Buffer.from('dd'));
    expect(cache.get('"b"')).toBeUndefined();
    expect([cache.get('"a"'), cache.get('"c"'), cache.get('"d"')].map(String)).toEqual(['aa', 'cc', 'dd']);
  });

  it('does not keep a rendering larger than the whole budget', () => {
    const cache = new RenderCache(2);
    cache.set('"big"', Buffer.from('abc'));
    expect(cache.get('"big"')).toBeUndefined();
  });
});
