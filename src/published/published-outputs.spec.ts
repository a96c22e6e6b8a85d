import { Clock } from '../common/clock';
import { loadConfig } from '../config/app-config';
import { xmllint } from './formats/testing/validators';
import type { ListSelection, PublishedArticlesReader } from './published-articles.reader';
import { PublishedOutputs } from './published-outputs';
import { RecentVersions } from './recent-versions';

/** A reader that says there are `live` articles, with a version that never changes. */
function readerOf(live: number): PublishedArticlesReader {
  const changedAt = new Date('2026-03-07T10:00:00.000Z');
  return {
    liveCount: async () => live,
    listVersion: async (selection: ListSelection) => ({
      fingerprint: 'f',
      count: Math.max(0, Math.min(selection.limit, live - (selection.offset ?? 0))),
      changedAt,
    }),
    sitemapEntries: async () => ({ articles: [], etags: [], changedAt }),
  } as unknown as PublishedArticlesReader;
}

const outputs = (live: number) =>
  new PublishedOutputs(
    readerOf(live),
    new RecentVersions(0),
    new Clock(),
    loadConfig({ PUBLIC_BASE_URL: 'https://news.example.org' }),
  );

describe('the articles sitemap past 50,000 articles', () => {
  it('becomes an index of pages of 50,000, valid by the sitemaps.org index schema', async () => {
    const representation = await outputs(120_000).articlesSitemap();
    const { body, etag } = await representation.render();
    expect(etag).toBe(representation.etag);
    const xml = body.toString();
    expect(xmllint(xml, 'siteindex')).toEqual([]);
    expect(xml.match(/<loc>[^<]*<\/loc>/g)).toEqual([
      '<loc>https://news.example.org/sitemaps/articles/1.xml</loc>',
      '<loc>https://news.example.org/sitemaps/articles/2.xml</loc>',
      '<loc>https://news.example.org/sitemaps/articles/3.xml</loc>',
    ]);
    expect(xml).toContain('<lastmod>2026-03-07T10:00:00.000Z</lastmod>');
  });

  it('has pages up to the last article, and a 404 past them', async () => {
    await expect(outputs(120_000).articlesSitemapPage(3)).resolves.toMatchObject({ contentType: expect.stringMatching(/xml/) });
    await expect(outputs(120_000).articlesSitemapPage(4)).rejects.toMatchObject({ problemDetails: { status: 404 } });
  });

  it('stays one sitemap up to 50,000', async () => {
    const { body } = await (await outputs(50_000).articlesSitemap()).render();
    expect(body.toString()).toContain('<urlset');
  });
});
