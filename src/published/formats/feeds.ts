import { Feed, type Item } from 'feed';
import type { PublicationConfig } from '../../config/app-config';
import type { PublishedArticle } from '../published-article';
import { articleUri, articleUrl } from './article-address';
import { articleHtml, correctionLines, escapeHtml } from './article-html';

export const FEED_FORMATS = ['atom', 'rss', 'json'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export interface FeedSelection {
  readonly section?: string;
  readonly tag?: string;
  /** `summary` leaves the article body out: the standfirst (or the first paragraph) and the correction notes only. */
  readonly content: 'full' | 'summary';
}

const DUBLIN_CORE = 'http://purl.org/dc/elements/1.1/';

/**
 * Atom 1.0, RSS 2.0 or JSON Feed 1.1 of `articles` (newest first, as the reader lists them), built
 * with the `feed` package. Each entry's id is the article's stable uri; its updated time is the
 * latest publication, so an update or a correction moves it, and the correction notes are shown.
 * `updatedAt` is when the list last changed (an unpublish changes it without changing any entry).
 */
export function articleFeed(
  format: FeedFormat,
  articles: readonly PublishedArticle[],
  updatedAt: Date,
  selection: FeedSelection,
  publication: PublicationConfig,
): string {
  const feed = new Feed({
    id: feedUrl(publication, format, selection),
    title: [publication.name, selection.section, selection.tag && `#${selection.tag}`].filter(Boolean).join(' · '),
    description: publication.tagline,
    link: publication.baseUrl,
    language: publication.language,
    image: publication.logoUrl,
    copyright: publication.copyrightNotice,
    updated: updatedAt,
    generator: 'Copydesk',
    author: { name: publication.name, link: publication.baseUrl },
    feedLinks: Object.fromEntries(FEED_FORMATS.map((each) => [each, feedUrl(publication, each, selection)])),
  });
  for (const article of articles) feed.addItem(entry(format, article, selection, publication));
  if (format === 'atom') return feed.atom1();
  if (format === 'rss') return feed.rss2();
  return jsonFeed11(feed.json1(), articles, publication);
}

export function feedUrl(publication: PublicationConfig, format: FeedFormat, selection: FeedSelection): string {
  const query = new URLSearchParams();
  if (selection.section) query.set('section', selection.section);
  if (selection.tag) query.set('tag', selection.tag);
  if (selection.content === 'summary') query.set('content', 'summary');
  const search = query.toString();
  return `${publication.baseUrl}/feeds/${format}${search ? `?${search}` : ''}`;
}

function entry(format: FeedFormat, article: PublishedArticle, selection: FeedSelection, publication: PublicationConfig): Item {
  return {
    // Atom's title here is typed html, so the plain headline is escaped for it; RSS and JSON take it as text.
    title: format === 'atom' ? escapeHtml(article.headline) : article.headline,
    id: articleUri(publication, article.id),
    link: articleUrl(publication, article),
    date: new Date(article.updatedAt),
    published: new Date(article.firstPublishedAt),
    description: summaryHtml(article),
    ...(selection.content === 'full' ? { content: articleHtml(article, { leadImage: true }) } : {}),
    ...(format === 'json' && article.leadImage ? { image: article.leadImage.url } : {}),
    // RSS names its authors with Dublin Core (see rssExtensions): its own <author> must be an e-mail address.
    ...(format === 'rss'
      ? {}
      : { author: article.authors.map((author) => ({ name: author.name, ...(author.url ? { link: author.url } : {}) })) }),
    category: [article.section, ...article.tags].map((name) => ({ name, term: name })),
    ...(format === 'rss' ? { extensions: rssExtensions(article) } : {}),
  };
}

function summaryHtml(article: PublishedArticle): string {
  const lead = article.standfirst ?? firstParagraph(article);
  return [lead ? `<p>${escapeHtml(lead)}</p>` : '', ...correctionLines(article).map((line) => `<p>${escapeHtml(line)}</p>`)].join(
    '',
  );
}

function firstParagraph(article: PublishedArticle): string | null {
  const paragraph = article.body.find((block) => block.type === 'paragraph');
  return paragraph?.type === 'paragraph' ? paragraph.text.replace(/<[^>]*>/g, '') : null;
}

/**
 * RSS 2.0's <author> must be an e-mail address, and it has no updated time: Dublin Core's creator
 * names each author, and atom:updated (the channel already declares Atom for its self link) carries
 * the latest publication. Dublin Core is declared on the element itself, since the channel declares
 * it only when it carries full content.
 */
function rssExtensions(article: PublishedArticle): Item['extensions'] {
  return [
    {
      name: 'dc:creator',
      objects: article.authors.map((author) => ({ _attributes: { 'xmlns:dc': DUBLIN_CORE }, _text: author.name })) as never,
    },
    { name: 'atom:updated', objects: { _text: article.updatedAt } },
  ];
}

/**
 * The package writes JSON Feed 1.0 with one author per item. 1.1 renamed `author` to `authors` (a
 * list, so every byline is kept) and added `language`; the rest is the same.
 */
function jsonFeed11(json: string, articles: readonly PublishedArticle[], publication: PublicationConfig): string {
  const { author, items, ...feed } = JSON.parse(json) as { author?: object; items: Record<string, unknown>[] };
  return JSON.stringify({
    ...feed,
    version: 'https://jsonfeed.org/version/1.1',
    language: publication.language,
    ...(author ? { authors: [author] } : {}),
    items: items.map(({ author: _first, ...item }, index) => ({
      ...item,
      authors: articles[index].authors.map((each) => ({ name: each.name, ...(each.url ? { url: each.url } : {}) })),
      language: articles[index].language,
    })),
  });
}
