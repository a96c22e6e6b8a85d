import type { PublicationConfig } from '../../config/app-config';
import type { SitemapEntry } from '../published-article';
import { articleUrl } from './article-address';

/** The sitemaps protocol's limit of URLs in one file, and of files in one index. */
export const SITEMAP_MAX_URLS = 50_000;

const SITEMAP = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const GOOGLE_NEWS = 'http://www.google.com/schemas/sitemap-news/0.9';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** A sitemap of articles (sitemaps.org 0.9): each live article's canonical URL and when it last changed. */
export function articlesSitemap(entries: readonly SitemapEntry[], publication: PublicationConfig): string {
  const urls = entries.map(
    (entry) => `<url><loc>${escapeXml(articleUrl(publication, entry))}</loc><lastmod>${entry.updatedAt}</lastmod></url>`,
  );
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP}">\n${urls.join('\n')}\n</urlset>\n`;
}

/**
 * The index that replaces the articles sitemap once there are more live articles than one sitemap
 * may list: one page per SITEMAP_MAX_URLS articles, newest first, each with the time it last changed.
 */
export function articlesSitemapIndex(
  pages: readonly { readonly lastModified: string }[],
  publication: PublicationConfig,
): string {
  const sitemaps = pages.map(
    (page, index) =>
      `<sitemap><loc>${escapeXml(articlesSitemapPageUrl(publication, index + 1))}</loc><lastmod>${page.lastModified}</lastmod></sitemap>`,
  );
  return `${XML_DECLARATION}<sitemapindex xmlns="${SITEMAP}">\n${sitemaps.join('\n')}\n</sitemapindex>\n`;
}

export function articlesSitemapPageUrl(publication: PublicationConfig, page: number): string {
  return `${publication.baseUrl}/sitemaps/articles/${page}.xml`;
}

/**
 * A Google News sitemap: the articles first published in the last two days, with the publication's
 * name, the article's language, its first publication time and headline.
 */
export function newsSitemap(entries: readonly SitemapEntry[], publication: PublicationConfig): string {
  const urls = entries.map(
    (entry) =>
      `<url><loc>${escapeXml(articleUrl(publication, entry))}</loc><news:news><news:publication>` +
      `<news:name>${escapeXml(publication.name)}</news:name><news:language>${newsLanguage(entry.language)}</news:language>` +
      `</news:publication><news:publication_date>${entry.firstPublishedAt}</news:publication_date>` +
      `<news:title>${escapeXml(entry.headline)}</news:title></news:news></url>`,
  );
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP}" xmlns:news="${GOOGLE_NEWS}">\n${urls.join('\n')}\n</urlset>\n`;
}

/** Google News wants ISO 639 codes, except Chinese, which it tells apart as zh-cn and zh-tw. */
function newsLanguage(language: string): string {
  const lower = language.toLowerCase();
  if (lower.startsWith('zh')) return /-(tw|hk|mo|hant)\b/.test(lower) ? 'zh-tw' : 'zh-cn';
  return lower.split('-')[0];
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => XML_ESCAPES[character]);
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
