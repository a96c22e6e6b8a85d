import type { PublishedVersion } from './published-articles.reader';
import { RecentVersions } from './recent-versions';

const live = (etag: string): PublishedVersion => ({ state: 'live', etag, lastModified: new Date(0) });

function given(freshForMs: number) {
  let time = 0;
  let stored: PublishedVersion = live('"1"');
  const reads: string[] = [];
  const versions = new RecentVersions(freshForMs, 2, () => time);
  const read = async (slug: string) => {
    reads.push(slug);
    return stored;
  };
  return {
    versions,
    reads,
    of: (slug: string) => versions.of(slug, read),
    store: (version: PublishedVersion) => (stored = version),
    wait: (ms: number) => (time += ms),
  };
}

describe('RecentVersions', () => {
  it('given a slug read a moment ago, answers it without reading again', async () => {
    const { of, reads } = given(1000);
    await of('belarus');
    expect(await of('belarus')).toEqual(live('"1"'));
    expect(reads).toEqual(['belarus']);
  });

  it('given an entry older than its freshness, reads the slug again and answers the new version', async () => {
    const { of, reads, store, wait } = given(1000);
    await of('belarus');
    store(live('"2"'));
    wait(1000);
    expect(await of('belarus')).toEqual(live('"2"'));
    expect(reads).toEqual(['belarus', 'belarus']);
  });

  it('given a publication committed here, forgets every entry at once', async () => {
    const { of, reads, store, versions } = given(60_000);
    await of('belarus');
    store({ state: 'withdrawn' });
    versions.forgetAll();
    expect(await of('belarus')).toEqual({ state: 'withdrawn' });
    expect(reads).toHaveLength(2);
  });

  it('given a slug that is not live, keeps nothing: it is read again next time', async () => {
    const { of, reads, store } = given(60_000);
    store({ state: 'absent' });
    await of('belarus');
    store(live('"1"'));
    expect(await of('belarus')).toEqual(live('"1"'));
    expect(reads).toHaveLength(2);
  });

  it('given a read that was under way when the entries were forgotten, answers it but does not keep it', async () => {
    const { versions, reads } = given(60_000);
    let finish: (version: PublishedVersion) => void = () => undefined;
    const slow = versions.of('belarus', () => new Promise((resolve) => (finish = resolve)));
    versions.forgetAll();
    finish(live('"old"'));
    expect(await slow).toEqual(live('"old"'));
    expect(await versions.of('belarus', async (slug) => (reads.push(slug), live('"new"')))).toEqual(live('"new"'));
  });

  it('given no freshness, reads every time', async () => {
    const { of, reads } = given(0);
    await of('belarus');
    await of('belarus');
    expect(reads).toHaveLength(2);
  });

  it('given more slugs than it holds, lets the oldest go first', async () => {
    const { of, reads } = given(60_000);
    await of('a');
    await of('b');
    await of('c');
    await of('c');
    await of('b');
    await of('a');
    expect(reads).toEqual(['a', 'b', 'c', 'a']);
  });
});
