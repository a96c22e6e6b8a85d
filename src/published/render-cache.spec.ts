import { RenderCache } from './render-cache';

describe('RenderCache', () => {
  it('keeps renderings by tag and drops the least recently used past its budget', () => {
    const cache = new RenderCache(12);
    cache.set('"a"', 'aa');
    cache.set('"b"', 'bb');
    cache.set('"c"', 'cc');
    expect(cache.get('"a"')).toBe('aa');
    cache.set('"d"', 'dd');
    expect(cache.get('"b"')).toBeUndefined();
    expect([cache.get('"a"'), cache.get('"c"'), cache.get('"d"')]).toEqual(['aa', 'cc', 'dd']);
  });

  it('does not keep a rendering larger than the whole budget', () => {
    const cache = new RenderCache(4);
    cache.set('"big"', 'abc');
    expect(cache.get('"big"')).toBeUndefined();
  });
});
