import type { SitemapEntry } from '../published-article';
import { articleUrl } from './article-address';
import { articlesSitemap, articlesSitemapIndex, newsSitemap } from './sitemaps';
import { everyArticle, publication, seed, seedArticle } from './testing/articles';
import { xmllint } from './testing/validators';

const entries = (): SitemapEntry[] => everyArticle().map(([, article]) => article);

describe('sitemaps', () => {
  it('the articles sitemap is valid by the sitemaps.org schema and lists each canonical URL with its last change', () => {
    const xml = articlesSitemap(entries(), publication);
    expect(xmllint(xml, 'sitemap')).toEqual([]);
    for (const entry of entries()) {
      expect(xml).toContain(
        `<url><loc>${articleUrl(publication, entry).replace(/&/g, '&amp;')}</loc><lastmod>${entry.updatedAt}</lastmod></url>`,
      );
    }
  });

  it('the news sitemap is valid by the sitemaps.org and Google News schemas and names the publication, language and title', () => {
    const xml = newsSitemap(entries(), publication);
    expect(xmllint(xml, 'news-sitemap')).toEqual([]);
    expect(xml).toContain(
      `<url><loc>https://news.example.org/world/russias-ally-belarus-cozies-up-to-china</loc><news:news><news:publication>` +
        `<news:name>The Example Times</news:name><news:language>en</news:language></news:publication>` +
        `<news:publication_date>2023-03-05T09:00:00.000Z</news:publication_date>` +
        `<news:title>${seed.draft.headline}</news:title></news:news></url>`,
    );
    // en-GB is "en" to Google News; markup characters in a headline are escaped.
    expect(xml).toContain('<news:title>Belarus &amp; China sign “all-weather” &lt;partnership&gt;</news:title>');
    expect(xml).toContain('<news:language>ar</news:language>');
  });

  it('the index lists one page per 50,000 articles and is valid by the sitemaps.org index schema', () => {
    const xml = articlesSitemapIndex(
      [{ lastModified: '2026-03-07T10:00:00.000Z' }, { lastModified: '2026-03-07T10:00:00.000Z' }],
      publication,
    );
    expect(xmllint(xml, 'siteindex')).toEqual([]);
    expect(xml).toContain('<loc>https://news.example.org/sitemaps/articles/1.xml</loc>');
    expect(xml).toContain('<loc>https://news.example.org/sitemaps/articles/2.xml</loc>');
  });

  it('the validators refuse a sitemap without locations and a news entry without a title', () => {
    expect(xmllint(articlesSitemap([seedArticle()], publication).replace(/<loc>[^<]*<\/loc>/, ''), 'sitemap')).not.toEqual([]);
    expect(
      xmllint(newsSitemap([seedArticle()], publication).replace(/<news:title>[^<]*<\/news:title>/, ''), 'news-sitemap'),
    ).not.toEqual([]);
  });

  it('an empty news sitemap is still a document (crawlers see "nothing new", not an error)', () => {
    expect(newsSitemap([], publication)).toContain('<urlset');
  });
});
